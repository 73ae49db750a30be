// The core worker's handle on the inference worker. The page starts that worker and hands the
// core a MessagePort to it (InferenceHost), so no worker is nested and onnxruntime-web's WASM
// threads work in every engine; photos and vectors still go straight between the two workers.
//
// Every call has a time limit: if face analysis says nothing (no answer, no progress) for that
// long, the worker is ended and the call fails in plain words, instead of leaving a photo at
// "Reading the photo" forever. A crashed worker fails its calls the same way. The next call
// starts a fresh worker.
import { proxy, transfer, wrap, type Remote } from 'comlink';
import { AppError, toAppError } from '../contracts/errors';
import type { InferenceApi, InferenceHost, ProgressCallback } from '../contracts/inference';

/**
 * How long face analysis may stay silent. The first call loads the models (about 55 MB, from
 * the device's cache) before it reports anything: a slow tablet needs well under a minute.
 */
export const INFERENCE_ANSWER_LIMIT_MS = 120_000;
/** A cancel is only a message: a worker that does not take it within this time is stuck. */
const CANCEL_LIMIT_MS = 5_000;

export const INFERENCE_TIMEOUT_MESSAGE =
  'Face analysis stopped answering on this device, so this photo was not analysed. Choose Retry; if it happens again, close other apps or tabs and try once more.';

export const INFERENCE_CRASH_MESSAGE =
  'The face analysis stopped unexpectedly. It will restart with the next photo.';

export interface InferenceClientOptions {
  answerLimitMs?: number;
}

export function createInferenceClient(
  host: () => Promise<Remote<InferenceHost> | InferenceHost>,
  options: InferenceClientOptions = {},
): InferenceApi {
  const answerLimitMs = options.answerLimitMs ?? INFERENCE_ANSWER_LIMIT_MS;
  /** The connected worker; `generation` tells a late crash report of an old worker apart. */
  let remote: Promise<Remote<InferenceApi>> | undefined;
  let generation = 0;
  const pending = new Set<(error: AppError) => void>();

  /** Fails every call in flight and drops the worker; the next call starts a new one. */
  const reset = (error: AppError, stopWorker: boolean) => {
    generation += 1;
    remote = undefined;
    if (stopWorker) void Promise.resolve(host()).then((h) => h.stop());
    for (const reject of [...pending]) reject(error);
    pending.clear();
  };

  const connect = (): Promise<Remote<InferenceApi>> => {
    if (remote) return remote;
    const mine = generation;
    const onCrash = (message: string) => {
      if (mine !== generation) return;
      reset(new AppError('model-load-failed', INFERENCE_CRASH_MESSAGE, { cause: message }), false);
    };
    remote = (async () => {
      const h = await host();
      const port = await h.connect(proxy(onCrash));
      return wrap<InferenceApi>(port);
    })();
    remote.catch(() => {
      if (mine === generation) remote = undefined;
    });
    return remote;
  };

  /**
   * Runs a call with the time limit. `alive` restarts the clock: progress reports prove the
   * worker is still working, so a large photo is not cut short while it makes progress.
   */
  const limited = <T>(call: (r: Remote<InferenceApi>, alive: () => void) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const fail = (error: AppError) => {
        clearTimeout(timer);
        pending.delete(fail);
        reject(error);
      };
      const alive = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          reset(
            new AppError('model-load-failed', INFERENCE_TIMEOUT_MESSAGE, {
              cause: `no answer from face analysis within ${answerLimitMs / 1000} s`,
              timeout: true,
            }),
            true,
          );
        }, answerLimitMs);
      };
      pending.add(fail);
      alive();
      connect()
        .then((r) => call(r, alive))
        .then(
          (value) => {
            if (!pending.has(fail)) return;
            clearTimeout(timer);
            pending.delete(fail);
            resolve(value);
          },
          (error: unknown) => {
            if (!pending.has(fail)) return;
            clearTimeout(timer);
            pending.delete(fail);
            reject(toAppError(error));
          },
        );
    });

  return {
    getRuntimeInfo: () => limited((r) => r.getRuntimeInfo()),
    analyzePhoto: (request, onProgress) =>
      limited((r, alive) =>
        r.analyzePhoto(
          // Processing moves the photo's bytes to the worker instead of copying them.
          request.handOverBytes ? transfer(request, [request.bytes.buffer]) : request,
          proxy<ProgressCallback>((stage, completed, total) => {
            alive();
            onProgress?.(stage, completed, total);
          }),
        ),
      ),
    embedFaces: (request) => limited((r) => r.embedFaces(request)),
    cancel: async (jobId) => {
      const worker = await remote?.catch(() => undefined);
      if (!worker) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stuck = new Promise<void>((resolve) => (timer = setTimeout(resolve, CANCEL_LIMIT_MS)));
      await Promise.race([worker.cancel(jobId), stuck]).finally(() => clearTimeout(timer));
    },
  };
}
