// Detection tuning on ALL of classroom-dev (truth boxes) and bbt/sessions (face counts):
// runs the tiled pyramid once per geometry (scale step, tile overlap) with permissive settings,
// then sweeps score threshold / NMS / min size over the cached raw boxes.
// Usage: node scripts/lib/run-ts.mjs --entry /scripts/bench/detect-tune.ts <datasets-dir>
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { matchBoxes, type Box } from '../../src/domain/face/geometry';
import { DEFAULT_DETECTION_OPTIONS, detectRawRuns, selectFaces } from '../../src/ml/detect';
import type { RawDetections } from '../../src/ml/detect';
import { scaleImage } from '../../src/ml/image';
import { DETECTOR } from '../../src/ml/registry';
import { decodeImageFile } from '../lib/decode-node';
import { createNodeModelLoader } from '../lib/node-models';

interface Photo {
  name: string;
  truth?: Box[];
  expected?: number;
  scale: number;
}

export async function main(argv: string[]): Promise<number> {
  const datasets = argv[0] ?? '../shared/datasets';
  const shrink = Number(argv[1] ?? '1');
  const detector = await createNodeModelLoader().load(DETECTOR.file);
  const photos: (Photo & { path: string })[] = [];
  const cls = JSON.parse(await readFile(join(datasets, 'classroom-dev/truth.json'), 'utf8')) as {
    sessions: { file: string; faces: { box: [number, number, number, number] }[] }[];
  };
  for (const s of cls.sessions) {
    photos.push({
      name: s.file,
      path: join(datasets, 'classroom-dev', s.file),
      truth: s.faces.map(({ box: [x, y, width, height] }) => ({ x, y, width, height })),
      scale: shrink,
    });
  }
  const bbt = JSON.parse(await readFile(join(datasets, 'bbt/sessions/truth.json'), 'utf8')) as {
    sessions: { file: string; present: string[]; unknownFaces: number }[];
  };
  for (const s of bbt.sessions) {
    photos.push({
      name: s.file,
      path: join(datasets, 'bbt/sessions', s.file),
      expected: s.present.length + s.unknownFaces,
      scale: 1,
    });
  }
  const images = await Promise.all(
    photos.map(async (p) => scaleImage(await decodeImageFile(p.path), p.scale)),
  );
  const geometries = (argv[2] ?? '0.5:96').split(',').map((g) => g.split(':').map(Number));
  for (const [step, overlap] of geometries) {
    for (const maxScale of (argv[3] ?? '1').split(',').map(Number)) {
      const geometry = {
        ...DEFAULT_DETECTION_OPTIONS,
        maxScale,
        scaleStep: step as number,
        tileOverlap: overlap as number,
      };
      const t0 = performance.now();
      const raw: RawDetections[] = [];
      for (const image of images) {
        raw.push(await detectRawRuns(image, detector, { ...geometry, scoreThreshold: 0.3 }));
      }
      const ms = (performance.now() - t0) / images.length;
      console.log(
        `# step ${step} overlap ${overlap} maxScale ${maxScale}: ${ms.toFixed(0)} ms/photo`,
      );
      for (const scoreThreshold of [0.6, 0.7, 0.8, 0.9]) {
        for (const nmsIou of [0.3, 0.4]) {
          for (const nmsContainment of [0.6, 0.8]) {
            for (const minFacePx of [10, 16]) {
              for (const [supportScore, supportMinFacePx] of [
                [0, 0],
                [0.3, 20],
                [0.3, 24],
                [0.4, 20],
                [0.4, 24],
                [0.5, 20],
                [0.5, 24],
                [0.7, 20],
              ]) {
                const options = {
                  ...geometry,
                  scoreThreshold,
                  nmsIou,
                  nmsContainment,
                  minFacePx: minFacePx * shrink,
                  crossScaleCheck: supportScore !== 0,
                  supportScore: supportScore as number,
                  supportMinFacePx: supportMinFacePx as number,
                };
                let found = 0;
                let truth = 0;
                let extra = 0;
                const bbtCounts: string[] = [];
                photos.forEach((p, i) => {
                  const kept = selectFaces(raw[i]?.boxes ?? [], options, raw[i]?.runs);
                  if (p.truth) {
                    const t = p.truth.map((b) => ({
                      x: b.x * p.scale,
                      y: b.y * p.scale,
                      width: b.width * p.scale,
                      height: b.height * p.scale,
                    }));
                    const hit = matchBoxes(t, kept, 0.3).filter((d) => d >= 0).length;
                    found += hit;
                    truth += t.length;
                    extra += kept.length - hit;
                  } else {
                    bbtCounts.push(`${kept.length}/${p.expected}`);
                  }
                });
                console.log(
                  `thr ${scoreThreshold} iou ${nmsIou} cont ${nmsContainment} min ${minFacePx} ` +
                    `support ${supportScore}@${supportMinFacePx}: recall ${found}/${truth} ` +
                    `extra/photo ${(extra / 8).toFixed(2)} bbt ${bbtCounts.join(' ')}`,
                );
              }
            }
          }
        }
      }
    }
  }
  return 0;
}
