import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { href } from '../../router';
import type { ClassId } from '../../../contracts/ids';
import type { ClassSettings } from '../../../contracts/settings';
import {
  MODEL_CHOICES,
  PARAMETER_GUIDELINES,
  PRESET_CHOICES,
  PRESET_NAMES,
  type PresetName,
} from '../../../contracts/recognition-choices';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading, LoadFailed } from '../../components/QueryState';
import { settingsMutations, settingsQueries } from './queries';
import { NO_AUTOFILL_FIELD, NO_AUTOFILL_FORM } from '../../components/no-autofill';

/**
 * The class's Advanced settings (on its Settings page): how faces are recognised (the face model,
 * offered as "Most accurate" / "Faster", and how careful to be), the technical table, and the
 * way to Diagnostics. The only place, with Diagnostics, where model names and numbers show.
 */
export function RecognitionSettings({ classId }: { classId: ClassId }) {
  const settings = useQuery(settingsQueries.detail(classId));
  return (
    <section aria-labelledby="recognition-heading" className="card">
      <h2 id="recognition-heading">Advanced: recognising faces</h2>
      <p className="hint">
        Rollcall works well as it comes. Change these only if it often names the wrong student, or
        leaves you too many faces to name.
      </p>
      {settings.isPending ? (
        <Loading label="Loading the settings…" />
      ) : settings.isError ? (
        <LoadFailed error={settings.error} />
      ) : (
        <SettingsForm settings={settings.data} />
      )}
      <p>
        <a className="link-target" href={href.diagnostics(classId)}>
          Diagnostics: check faces and test the settings
        </a>
      </p>
    </section>
  );
}

type EmbeddingModelId = ClassSettings['embeddingModel'];
const MODEL_IDS = Object.keys(MODEL_CHOICES) as EmbeddingModelId[];

function SettingsForm({ settings }: { settings: ClassSettings }) {
  const [model, setModel] = useState<EmbeddingModelId>(settings.embeddingModel);
  const [preset, setPreset] = useState<PresetName>(settings.preset);
  const modelId = useId();
  const presetId = useId();
  const errorId = useId();
  const mutation = useMutation({
    mutationFn: () => settingsMutations.update(settings.classId, { embeddingModel: model, preset }),
  });
  const unchanged = model === settings.embeddingModel && preset === settings.preset;
  const missing = settings.facesMissingEmbedding;

  return (
    <form
      {...NO_AUTOFILL_FORM}
      className="settings-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!mutation.isPending && !unchanged) mutation.mutate();
      }}
    >
      <div className="field">
        <label htmlFor={modelId}>Face recognition</label>
        <select
          {...NO_AUTOFILL_FIELD}
          id={modelId}
          value={model}
          onChange={(event) => setModel(event.target.value as EmbeddingModelId)}
          aria-describedby={`${modelId}-hint`}
        >
          {MODEL_IDS.map((id) => (
            <option key={id} value={id}>
              {MODEL_CHOICES[id].label}
            </option>
          ))}
        </select>
        <p className="hint" id={`${modelId}-hint`}>
          {MODEL_CHOICES[model].trade} (Technical name: {MODEL_CHOICES[model].technicalName}.)
          {model !== settings.embeddingModel
            ? ' Switching makes Rollcall look at every face of this class again; this takes a while, and runs in the background.'
            : null}
        </p>
      </div>
      <div className="field">
        <label htmlFor={presetId}>How careful to be</label>
        <select
          {...NO_AUTOFILL_FIELD}
          id={presetId}
          value={preset}
          onChange={(event) => setPreset(event.target.value as PresetName)}
          aria-describedby={`${presetId}-hint`}
        >
          {PRESET_NAMES.map((name) => (
            <option key={name} value={name}>
              {PRESET_CHOICES[name].label}
            </option>
          ))}
        </select>
        <p className="hint" id={`${presetId}-hint`}>
          {PRESET_CHOICES[preset].trade}
        </p>
      </div>
      <div className="button-row">
        <button
          type="submit"
          className="primary"
          aria-disabled={mutation.isPending || unchanged}
          aria-describedby={mutation.isError ? errorId : undefined}
        >
          {mutation.isPending ? 'Saving…' : 'Save settings'}
        </button>
        {mutation.isSuccess && unchanged ? <span role="status">Saved.</span> : null}
      </div>
      <ErrorMessage error={mutation.error} id={errorId} />
      <AdvancedGuidelines model={model} />
      {missing > 0 ? (
        <p role="status" className="hint">
          Getting faces ready for “{MODEL_CHOICES[settings.embeddingModel].label}”:{' '}
          {settings.faceCount - missing} of {settings.faceCount} ready.
        </p>
      ) : null}
    </form>
  );
}

/** The technical table, folded away: what low / medium / high mean on this model's scale. */
function AdvancedGuidelines({ model }: { model: EmbeddingModelId }) {
  const bands = PARAMETER_GUIDELINES[model];
  const rows = [
    { label: 'Grouping new faces (clustering similarity threshold)', bands: bands.clustering },
    { label: 'Naming known students (assignment similarity threshold)', bands: bands.assignment },
  ];
  return (
    <details className="advanced">
      <summary>
        Technical details: what the thresholds mean for {MODEL_CHOICES[model].technicalName}
      </summary>
      <p className="hint">
        Each face model has its own similarity scale, so the same number means different things for
        different models. Higher is stricter: fewer wrong names, more faces left for you. Medium is
        what Rollcall was tested with.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">Low</th>
            <th scope="col">Medium</th>
            <th scope="col">High</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{row.bands.low}</td>
              <td>{row.bands.medium}</td>
              <td>{row.bands.high}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
