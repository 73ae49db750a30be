// The core worker's handle on the inference worker. The page starts that worker and hands the
// core a MessagePort to it (InferenceHost), so no worker is nested and onnxruntime-web's WASM
// threads work in every engine; photos and vectors still go straight between the two workers.
//
// Every call has a time limit: if face analysis says nothing (no answer, no progress) for that
// long, the worker is ended and the call fails in plain words, instead of leaving a photo at
// "Reading the photo" forever. A crashed worker fails its calls the same way. The next call
// starts a fresh worker.
//
// WASM threads sometimes never answer (WebKit with SharedArrayBuffer, Firefox ESR; issue 11).
// So when a worker with several threads hangs or crashes, the host switches this device to one
// thread and the calls that were in flight run once more on a fresh one-thread worker: the
// teacher's photo is analysed, only more slowly, and later photos use one thread too.
import { proxy, transfer, wrap, type Remote } from 'comlink';
import { AppError, toAppError } from '../contracts/errors';
import {
  MODEL_FILES_READY,
  type InferenceApi,
  type InferenceHost,
  type ProgressCallback,
} from '../contracts/inference';
import type { PhotoStage } from '../contracts/photos';

/**
 * How long face analysis may stay silent while it downloads the model files: the first call
 * fetches about 21 MB, 34 MB with WebGPU (from the device's cache, or on a first visit over the
 * school's network).
 */
export const INFERENCE_LOAD_LIMIT_MS = 120_000;
/**
 * How long it may stay silent once the model files are in: starting the models and running
 * them use only the device's processor. It reports when the files are in, when it starts
 * detecting, after every pyramid level and every embedded face; measured on this loaded 2-core
 * machine the longest of those silences is under 1 s in Node and a few seconds in the
 * engines' WASM, so 30 s means hung, not slow, even on a slow tablet. The WASM-thread hang
 * (issue 11) comes here, so the one-thread retry starts after 30 s instead of 120 s.
 */
export const INFERENCE_STALL_LIMIT_MS = 30_000;
/** A cancel is only a message: a worker that does not take it within this time is stuck. */
const CANCEL_LIMIT_MS = 5_000;

export const INFERENCE_TIMEOUT_MESSAGE =
  'Face analysis stopped answering on this device, so this photo was not analysed. Choose Retry; if it happens again, close other apps or tabs and try once more.';

export const INFERENCE_CRASH_MESSAGE =
  'The face analysis stopped unexpectedly. It will restart with the next photo.';

export interface InferenceClientOptions {
  loadLimitMs?: number;
  stallLimitMs?: number;
}

/** Whether a progress report means the model files are in (the stall limit applies). */
const pastDownload = (stage: PhotoStage, completed: number) =>
  stage === 'detecting' ||
  stage === 'embedding' ||
  (stage === MODEL_FILES_READY.stage && completed >= MODEL_FILES_READY.completed);

interface Connection {
  api: Remote<InferenceApi>;
  /** The WASM threads this worker was started with. */
  threads: number;
}

