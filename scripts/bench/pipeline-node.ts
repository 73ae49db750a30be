// The whole per-photo pipeline in Node (onnxruntime-node + sharp, analyzeImage with the app's
// default model), per stage: decode, detect, landmarks, align + embed, thumbnails. Each model is
// wrapped to count its runs and time; wall time and CPU time (all threads of the process) are
// both given, since the machine may be shared. `--code DIR` runs another checkout's pipeline
// (e.g. /work/main, read-only) on the same photos in the same process, for a same-run ratio.
// Usage: node scripts/lib/run-ts.mjs --entry /scripts/bench/pipeline-node.ts [--code DIR]
//          [--repeat N] [--json FILE] photo...
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type * as AnalyzeModule from '../../src/ml/analyze';
import type * as ImageModule from '../../src/ml/image';
import type * as IntegrityModule from '../../src/ml/integrity';
import type { FloatTensor, TensorRunner } from '../../src/ml/runtime';
import { decodeImageFile } from '../lib/decode-node';
import { counted, type Counter } from './counted-runner';

export interface StageTimes {
  ms: number;
  cpuMs: number;
}

export interface PipelineRun {
  code: string;
  photo: string;
  width: number;
  height: number;
  faces: number;
  decode: StageTimes;
  detect: StageTimes & { runs: number; modelMs: number };
  /** Landmarks, alignment and embedding (analyzeImage after detection). */
  landmarksEmbed: StageTimes & {
    landmarkRuns: number;
    landmarkModelMs: number;
    embedRuns: number;
    embedModelMs: number;
  };
  thumbnails: StageTimes;
  total: StageTimes;
}

/** A checkout's model file on this process's onnxruntime-node, as scripts/lib/node-models.ts. */
export async function loadModel(
  dir: string,
  file: string,
  verify: (file: string, bytes: Uint8Array) => Promise<void>,
): Promise<TensorRunner> {
  const ort = await import('onnxruntime-node');
  const bytes = await readFile(`${dir}/${file}`);
  await verify(file, bytes);
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: 2,
    interOpNumThreads: 1,
    logSeverityLevel: 3,
  });
  return {
    async run(feeds) {
      const inputs: Record<string, InstanceType<typeof ort.Tensor>> = {};
      for (const [name, t] of Object.entries(feeds)) {
        inputs[name] = new ort.Tensor('float32', t.data, [...t.dims]);
      }
      const outputs = await session.run(inputs);
      const result: Record<string, FloatTensor> = {};
      for (const [name, t] of Object.entries(outputs)) {
        result[name] = { data: t.data as Float32Array, dims: t.dims };
      }
      return result;
    },
  };
}

function clock(): () => StageTimes {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  return () => {
    const c = process.cpuUsage(c0);
    return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
  };
}

