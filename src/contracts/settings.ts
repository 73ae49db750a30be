// A class's recognition settings: which face model its photos are embedded with and which named
// parameter preset (src/domain/recognition/presets.ts) clustering and assignment use when the caller passes none.
import type { EmbeddingModelId } from '../domain/recognition/models';
import type { PresetName, PresetParameters } from '../domain/recognition/presets';
import type { ClassId } from './ids';

export interface ClassSettings {
  classId: ClassId;
  embeddingModel: EmbeddingModelId;
  preset: PresetName;
  /** The numbers the preset means for the class's model (src/domain/recognition/presets.ts). */
  parameters: PresetParameters;
  /** Faces of the class. */
  faceCount: number;
  /**
   * Faces without an embedding of the class's model yet: after a model change Rollcall computes
   * them in the background (and before any clustering or assignment).
   */
  facesMissingEmbedding: number;
}

export interface ClassSettingsInput {
  embeddingModel?: string;
  preset?: string;
}

export interface SettingsApi {
  getClassSettings(classId: ClassId): Promise<ClassSettings>;
  /** Audited. A new model starts computing the class's missing embeddings in the background. */
  updateClassSettings(classId: ClassId, input: ClassSettingsInput): Promise<ClassSettings>;
}
