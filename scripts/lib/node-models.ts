// onnxruntime-node implementation of the pipeline's ModelLoader, for the eval command, benches
// and tests. Reads the verified files that `npm run models` put in public/models/.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { MlError } from '../../src/ml/errors';
import { verifyModelBytes } from '../../src/ml/integrity';
import type { FloatTensor, ModelLoader, TensorRunner } from '../../src/ml/runtime';

export const RUNTIME_NAME = 'onnxruntime-node';
export const MODELS_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'public',
  'models',
);

export interface NodeLoaderOptions {
  /** Defaults to public/models/ of this checkout. */
  modelsDir?: string;
  intraOpNumThreads?: number;
}

class NodeRunner implements TensorRunner {
  constructor(private readonly session: ort.InferenceSession) {}

  async run(feeds: Record<string, FloatTensor>): Promise<Record<string, FloatTensor>> {
    const inputs: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      inputs[name] = new ort.Tensor('float32', t.data, [...t.dims]);
    }
    const outputs = await this.session.run(inputs);
    const result: Record<string, FloatTensor> = {};
    for (const [name, t] of Object.entries(outputs)) {
      if (t.type !== 'float32') throw new Error(`output ${name} is ${t.type}, expected float32`);
      result[name] = { data: t.data as Float32Array, dims: t.dims };
    }
    return result;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

export function createNodeModelLoader(options: NodeLoaderOptions = {}): ModelLoader {
  const dir = options.modelsDir ?? MODELS_DIR;
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: options.intraOpNumThreads ?? 2,
    interOpNumThreads: 1,
    logSeverityLevel: 3,
  };
  return {
    async load(file: string): Promise<TensorRunner> {
      let bytes: Buffer;
      try {
        bytes = await readFile(join(dir, file));
      } catch (error) {
        throw new MlError(
          'model-load-failed',
          `cannot read model ${file} in ${dir} (run \`npm run models\`): ${String(error)}`,
        );
      }
      await verifyModelBytes(file, bytes);
      const session = await ort.InferenceSession.create(bytes, sessionOptions);
      return new NodeRunner(session);
    },
  };
}
