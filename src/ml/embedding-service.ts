// The card's EmbeddingService, in TypeScript: embed a face image with one model, and compare
// embeddings (cosine similarity, best match above a threshold, top-k). Runs wherever an
// InferenceApi does: the core worker (through the inference worker) or Node.
import { validationError } from '../contracts/errors';
import type { InferenceApi } from '../contracts/inference';
import { cosineSimilarity, type Vector } from '../domain/embedding/vectors';
import {
  DEFAULT_EMBEDDING_MODEL,
  isEmbeddingModelId,
  type EmbeddingModelId,
} from '../domain/recognition/models';
import { unknownModelMessage } from '../domain/recognition/parameters';
import { EMBEDDING_MODELS } from './registry';

export interface Match {
  index: number;
  score: number;
}

export interface EmbeddingServiceOptions {
  modelName?: string;
  inference: InferenceApi;
}

export class EmbeddingService {
  readonly modelName: EmbeddingModelId;
  private readonly inference: InferenceApi;

  constructor({ modelName = DEFAULT_EMBEDDING_MODEL, inference }: EmbeddingServiceOptions) {
    if (!isEmbeddingModelId(modelName)) throw validationError(unknownModelMessage(modelName));
    this.modelName = modelName;
    this.inference = inference;
  }

  get dimension(): number {
    return EMBEDDING_MODELS[this.modelName].outputDim;
  }

  /**
   * The embedding of the face in `image` (a photo file's bytes). With several faces, the largest
   * one is taken, as in a face photo; no face is a validation error.
   */
  async generateEmbedding(image: Uint8Array): Promise<Float32Array> {
    const analysis = await this.inference.analyzePhoto({
      jobId: crypto.randomUUID(),
      bytes: image,
      embeddingModels: [this.modelName],
    });
    const largest = [...analysis.faces].sort(
      (a, b) => b.box.width * b.box.height - a.box.width * a.box.height,
    )[0];
    const vector = largest?.embeddings.find((e) => e.modelId === this.modelName)?.vector;
    if (!vector) throw validationError('No face was found in this image.');
    return vector;
  }

  /** Cosine similarity of two embeddings of this model, in [-1, 1]. */
  calculateSimilarity(a: Vector, b: Vector): number {
    this.checkDimension(a);
    this.checkDimension(b);
    return cosineSimilarity(a, b);
  }

  /** The most similar candidate if its similarity reaches `threshold`, else null. */
  findBestMatch(
    query: Vector,
    candidates: readonly Vector[],
    { threshold }: { threshold: number },
  ): Match | null {
    const [best] = this.findTopKMatches(query, candidates, { k: 1 });
    return best && best.score >= threshold ? best : null;
  }

  /** The `k` most similar candidates, most similar first (ties: lower index first). */
  findTopKMatches(query: Vector, candidates: readonly Vector[], { k }: { k: number }): Match[] {
    if (!Number.isInteger(k) || k < 1)
      throw validationError('k must be a whole number of at least 1.');
    return candidates
      .map((candidate, index) => ({ index, score: this.calculateSimilarity(query, candidate) }))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, k);
  }

  private checkDimension(vector: Vector): void {
    if (vector.length !== this.dimension) {
      throw validationError(
        `A ${this.modelName} embedding has ${this.dimension} numbers; this one has ${vector.length}. Embeddings of different models cannot be compared.`,
      );
    }
  }
}
