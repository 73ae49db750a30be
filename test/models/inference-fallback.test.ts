// The one-thread fallback end to end in Node: the core's inference client, over a real
// MessagePort with comlink, drives the real face pipeline with the real models on a real photo.
// The edge stand-in is the model session: with several threads its runs never answer, as
// onnxruntime-web's WASM threads sometimes do in WebKit and Firefox (issue 11).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expose } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { registerErrorTransfer } from '../../src/contracts/error-transfer';
import type { InferenceHost } from '../../src/contracts/inference';
import type { PhotoStage } from '../../src/contracts/photos';
import { createInferenceClient } from '../../src/core/inference-client';
import { createPhotoInference } from '../../src/ml/photo-inference';
import type { ModelLoader } from '../../src/ml/runtime';
import { nodeImageCodec } from '../../scripts/lib/node-inference';
import { createNodeModelLoader } from '../../scripts/lib/node-models';

registerErrorTransfer();

const GROUP_PHOTO = join(import.meta.dirname, '..', 'fixtures', 'photos', 'bbt4.jpg');

/** The real models, except that with several threads every run hangs (never resolves). */
function modelsThatHangWithThreads(threads: number): ModelLoader {
  const real = createNodeModelLoader({ intraOpNumThreads: threads });
  return {
    async load(file) {
      const runner = await real.load(file);
      if (threads <= 1) return runner;
      return { run: () => new Promise(() => undefined) };
    },
  };
}

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

/** The page's host, in-process: each "worker" is a fresh pipeline with the current threads. */
function pipelineHost(startThreads: number) {
  const log = { threadsPerWorker: [] as number[], stops: 0 };
  let threads = startThreads;
  const host: InferenceHost = {
    connect() {
      log.threadsPerWorker.push(threads);
      const channel = new MessageChannel();
      ports.push(channel.port1, channel.port2);
      const workerThreads = threads;
      expose(
        createPhotoInference(modelsThatHangWithThreads(threads), nodeImageCodec, () =>
          Promise.resolve({
            provider: 'wasm',
            threads: workerThreads,
            isCrossOriginIsolated: true,
            note: '',
          }),
        ),
        channel.port1,
      );
      return channel.port2;
    },
    threads: () => threads,
    useOneThread: () => {
      threads = 1;
    },
    stop: () => {
      log.stops += 1;
    },
  };
  return { host, log };
}

describe('face analysis that hangs with several threads', () => {
  it('still analyses the photo: the first run hangs, it is retried on one thread', async () => {
    const { host, log } = pipelineHost(2);
    // A short stall limit, as the real one is short next to the load limit.
    const client = createInferenceClient(() => Promise.resolve(host), {
      loadLimitMs: 60_000,
      stallLimitMs: 1_500,
    });
    const stages: PhotoStage[] = [];
    const bytes = new Uint8Array(readFileSync(GROUP_PHOTO));
    const analysis = await client.analyzePhoto(
      { jobId: 'photo', bytes, embeddingModels: ['arcface'], handOverBytes: true },
      (stage) => stages.push(stage),
    );
    expect(analysis.faces).toHaveLength(6);
    for (const face of analysis.faces) expect(face.embeddings[0]?.vector).toHaveLength(512);
    expect(log).toEqual({ threadsPerWorker: [2, 1], stops: 1 });
    // The hang came after the models were running (detecting), where the stall limit applies.
    expect(stages).toContain('detecting');
    expect(await client.getRuntimeInfo()).toMatchObject({ threads: 1 });

    // The next photo goes to the one-thread worker at once.
    const again = await client.analyzePhoto({
      jobId: 'again',
      bytes: new Uint8Array(readFileSync(GROUP_PHOTO)),
      embeddingModels: ['arcface'],
    });
    expect(again.faces).toHaveLength(6);
    expect(log.threadsPerWorker).toEqual([2, 1]);
  }, 120_000);
});