export function createInferenceClient(
  host: () => Promise<Remote<InferenceHost> | InferenceHost>,
  options: InferenceClientOptions = {},
): InferenceApi {
  const loadLimitMs = options.loadLimitMs ?? INFERENCE_LOAD_LIMIT_MS;
  const stallLimitMs = options.stallLimitMs ?? INFERENCE_STALL_LIMIT_MS;
  /** The connected worker; `generation` tells a late crash report of an old worker apart. */
  let connection: Promise<Connection> | undefined;
  let generation = 0;
  const pending = new Set<(error: AppError) => void>();
  /** For an error that ended a hung or crashed worker: whether the device switched to one thread. */
  const switchedToOneThread = new WeakMap<AppError, Promise<boolean>>();

  /** Asks the host for one thread if the worker that fell over had several. */
  const fallBackToOneThread = async (): Promise<boolean> => {
    const h = await host();
    if ((await h.threads()) <= 1) return false;
    await h.useOneThread();
    return true;
  };

  /** Fails every call in flight and drops the worker; the next call starts a new one. */
  const reset = (error: AppError, stopWorker: boolean) => {
    generation += 1;
    connection = undefined;
    const stopped = stopWorker ? Promise.resolve(host()).then((h) => h.stop()) : Promise.resolve();
    switchedToOneThread.set(
      error,
      stopped.then(fallBackToOneThread).catch(() => false),
    );
    for (const reject of [...pending]) reject(error);
    pending.clear();
  };

  const connect = (): Promise<Connection> => {
    if (connection) return connection;
    const mine = generation;
    const onCrash = (message: string) => {
      if (mine !== generation) return;
      reset(new AppError('model-load-failed', INFERENCE_CRASH_MESSAGE, { cause: message }), false);
    };
    connection = (async () => {
      const h = await host();
      const port = await h.connect(proxy(onCrash));
      return { api: wrap<InferenceApi>(port), threads: await h.threads() };
    })();
    connection.catch(() => {
      if (mine === generation) connection = undefined;
    });
    return connection;
  };

  /**
   * Runs a call with the time limit. `alive` restarts the clock: progress reports prove the
   * worker is still working, so a large photo is not cut short while it makes progress; a
   * report that the model files are in shortens the limit to the stall limit.
   */
  const limited = <T>(
    call: (c: Connection, alive: (stage: PhotoStage, completed: number) => void) => Promise<T>,
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let limitMs = loadLimitMs;
      const fail = (error: AppError) => {
        clearTimeout(timer);
        pending.delete(fail);
        reject(error);
      };
      const restartClock = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const phase =
            limitMs === loadLimitMs
              ? 'while getting the model files'
              : 'after the model files were in';
          reset(
            new AppError('model-load-failed', INFERENCE_TIMEOUT_MESSAGE, {
              cause: `no answer from face analysis within ${limitMs / 1000} s ${phase}`,
              timeout: true,
            }),
            true,
          );
        }, limitMs);
      };
      const alive = (stage: PhotoStage, completed: number) => {
        if (pastDownload(stage, completed)) limitMs = stallLimitMs;
        restartClock();
      };
      pending.add(fail);
      restartClock();
      connect()
        .then((c) => call(c, alive))
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

  /**
   * `limited`, run once more on a one-thread worker if the worker hung or crashed with several
   * threads. `call` gets whether this is the last try (its photo bytes may then be handed over).
   */
  const withOneThreadRetry = async <T>(
    call: (
      c: Connection,
      alive: (stage: PhotoStage, completed: number) => void,
      lastTry: boolean,
    ) => Promise<T>,
  ): Promise<T> => {
    try {
      return await limited((c, alive) => call(c, alive, c.threads <= 1));
    } catch (error) {
      const switched = error instanceof AppError ? switchedToOneThread.get(error) : undefined;
      if (!switched || !(await switched)) throw error;
      return limited((c, alive) => call(c, alive, true));
    }
  };

  return {
    getRuntimeInfo: () => limited(({ api }) => api.getRuntimeInfo()),
    analyzePhoto: (request, onProgress) =>
      withOneThreadRetry(({ api }, alive, lastTry) =>
        api.analyzePhoto(
          // Processing moves the photo's bytes to the worker instead of copying them, unless
          // they may be needed for a one-thread retry.
          request.handOverBytes && lastTry
            ? transfer(request, [request.bytes.buffer])
            : { ...request, handOverBytes: false },
          proxy<ProgressCallback>((stage, completed, total) => {
            alive(stage, completed);
            onProgress?.(stage, completed, total);
          }),
        ),
      ),
    embedFaces: (request) => withOneThreadRetry(({ api }) => api.embedFaces(request)),
    cancel: async (jobId) => {
      const worker = await connection?.catch(() => undefined);
      if (!worker) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stuck = new Promise<void>((resolve) => (timer = setTimeout(resolve, CANCEL_LIMIT_MS)));
      await Promise.race([worker.api.cancel(jobId), stuck]).finally(() => clearTimeout(timer));
    },
  };
}
