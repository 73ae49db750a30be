// Detections per photo of a session folder (bbt/sessions: truth.json lists `present` names and
// `unknownFaces` counts, no boxes) against present + unknownFaces, with the app's default
// detection options; writes each photo with its boxes to <out>/<file>.png to look at.
// Usage: node scripts/lib/run-ts.mjs --entry /scripts/bench/bbt-detect.ts <sessions-dir> [out-dir]
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_DETECTION_OPTIONS, detectFaces } from '../../src/ml/detect';
import { DETECTOR } from '../../src/ml/registry';
import { decodeImageFile, writePng } from '../lib/decode-node';
import { drawBox } from '../lib/draw';
import { createNodeModelLoader } from '../lib/node-models';

interface SessionTruth {
  file: string;
  present: string[];
  unknownFaces?: number;
  faces?: { box: [number, number, number, number] }[];
}

export async function main(argv: string[]): Promise<number> {
  const dir = argv[0];
  if (!dir) {
    console.error('usage: bbt-detect.ts <sessions-dir> [out-dir]');
    return 2;
  }
  const outDir = argv[1] ?? '/tmp/bbt-detect';
  await mkdir(outDir, { recursive: true });
  const truth = JSON.parse(await readFile(join(dir, 'truth.json'), 'utf8')) as {
    sessions: SessionTruth[];
  };
  const detector = await createNodeModelLoader().load(DETECTOR.file);
  console.log(`options ${JSON.stringify(DEFAULT_DETECTION_OPTIONS)}`);
  for (const session of truth.sessions) {
    const image = await decodeImageFile(join(dir, session.file));
    const t0 = performance.now();
    const found = await detectFaces(image, detector);
    const ms = performance.now() - t0;
    const expected = session.faces?.length ?? session.present.length + (session.unknownFaces ?? 0);
    for (const f of session.faces ?? []) {
      const [x, y, width, height] = f.box;
      drawBox(image, { x, y, width, height }, [0, 220, 0], 2);
    }
    for (const d of found) drawBox(image, d, [255, 0, 0], 2);
    const png = join(outDir, session.file.replace(/\.\w+$/, '.png'));
    await writePng(image, png);
    const scores = found.map((d) => `${d.score.toFixed(2)}@${Math.round(d.width)}px`).join(' ');
    console.log(
      `${session.file} ${image.width}x${image.height}: ${found.length} detections, expected ` +
        `${expected} (present ${session.present.length} + unknown ${session.unknownFaces ?? 0}) ` +
        `${ms.toFixed(0)} ms -> ${png}\n  ${scores}`,
    );
  }
  return 0;
}
