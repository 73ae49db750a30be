// Detection of two checkouts side by side in one process (e.g. this branch and /work/main,
// read-only): classroom-dev recall and extra detections at several shrink factors, bbt/sessions
// face counts, detector runs and time per photo (wall and CPU, the machine may be shared).
// Matching as the detect eval task (IoU >= 0.3, greedy one-to-one).
// Usage: node scripts/lib/run-ts.mjs --entry /scripts/bench/detect-compare.ts <datasets-dir>
//          [--code DIR]... [--shrink 1,0.5,0.3] [--json FILE]
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { matchBoxes, type Box } from '../../src/domain/face/geometry';
import type * as DetectModule from '../../src/ml/detect';
import { scaleImage, type RgbaImage } from '../../src/ml/image';
import type * as RegistryModule from '../../src/ml/registry';
import type { TensorRunner } from '../../src/ml/runtime';
import { decodeImageFile } from '../lib/decode-node';
import { loadModel } from './pipeline-node';

interface Photo {
  set: string;
  name: string;
  image: RgbaImage;
  truth?: Box[];
  expected?: number;
}

export interface DetectSummary {
  code: string;
  set: string;
  photos: number;
  truthFaces: number;
  found: number;
  extraPerPhoto: number;
  runsPerPhoto: number;
  msPerPhoto: number;
  cpuMsPerPhoto: number;
}

async function loadPhotos(datasets: string, shrinks: number[]): Promise<Photo[]> {
  const photos: Photo[] = [];
  const cls = JSON.parse(await readFile(join(datasets, 'classroom-dev/truth.json'), 'utf8')) as {
    sessions: { file: string; faces: { box: [number, number, number, number] }[] }[];
  };
  for (const s of cls.sessions) {
    const full = await decodeImageFile(join(datasets, 'classroom-dev', s.file));
    for (const shrink of shrinks) {
      photos.push({
        set: `classroom-dev x${shrink}`,
        name: s.file,
        image: scaleImage(full, shrink),
        truth: s.faces.map(({ box: [x, y, width, height] }) => ({
          x: x * shrink,
          y: y * shrink,
          width: width * shrink,
          height: height * shrink,
        })),
      });
    }
  }
  const bbt = JSON.parse(await readFile(join(datasets, 'bbt/sessions/truth.json'), 'utf8')) as {
    sessions: { file: string; present: string[]; unknownFaces?: number }[];
  };
  for (const s of bbt.sessions) {
    photos.push({
      set: 'bbt/sessions',
      name: s.file,
      image: await decodeImageFile(join(datasets, 'bbt/sessions', s.file)),
      expected: s.present.length + (s.unknownFaces ?? 0),
    });
  }
  return photos;
}

export async function main(argv: string[]): Promise<number> {
  const datasets = argv[0];
  if (!datasets || datasets.startsWith('--')) {
    console.error('usage: detect-compare.ts <datasets-dir> [--code DIR]... [--shrink 1,0.5,0.3]');
    return 2;
  }
  const codes: string[] = [];
  let shrinks = [1, 0.5, 0.3];
  let json: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '--code') codes.push(resolve(argv[++i] as string));
    else if (argv[i] === '--shrink') shrinks = (argv[++i] as string).split(',').map(Number);
    else if (argv[i] === '--json') json = argv[++i];
  }
  if (codes.length === 0) codes.push(resolve('.'));
  const photos = await loadPhotos(datasets, shrinks);
  const checkouts = await Promise.all(
    codes.map(async (code) => {
      const detect = (await import(
        /* @vite-ignore */ `${code}/src/ml/detect.ts`
      )) as typeof DetectModule;
      const registry = (await import(
        /* @vite-ignore */ `${code}/src/ml/registry.ts`
      )) as typeof RegistryModule;
      const integrity = (await import(/* @vite-ignore */ `${code}/src/ml/integrity.ts`)) as {
        verifyModelBytes: (file: string, bytes: Uint8Array) => Promise<void>;
      };
      const model = await loadModel(
        `${code}/public/models`,
        registry.DETECTOR.file,
        integrity.verifyModelBytes,
      );
      const counter = { runs: 0 };
      const detector: TensorRunner = {
        run: (feeds) => {
          counter.runs++;
          return model.run(feeds);
        },
      };
      // Warm-up (first-run allocation), not measured.
      await detect.detectFaces(photos[0]?.image as RgbaImage, detector);
      return { code, detect, detector, counter };
    }),
  );
  const summaries = new Map<string, DetectSummary>();
  // Photo by photo, checkout by checkout, so load changes hit both alike.
  for (const photo of photos) {
    for (const { code, detect, detector, counter } of checkouts) {
      counter.runs = 0;
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const found = await detect.detectFaces(photo.image, detector);
      const cpu = process.cpuUsage(c0);
      const ms = performance.now() - t0;
      const key = `${code}|${photo.set}`;
      const s = summaries.get(key) ?? {
        code,
        set: photo.set,
        photos: 0,
        truthFaces: 0,
        found: 0,
        extraPerPhoto: 0,
        runsPerPhoto: 0,
        msPerPhoto: 0,
        cpuMsPerPhoto: 0,
      };
      let hits: number;
      let expected: number;
      if (photo.truth) {
        hits = matchBoxes(photo.truth, found, 0.3).filter((d) => d >= 0).length;
        expected = photo.truth.length;
      } else {
        expected = photo.expected ?? 0;
        hits = Math.min(found.length, expected);
      }
      s.photos++;
      s.truthFaces += expected;
      s.found += hits;
      s.extraPerPhoto += found.length - hits;
      s.runsPerPhoto += counter.runs;
      s.msPerPhoto += ms;
      s.cpuMsPerPhoto += (cpu.user + cpu.system) / 1000;
      summaries.set(key, s);
      console.log(
        `${code} ${photo.set} ${photo.name}: ${hits}/${expected}, ${found.length - hits} other, ` +
          `${counter.runs} runs, ${ms.toFixed(0)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)})`,
      );
    }
  }
  const results = [...summaries.values()].map((s) => ({
    ...s,
    extraPerPhoto: s.extraPerPhoto / s.photos,
    runsPerPhoto: s.runsPerPhoto / s.photos,
    msPerPhoto: s.msPerPhoto / s.photos,
    cpuMsPerPhoto: s.cpuMsPerPhoto / s.photos,
  }));
  for (const r of results) {
    console.log(
      `${r.code} | ${r.set} | found ${r.found}/${r.truthFaces} | extra/photo ` +
        `${r.extraPerPhoto.toFixed(2)} | runs/photo ${r.runsPerPhoto.toFixed(1)} | ` +
        `${r.msPerPhoto.toFixed(0)} ms (cpu ${r.cpuMsPerPhoto.toFixed(0)})`,
    );
  }
  if (json) await writeFile(json, JSON.stringify(results, null, 2));
  return 0;
}
