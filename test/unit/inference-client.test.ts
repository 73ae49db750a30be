// The core's inference client over a real MessagePort with comlink, as in the browser; the
// inference worker's side is a stand-in that hangs, reports progress or crashes on purpose.
import { expose } from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerErrorTransfer } from '../../src/contracts/error-transfer';
import { AppError } from '../../src/contracts/errors';
import {
  MODEL_FILES_READY,
  type AnalyzePhotoRequest,
  type InferenceApi,
  type InferenceHost,
  type ProgressCallback,
} from '../../src/contracts/inference';
import type { PhotoAnalysis } from '../../src/contracts/photos';
import {
  createInferenceClient,
  INFERENCE_CRASH_MESSAGE,
  INFERENCE_TIMEOUT_MESSAGE,
} from '../../src/core/inference-client';
import {
  canUseWasmThreads,
  singleThreadReason,
  wasmThreadCount,
} from '../../src/contracts/wasm-threads';

registerErrorTransfer();

const EMPTY: PhotoAnalysis = { width: 10, height: 10, faces: [] };
const request: AnalyzePhotoRequest = {
  jobId: 'job',
  bytes: new Uint8Array(1),
  embeddingModels: [],
};
const never = <T>() => new Promise<T>(() => undefined);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

/**
 * A host whose "worker" serves `api(threads)` over a fresh MessageChannel, starting with
 * `threads` WASM threads (1 after useOneThread, as the page's host does); records its calls.
 */
function hostServing(
  api: Partial<InferenceApi> | ((threads: number) => Partial<InferenceApi>),
  threads = 1,
) {
  const calls = { connect: 0, stop: 0, useOneThread: 0, threadsPerConnect: [] as number[] };
  let crash: ((message: string) => void) | undefined;
  let current = threads;
  const host: InferenceHost = {
    connect(onCrash) {
      calls.connect += 1;
      calls.threadsPerConnect.push(current);
      crash = onCrash;
      const channel = new MessageChannel();
      ports.push(channel.port1, channel.port2);
      expose(
        {
          getRuntimeInfo: never,
          embedFaces: never,
          cancel: () => Promise.resolve(),
          ...(typeof api === 'function' ? api(current) : api),
        } satisfies Partial<InferenceApi>,
        channel.port1,
      );
      return channel.port2;
    },
    threads: () => current,
    useOneThread() {
      calls.useOneThread += 1;
      current = 1;
    },
    stop() {
      calls.stop += 1;
    },
  };
  return { host, calls, crash: (message: string) => crash?.(message) };
}

