// The card's EmbeddingService for Node: generateEmbedding takes a file path (the card's
// `generate_embedding('/path/to/face.jpg')`) or the file's bytes, and runs the app's own pipeline
// on onnxruntime-node unless another InferenceApi is given.
import { readFile } from 'node:fs/promises';
import { notFoundError } from '../contracts/errors';
import type { InferenceApi } from '../contracts/inference';
import { EmbeddingService as PipelineEmbeddingService } from '../ml/embedding-service';
import { createNodeInference } from '../../scripts/lib/node-inference';

let sharedInference: InferenceApi | undefined;

/** One onnxruntime-node pipeline for every service that is not given one (models load once). */
export function nodeInference(): InferenceApi {
  return (sharedInference ??= createNodeInference());
}

export class EmbeddingService extends PipelineEmbeddingService {
  constructor({ modelName, inference }: { modelName?: string; inference?: InferenceApi } = {}) {
    super({
      inference: inference ?? nodeInference(),
      ...(modelName !== undefined && { modelName }),
    });
  }

  /**
   * The embedding of the largest face in the photo at `image` (a path) or in these bytes. A
   * missing file is a 'not-found' error, an image with no face a 'validation' error.
   */
  override async generateEmbedding(image: string | Uint8Array): Promise<Float32Array> {
    return super.generateEmbedding(typeof image === 'string' ? await readPhoto(image) : image);
  }
}

async function readPhoto(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw notFoundError(`There is no file at ${path}.`, { path });
    }
    throw error;
  }
}
