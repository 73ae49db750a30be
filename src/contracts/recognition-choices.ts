// The choices a teacher has for a class's recognition (face model and preset), with what each
// trades in plain words. The names and the numbers behind each preset are the domain's
// (src/domain/recognition/presets.ts); the tables below are typed by them, so a new preset or
// model does not compile until it is described here.
import type { EmbeddingModelId } from '../domain/recognition/models';
import type { PresetName } from '../domain/recognition/presets';

export type { EmbeddingModelId, PresetName };

export interface Choice {
  label: string;
  /** What it trades, for the teacher. */
  trade: string;
}

/** A face model as offered in the class's Advanced settings: plain label, technical name aside. */
export interface ModelChoice extends Choice {
  /** The model's own name, shown only in the Advanced settings and Diagnostics. */
  technicalName: string;
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
      'Decides from the single most similar face, with a higher bar to make up for it: a few more faces are left for you to check. Made to go with “Faster” face recognition.',
  },
};

/** The presets in the order offered (the order of PRESET_CHOICES). */
export const PRESET_NAMES = Object.keys(PRESET_CHOICES) as PresetName[];

/** Every face model, in the order offered (typed by the registry: a new model must be added). */
export const MODEL_CHOICES: Record<EmbeddingModelId, ModelChoice> = {
  arcface: {
    label: 'Most accurate (recommended)',
    technicalName: 'ArcFace',
    trade: 'Tells people apart best and rarely mistakes a visitor for a student.',
  },
  facenet: {
    label: 'Faster',
    technicalName: 'FaceNet',
    trade:
      'Smaller and quicker, but it mixes up similar-looking people and visitors more often, so more faces are left for you to check.',
  },
};

/** A similarity range on one model's own scale, as shown in the settings' Advanced table. */
export interface ThresholdBands {
  low: string;
  medium: string;
  high: string;
}

/**
 * The card's "Parameter Guidelines" for each model in its own similarity scale (a cosine of 0.6
 * is a sure match for ArcFace and a stranger for FaceNet). Measured by scripts/bench/calibrate.ts
 * on lfw-dev; derivation and the full table in docs/PARAMETERS.md. medium = within 0.005 of the
 * best score (clustering: mean BCubed F; assignment: worst-seed min(knownCorrect,
 * unknownRejected)); low / high = the values below / above that band that still score >= 0.9.
 */
export const PARAMETER_GUIDELINES: Record<
  EmbeddingModelId,
  { clustering: ThresholdBands; assignment: ThresholdBands }
> = {
  arcface: {
    clustering: { low: '0.30-0.38', medium: '0.40-0.44', high: '0.46-0.56' },
    assignment: { low: '0.34-0.39', medium: '0.40-0.42', high: '0.43-0.50' },
  },
  facenet: {
    clustering: { low: '0.922-0.930', medium: '0.932-0.936', high: '0.938-0.942' },
    assignment: { low: '0.914-0.932', medium: '0.934', high: '0.936-0.942' },
  },
};