describe('the inference client', () => {
  it('fails a photo in plain words when face analysis never answers, and ends the worker', async () => {
    const { host, calls } = hostServing({ analyzePhoto: never });
    const client = createInferenceClient(() => Promise.resolve(host), { loadLimitMs: 300 });
    const error = await client.analyzePhoto(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'model-load-failed', message: INFERENCE_TIMEOUT_MESSAGE });
    expect(calls.stop).toBe(1);

    // The next photo gets a fresh worker.
    await client.analyzePhoto(request).catch(() => undefined);
    expect(calls.connect).toBe(2);
  });

  it('keeps waiting while the worker reports progress, however long the photo takes', async () => {
    const { host, calls } = hostServing({
      analyzePhoto: async (_request: AnalyzePhotoRequest, onProgress?: ProgressCallback) => {
        // 8 x 150 ms is four times the answer limit, with progress well inside it each time.
        for (let tile = 1; tile <= 8; tile++) {
          await sleep(150);
          onProgress?.('detecting', tile, 8);
        }
        return EMPTY;
      },
    });
    const client = createInferenceClient(() => Promise.resolve(host), {
      loadLimitMs: 600,
      stallLimitMs: 600,
    });
    const stages: number[] = [];
    await expect(client.analyzePhoto(request, (_s, done) => stages.push(done))).resolves.toEqual(
      EMPTY,
    );
    // Progress travels on its own port, so the last report may land just after the answer.
    await vi.waitFor(() => expect(stages).toEqual([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(calls.stop).toBe(0);
  });

  it('fails the calls in flight when the worker crashes', async () => {
    const served = hostServing({ analyzePhoto: never });
    const client = createInferenceClient(() => Promise.resolve(served.host), {
      loadLimitMs: 60_000,
    });
    const pending = client.analyzePhoto(request).catch((e: unknown) => e);
    await sleep(50);
    served.crash('out of memory');
    await expect(pending).resolves.toMatchObject({
      code: 'model-load-failed',
      message: INFERENCE_CRASH_MESSAGE,
    });
  });
});

describe('the one-thread fallback', () => {
  /** A worker that hangs with several threads (as WASM threads sometimes do) and works with one. */
  const hangsWithThreads = (seen: number[]) => (threads: number) => ({
    analyzePhoto: (req: AnalyzePhotoRequest) => {
      seen.push(req.bytes.length);
      return threads > 1 ? never<PhotoAnalysis>() : Promise.resolve(EMPTY);
    },
  });

  it('analyses the photo on one thread when face analysis hangs with several, and keeps one thread', async () => {
    const seen: number[] = [];
    const { host, calls } = hostServing(hangsWithThreads(seen), 4);
    const client = createInferenceClient(() => Promise.resolve(host), { loadLimitMs: 300 });
    const photo = { ...request, bytes: new Uint8Array(1000), handOverBytes: true };
    await expect(client.analyzePhoto(photo)).resolves.toEqual(EMPTY);
    expect(calls).toMatchObject({ connect: 2, stop: 1, useOneThread: 1 });
    expect(calls.threadsPerConnect).toEqual([4, 1]);
    // The retry got the whole photo: its bytes were copied, not handed over, to the first try.
    expect(seen).toEqual([1000, 1000]);
    // The next photo goes straight to the one-thread worker.
    await expect(client.analyzePhoto({ ...photo, bytes: new Uint8Array(1000) })).resolves.toEqual(
      EMPTY,
    );
    expect(calls.connect).toBe(2);
  });

  it('retries only once: a one-thread worker that hangs fails the photo in plain words', async () => {
    const { host, calls } = hostServing({ analyzePhoto: never }, 2);
    const client = createInferenceClient(() => Promise.resolve(host), { loadLimitMs: 200 });
    await expect(client.analyzePhoto(request)).rejects.toMatchObject({
      code: 'model-load-failed',
      message: INFERENCE_TIMEOUT_MESSAGE,
    });
    expect(calls).toMatchObject({ connect: 2, stop: 2, useOneThread: 1 });
  });

  it('retries the calls in flight on one thread when a worker with several threads crashes', async () => {
    const served = hostServing(
      (threads) => ({
        analyzePhoto: () => (threads > 1 ? never<PhotoAnalysis>() : Promise.resolve(EMPTY)),
      }),
      2,
    );
    const client = createInferenceClient(() => Promise.resolve(served.host), {
      loadLimitMs: 60_000,
    });
    const first = client.analyzePhoto(request);
    const second = client.analyzePhoto({ ...request, jobId: 'second' });
    await sleep(50);
    served.crash('out of memory');
    await expect(Promise.all([first, second])).resolves.toEqual([EMPTY, EMPTY]);
    expect(served.calls).toMatchObject({ connect: 2, useOneThread: 1 });
  });

  it('detects a hang within the short stall limit once the models run, not the load limit', async () => {
    const { host, calls } = hostServing(
      (threads) => ({
        analyzePhoto: async (_req: AnalyzePhotoRequest, onProgress?: ProgressCallback) => {
          // Loading the models: silent for longer than the stall limit, which is fine.
          await sleep(400);
          onProgress?.('detecting', 0, 4);
          if (threads > 1) return never<PhotoAnalysis>();
          return EMPTY;
        },
      }),
      2,
    );
    const client = createInferenceClient(() => Promise.resolve(host), {
      loadLimitMs: 60_000,
      stallLimitMs: 250,
    });
    const started = Date.now();
    await expect(client.analyzePhoto(request)).resolves.toEqual(EMPTY);
    // Two loads (2 x 400 ms) and one stall (250 ms), far from the 60 s load limit.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(calls).toMatchObject({ connect: 2, useOneThread: 1 });
  });
  it('uses the short stall limit once the model files are in, while the models start', async () => {
    const { host, calls } = hostServing(
      (threads) => ({
        analyzePhoto: async (_req: AnalyzePhotoRequest, onProgress?: ProgressCallback) => {
          onProgress?.('decoding', 0, 1);
          await sleep(400); // downloading the model files: longer than the stall limit
          onProgress?.(
            MODEL_FILES_READY.stage,
            MODEL_FILES_READY.completed,
            MODEL_FILES_READY.total,
          );
          // Starting the models with several threads never finishes.
          return threads > 1 ? never<PhotoAnalysis>() : EMPTY;
        },
      }),
      4,
    );
    const client = createInferenceClient(() => Promise.resolve(host), {
      loadLimitMs: 60_000,
      stallLimitMs: 250,
    });
    const started = Date.now();
    await expect(client.analyzePhoto(request)).resolves.toEqual(EMPTY);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(calls.threadsPerConnect).toEqual([4, 1]);
  });
});

describe('WASM threads', () => {
  it('are used only when the page is isolated and has SharedArrayBuffer', () => {
    const isolated = { crossOriginIsolated: true, SharedArrayBuffer };
    // WebKitGTK: isolated, but SharedArrayBuffer hidden; onnxruntime-web then runs one thread.
    const webkit = { crossOriginIsolated: true, SharedArrayBuffer: undefined };
    const notIsolated = { crossOriginIsolated: false, SharedArrayBuffer };
    expect(canUseWasmThreads(isolated)).toBe(true);
    expect(wasmThreadCount(isolated, 8)).toBe(4);
    expect(wasmThreadCount(isolated, 2)).toBe(2);
    expect(wasmThreadCount(webkit, 8)).toBe(1);
    expect(wasmThreadCount(notIsolated, 8)).toBe(1);
    expect(singleThreadReason(isolated)).toBe('');
    expect(singleThreadReason(webkit)).toMatch(/does not share memory/);
    expect(singleThreadReason(notIsolated)).toMatch(/not isolated/);
  });
});
