// The core worker's handle on the inference worker: created lazily, once, and restarted if it
// crashes. Progress callbacks are passed as comlink proxies; photos and vectors go straight
// between the two workers, never through the main thread.
import { proxy, transfer, wrap, type Remote } from 'comlink';
import { AppError } from '../contracts/errors';
import type { InferenceApi } from '../contracts/inference';

export function createInferenceClient(): InferenceApi {
  let worker: Worker | undefined;
  let remote: Remote<InferenceApi> | undefined;
  let crashed: ((error: AppError) => void)[] = [];

  const connect = (): Remote<InferenceApi> => {
    if (remote) return remote;
    worker = new Worker(new URL('../ml/inference.worker.ts', import.meta.url), {
      type: 'module',
      name: 'rollcall-inference',
    });
    worker.onerror = (event) => {
      event.preventDefault();
      const error = new AppError(
        'model-load-failed',
        'The face analysis stopped unexpectedly. It will restart with the next photo.',
        {
          cause: event.message,
        },
      );
      for (const reject of crashed) reject(error);
      crashed = [];
      worker?.terminate();
      worker = undefined;
      remote = undefined;
    };
    remote = wrap<InferenceApi>(worker);
    return remote;
  };

  /** Rejects when the worker dies, so a crash fails the photo instead of hanging the queue. */
  const guarded = <T>(call: (r: Remote<InferenceApi>) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      crashed.push(reject);
      call(connect())
        .then(resolve, reject)
        .finally(() => (crashed = crashed.filter((r) => r !== reject)));
    });

  return {
    getRuntimeInfo: () => guarded((r) => r.getRuntimeInfo()),
    analyzePhoto: (request, onProgress) =>
      guarded((r) =>
        r.analyzePhoto(
          request.handOverBytes ? transfer(request, [request.bytes.buffer]) : request,
          onProgress ? proxy(onProgress) : undefined,
        ),
      ),
    embedFaces: (request) => guarded((r) => r.embedFaces(request)),
    cancel: (jobId) => (remote ? remote.cancel(jobId) : Promise.resolve()),
  };
}
