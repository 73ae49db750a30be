// The app's face pipeline (src/ml) wired to onnxruntime-node and sharp for the eval command:
// decode a photo file, analyse it with the app's defaults, cache results by path for the run.
import {
  analyzeImage,
  centralDetection,
  loadPipelineModels,
  type FaceAnalysis,
  type PipelineModels,
} from '../../src/ml/analyze';
import type { DetectionOptions } from '../../src/ml/detect';
import type { EmbeddingModelId } from '../../src/domain/recognition/models';
import { decodeImageFile } from '../lib/decode-node';
import { createNodeModelLoader } from '../lib/node-models';

export class EvalPipeline {
  private readonly centralCache = new Map<string, Float32Array | null>();
  /** Milliseconds spent decoding + analysing, and how many images that covered. */
  analysedImages = 0;
  analysisMs = 0;

  private constructor(
    readonly models: PipelineModels,
    readonly model: EmbeddingModelId,
    readonly detection: DetectionOptions,
  ) {}

  static async create(model: EmbeddingModelId, detection: DetectionOptions) {
    const models = await loadPipelineModels(createNodeModelLoader(), [model]);
    return new EvalPipeline(models, model, detection);
  }

  /** Every face of the photo at `path`, analysed and embedded. */
  async analyse(path: string, central = false): Promise<FaceAnalysis[]> {
    const t0 = performance.now();
    const image = await decodeImageFile(path);
    const faces = await analyzeImage(image, this.models, {
      embeddingModels: [this.model],
      detection: this.detection,
      ...(central ? { selectDetections: centralDetection } : {}),
    });
    this.analysisMs += performance.now() - t0;
    this.analysedImages++;
    return faces;
  }

  /** The embedding of the face nearest the image centre (LFW layout), or null: no face. */
  async centralEmbedding(path: string): Promise<Float32Array | null> {
    const cached = this.centralCache.get(path);
    if (cached !== undefined) return cached;
    const [face] = await this.analyse(path, true);
    const vector = face?.embeddings[this.model] ?? null;
    this.centralCache.set(path, vector);
    return vector;
  }

  msPerImage(): number {
    return this.analysedImages === 0 ? 0 : this.analysisMs / this.analysedImages;
  }
}