/** Loads one checkout's pipeline and returns a function that runs it on a photo. */
export async function loadPipeline(code: string) {
  const root = resolve(code);
  const analyze = (await import(
    /* @vite-ignore */ `${root}/src/ml/analyze.ts`
  )) as typeof AnalyzeModule;
  const image = (await import(/* @vite-ignore */ `${root}/src/ml/image.ts`)) as typeof ImageModule;
  // One onnxruntime-node per process: this checkout's runtime runs the other's model files,
  // each checked against the pins of the checkout it belongs to.
  const integrity = (await import(
    /* @vite-ignore */ `${root}/src/ml/integrity.ts`
  )) as typeof IntegrityModule;
  const models = await analyze.loadPipelineModels(
    { load: (file) => loadModel(`${root}/public/models`, file, integrity.verifyModelBytes) },
    ['arcface'],
  );
  const detector: Counter = { runs: 0, ms: 0 };
  const landmarker: Counter = { runs: 0, ms: 0 };
  const embedder: Counter = { runs: 0, ms: 0 };
  const wrapped = {
    detector: counted(models.detector, detector),
    landmarker: counted(models.landmarker, landmarker),
    embedders: { arcface: counted(models.embedders.arcface as TensorRunner, embedder) },
  };
  return async (photo: string): Promise<PipelineRun> => {
    for (const c of [detector, landmarker, embedder]) Object.assign(c, { runs: 0, ms: 0 });
    const total = clock();
    let stop = clock();
    const pixels = await decodeImageFile(photo);
    const decode = stop();
    // analyzeImage reports the end of detection through its first 'embedding' progress call.
    stop = clock();
    let detect: StageTimes | undefined;
    const faces = await analyze.analyzeImage(pixels, wrapped, {
      embeddingModels: ['arcface'],
      onProgress: (p) => {
        if (p.stage === 'embedding' && !detect) {
          detect = stop();
          stop = clock();
        }
      },
    });
    const landmarksEmbed = stop();
    stop = clock();
    // As photo-inference.ts: a 96 px square crop per face (JPEG encoding is the codec's).
    for (const face of faces) {
      const side = Math.max(face.box.width, face.box.height) * 1.3;
      image.resizeRegion(
        pixels,
        {
          x: face.box.x + face.box.width / 2 - side / 2,
          y: face.box.y + face.box.height / 2 - side / 2,
          width: side,
          height: side,
        },
        96,
        96,
      );
    }
    const thumbnails = stop();
    return {
      code: root,
      photo,
      width: pixels.width,
      height: pixels.height,
      faces: faces.length,
      decode,
      detect: { ...(detect ?? { ms: 0, cpuMs: 0 }), runs: detector.runs, modelMs: detector.ms },
      landmarksEmbed: {
        ...landmarksEmbed,
        landmarkRuns: landmarker.runs,
        landmarkModelMs: landmarker.ms,
        embedRuns: embedder.runs,
        embedModelMs: embedder.ms,
      },
      thumbnails,
      total: total(),
    };
  };
}

const round = (n: number) => Math.round(n);

function line(run: PipelineRun): string {
  return (
    `${run.code} ${run.photo.split('/').pop()} ${run.width}x${run.height} ${run.faces} faces: ` +
    `total ${round(run.total.ms)} ms (cpu ${round(run.total.cpuMs)}) | decode ${round(run.decode.ms)} | ` +
    `detect ${round(run.detect.ms)} (cpu ${round(run.detect.cpuMs)}, ${run.detect.runs} runs, ` +
    `model ${round(run.detect.modelMs)}) | landmarks+embed ${round(run.landmarksEmbed.ms)} ` +
    `(cpu ${round(run.landmarksEmbed.cpuMs)}, landmark model ${round(run.landmarksEmbed.landmarkModelMs)}, ` +
    `embed model ${round(run.landmarksEmbed.embedModelMs)}) | thumbnails ${round(run.thumbnails.ms)}`
  );
}

export async function main(argv: string[]): Promise<number> {
  const codes: string[] = [];
  const photos: string[] = [];
  let repeat = 1;
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--code') codes.push(argv[++i] as string);
    else if (arg === '--repeat') repeat = Number(argv[++i]);
    else if (arg === '--json') json = argv[++i];
    else photos.push(arg);
  }
  if (photos.length === 0) {
    console.error('usage: pipeline-node.ts [--code DIR]... [--repeat N] [--json FILE] photo...');
    return 2;
  }
  if (codes.length === 0) codes.push('.');
  const pipelines = await Promise.all(codes.map((code) => loadPipeline(code)));
  // Warm up every pipeline once (session creation, first-run allocation), not measured.
  for (const run of pipelines) await run(photos[0] as string);
  const runs: PipelineRun[] = [];
  // Interleaved (photo by photo, checkout by checkout) so load changes hit both alike.
  for (let r = 0; r < repeat; r++) {
    for (const photo of photos) {
      for (const run of pipelines) {
        const result = await run(photo);
        console.log(line(result));
        runs.push(result);
      }
    }
  }
  if (json) await writeFile(json, JSON.stringify(runs, null, 2));
  return 0;
}
