// The one seam between the face pipeline and an ONNX runtime. The pipeline (detect, landmark,
// embed, analyze) only sees these interfaces, so the same code runs on onnxruntime-web in the
// browser's inference worker and on onnxruntime-node in the eval command and tests.

/** A dense float tensor: row-major data and its dimensions. */
export interface FloatTensor {
  data: Float32Array;
  dims: readonly number[];
}

/** One loaded model: named float inputs in, named float outputs out. */
export interface TensorRunner {
  run(feeds: Record<string, FloatTensor>): Promise<Record<string, FloatTensor>>;
  /** Frees the session; the runner must not be used afterwards. */
  release?(): Promise<void>;
}

/** Loads a model file by its name in the registry (e.g. `fr_detect.onnx`). */
export interface ModelLoader {
  load(file: string): Promise<TensorRunner>;
  /**
   * Downloads and checks a model file without starting it (the `load` that follows only starts
   * it), so the network's time can be told apart from the runtime's. Optional: loaders that
   * read local files have nothing to download.
   */
  fetch?(file: string): Promise<void>;
}

/** The output of `runner` called `name`, or a clear error naming the model. */
export function requireOutput(
  outputs: Record<string, FloatTensor>,
  name: string,
  model: string,
): FloatTensor {
  const tensor = outputs[name];
  if (!tensor) {
    throw new Error(
      `model ${model} returned no output "${name}" (got ${Object.keys(outputs).join(', ')})`,
    );
  }
  return tensor;
}
