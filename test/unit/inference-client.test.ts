// The core's inference client over a real MessagePort with comlink, as in the browser; the
// inference worker's side is a stand-in that hangs, reports progress or crashes on purpose.
import { expose } from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerErrorTransfer } from '../../src/contracts/error-transfer';
import { AppError } from '../../src/contracts/errors';
import type {
  AnalyzePhotoRequest,
  InferenceApi,
  InferenceHost,
  ProgressCallback,
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
} from '../../src/ml/execution-provider';

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

/** A host whose "worker" serves `api` over a fresh MessageChannel; records its calls. */
function hostServing(api: Partial<InferenceApi>) {
  const calls = { connect: 0, stop: 0 };
  let crash: ((message: string) => void) | undefined;
  const host: InferenceHost = {
    connect(onCrash) {
      calls.connect += 1;
      crash = onCrash;
      const channel = new MessageChannel();
      ports.push(channel.port1, channel.port2);
      expose(
        {
          getRuntimeInfo: never,
          embedFaces: never,
          cancel: () => Promise.resolve(),
          ...api,
        } satisfies Partial<InferenceApi>,
        channel.port1,
      );
      return channel.port2;
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
    const client = createInferenceClient(() => Promise.resolve(host), { answerLimitMs: 300 });
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
    const client = createInferenceClient(() => Promise.resolve(host), { answerLimitMs: 600 });
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
      answerLimitMs: 60_000,
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
