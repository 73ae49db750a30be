// The choices a teacher has for a class's recognition (face model and preset), with what each
// trades in plain words. The numbers behind each preset live in src/ml/presets.ts.
import type { EmbeddingModelId } from '../ml/registry';

export const PRESET_NAMES = ['balanced', 'high-precision', 'fast'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];
export const DEFAULT_PRESET: PresetName = 'balanced';

export function isPresetName(value: unknown): value is PresetName {
  return typeof value === 'string' && (PRESET_NAMES as readonly string[]).includes(value);
}

export interface Choice {
  label: string;
  /** What it trades, for the teacher. */
  trade: string;
}

export const PRESET_CHOICES: Record<PresetName, Choice> = {
  balanced: {
    label: 'Balanced (recommended)',
    trade:
      'The settings Rollcall was tested with: most faces get a name, and wrong names are very rare.',
  },
  'high-precision': {
    label: 'High precision',
    trade:
      'Names a face only when Rollcall is very sure. Fewer wrong names, but more faces are left for you to check.',
  },
  fast: {
    label: 'Fast',
    trade:
      'Decides from the single most similar face, with a higher bar to make up for it: a few more faces are left for you to check. Made to go with the FaceNet model.',
  },
};

/** Every face model, in the order offered (typed by the registry: a new model must be added). */
export const MODEL_CHOICES: Record<EmbeddingModelId, Choice> = {
  arcface: {
    label: 'ArcFace (recommended)',
    trade:
      'The more accurate model: it tells people apart best and rarely mistakes a visitor for a student.',
  },
  facenet: {
    label: 'FaceNet',
    trade:
      'A smaller model. It mixes up similar-looking people and visitors more often than ArcFace, so more faces are left for you to check.',
  },
};
