// Caches every detected face of the photos with truth (a classroom folder with boxes, a roster
// sessions folder with `unknownFaces` counts) as JSON lines: the photo's size, the box, the
// detection score, the face quality, the truth label and both models' embeddings. Input of
// face-quality-rule.ts, which derives the low-quality ("not counted") rule from it.
// Same pipeline and defaults as the app (src/ml/analyze.ts with the default detection options).
// Usage: node scripts/lib/run-ts.mjs --entry /scripts/bench/face-quality-cache.ts \
//          <out.jsonl> <classroom-dir>... [--roster <sessions-dir>]...
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { matchBoxes } from '../../src/domain/face/geometry';
import { analyzeImage, loadPipelineModels } from '../../src/ml/analyze';
import { decodeImageFile } from '../lib/decode-node';
import { createNodeModelLoader } from '../lib/node-models';
import { readClassroomTruth, readRosterSessions } from '../eval/datasets';
import { MATCH_IOU } from '../eval/tasks/detect';

export interface CachedPhotoFace {
  dataset: string;
  file: string;
  photoWidth: number;
  photoHeight: number;
  box: { x: number; y: number; width: number; height: number };
  detectionScore: number;
  quality: Record<string, number>;
  /** Classroom folders: the truth name, or null (no truth face: a stranger or a false detection). */
  label: string | null;
  /** Roster folders: how many faces the photo truly shows (present + unknownFaces). */
  photoTruthFaces?: number;
  a: number[];
  f: number[];
}

export async function main(argv: string[]): Promise<number> {
  const [out, ...rest] = argv;
  if (!out || rest.length === 0) {
    console.error('usage: face-quality-cache.ts <out.jsonl> <classroom-dir>... [--roster <dir>]');
    return 2;
  }
  const models = await loadPipelineModels(createNodeModelLoader(), ['arcface', 'facenet']);
  const round = (v: Float32Array | undefined) => Array.from(v ?? [], (x) => Number(x.toFixed(6)));
  let lines = '';
  for (let i = 0; i < rest.length; i++) {
    const isRoster = rest[i] === '--roster';
    const dir = isRoster ? rest[++i] : rest[i];
    if (!dir) break;
    const photos = isRoster
      ? (await readRosterSessions(dir)).map((s) => ({
          file: s.file,
          truth: [] as { name: string; box: CachedPhotoFace['box'] }[],
          count: s.present.length + s.unknownFaces,
        }))
      : (await readClassroomTruth(dir)).map((s) => ({
          file: s.file,
          truth: s.faces,
          count: s.faces.length,
        }));
    for (const photo of photos) {
      const image = await decodeImageFile(join(dir, photo.file));
      const faces = await analyzeImage(image, models, { embeddingModels: ['arcface', 'facenet'] });
      const matches = isRoster
        ? []
        : matchBoxes(
            photo.truth.map((t) => t.box),
            faces.map((f) => f.box),
            MATCH_IOU,
          );
      const labelOf = new Map<number, string>();
      matches.forEach((d, t) => d >= 0 && labelOf.set(d, photo.truth[t]?.name ?? ''));
      faces.forEach((face, d) => {
        const record: CachedPhotoFace = {
          dataset: dir,
          file: photo.file,
          photoWidth: image.width,
          photoHeight: image.height,
          box: face.box,
          detectionScore: face.detectionScore,
          quality: { ...face.quality },
          label: labelOf.get(d) ?? null,
          ...(isRoster ? { photoTruthFaces: photo.count } : {}),
          a: round(face.embeddings.arcface),
          f: round(face.embeddings.facenet),
        };
        lines += `${JSON.stringify(record)}\n`;
      });
      console.error(`${dir}/${photo.file}: ${faces.length} faces, ${photo.count} in truth`);
    }
  }
  await writeFile(out, lines);
  return 0;
}
