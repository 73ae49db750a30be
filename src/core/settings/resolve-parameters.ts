// Which model and preset a clustering or assignment run uses: the caller's explicit choice,
// else the preset's own model (src/ml/presets.ts). The class's settings are filled in before
// this, by the core (class-settings.ts), so a bare service call still means "balanced".
import { validationError } from '../../contracts/errors';
import {
  DEFAULT_PRESET,
  isPresetName,
  PRESET_NAMES,
  preferredModel,
  presetParameters,
  type PresetParameters,
} from '../../ml/presets';
import { EMBEDDING_MODEL_IDS, isEmbeddingModelId } from '../../ml/registry';

export function resolvePreset(options: {
  embeddingModel?: string | undefined;
  preset?: string | undefined;
}): PresetParameters {
  const preset = options.preset ?? DEFAULT_PRESET;
  if (!isPresetName(preset)) {
    throw validationError(
      `There is no preset called “${preset}”. Use ${PRESET_NAMES.join(', ')}.`,
      { field: 'preset' },
    );
  }
  const model = options.embeddingModel ?? preferredModel(preset);
  if (!isEmbeddingModelId(model)) {
    throw validationError(
      `There is no face model called “${model}”. Use ${EMBEDDING_MODEL_IDS.join(' or ')}.`,
      { field: 'embeddingModel' },
    );
  }
  return presetParameters(preset, model);
}
