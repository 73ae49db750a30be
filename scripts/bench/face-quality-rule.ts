// Prints the numbers behind the low-quality rule (src/domain/face/low-quality.ts) from the cache
// written by face-quality-cache.ts: each feature's range over the truth faces and over the
// strangers / false detections, and what the rule catches of each, per dataset.
// Usage: node scripts/lib/run-ts.mjs --entry /scripts/bench/face-quality-rule.ts <cache.jsonl>
import { readFile } from 'node:fs/promises';
import { lowQualityReasons, nearestLargerFace } from '../../src/domain/face/low-quality';
import type { CachedPhotoFace } from './face-quality-cache';

interface Row extends CachedPhotoFace {
  relativeSize: number;
  edgeWidths: number;
  aspect: number;
  relativeSharpness: number;
  largerNeighbourWidths: number;
  reason: string | null;
}

function range(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return `min ${sorted[0]?.toFixed(3)}  p5 ${at(0.05)?.toFixed(3)}  median ${at(0.5)?.toFixed(3)}  max ${sorted.at(-1)?.toFixed(3)}`;
}

export async function main(argv: string[]): Promise<number> {
  const [cache] = argv;
  if (!cache) {
    console.error('usage: face-quality-rule.ts <cache.jsonl>');
    return 2;
  }
  const faces = (await readFile(cache, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as CachedPhotoFace);
  const photos = new Map<string, CachedPhotoFace[]>();
  for (const f of faces)
    photos.set(`${f.dataset}/${f.file}`, [...(photos.get(`${f.dataset}/${f.file}`) ?? []), f]);
  const rows: Row[] = [];
  for (const photoFaces of photos.values()) {
    const first = photoFaces[0]!;
    const photo = { width: first.photoWidth, height: first.photoHeight };
    const reasons = lowQualityReasons(
      photoFaces.map((f) => ({
        box: f.box,
        detectionScore: f.detectionScore,
        quality: { sharpness: f.quality.sharpness ?? 0 },
      })),
      photo,
    );
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    };
    const typical = median(photoFaces.map((f) => f.box.width));
    const typicalSharpness = median(photoFaces.map((f) => f.quality.sharpness ?? 0));
    const asPhotoFaces = photoFaces.map((f) => ({
      box: f.box,
      detectionScore: f.detectionScore,
      quality: { sharpness: f.quality.sharpness ?? 0 },
    }));
    photoFaces.forEach((f, i) => {
      const { x, y, width, height } = f.box;
      rows.push({
        ...f,
        relativeSize: width / typical,
        edgeWidths: Math.min(x, y, photo.width - x - width, photo.height - y - height) / width,
        aspect: height / width,
        relativeSharpness: (f.quality.sharpness ?? 0) / typicalSharpness,
        largerNeighbourWidths: nearestLargerFace(asPhotoFaces, i) / width,
        reason: reasons[i] ?? null,
      });
    });
  }
  const classroom = rows.filter((r) => r.photoTruthFaces === undefined);
  const roster = rows.filter((r) => r.photoTruthFaces !== undefined);
  const truth = classroom.filter((r) => r.label !== null);
  const strangers = classroom.filter((r) => r.label === null);
  const features: [string, (r: Row) => number][] = [
    ['relative size', (r) => r.relativeSize],
    ['height/width', (r) => r.aspect],
    ['detection score', (r) => r.detectionScore],
    ['sharpness', (r) => r.quality.sharpness ?? 0],
    ['edge distance (widths)', (r) => r.edgeWidths],
    ['sharpness / photo median', (r) => r.relativeSharpness],
    ['nearest larger face (widths)', (r) => r.largerNeighbourWidths],
  ];
  console.log(
    `classroom folders: ${truth.length} truth faces, ${strangers.length} other detections`,
  );
  for (const [name, get] of features) {
    console.log(
      `  ${name}\n    truth:     ${range(truth.map(get))}\n    strangers: ${range(strangers.map(get))}`,
    );
  }
  const blurry = (list: Row[]) => list.filter((r) => r.relativeSharpness < 0.6);
  const crowded = (list: Row[]) => list.filter((r) => r.largerNeighbourWidths < 2.5);
  console.log(
    `  truth faces below 0.6 of the median sharpness: ${blurry(truth).length}, nearest larger ` +
      `face >= ${range(blurry(truth).map((r) => r.largerNeighbourWidths))}`,
  );
  console.log(
    `  bbt faces within 2.5 widths of a larger face: ${crowded(roster).length}, sharpness / ` +
      `median: ${range(crowded(roster).map((r) => r.relativeSharpness))}`,
  );
  const caught = (list: Row[]) => list.filter((r) => r.reason !== null);
  const byReason = (list: Row[]) =>
    Object.entries(
      caught(list).reduce<Record<string, number>>(
        (t, r) => ({ ...t, [r.reason!]: (t[r.reason!] ?? 0) + 1 }),
        {},
      ),
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  console.log(`rule: truth faces caught ${caught(truth).length}/${truth.length}`);
  console.log(
    `rule: strangers caught ${caught(strangers).length}/${strangers.length} (${byReason(strangers)})`,
  );
  console.log('roster folders (true faces per photo = present + unknownFaces):');
  const rosterPhotos = new Map<string, Row[]>();
  for (const r of roster) rosterPhotos.set(r.file, [...(rosterPhotos.get(r.file) ?? []), r]);
  for (const [file, list] of rosterPhotos) {
    console.log(
      `  ${file}: ${list.length} detections, ${list[0]!.photoTruthFaces} true faces, ` +
        `low quality: ${
          caught(list)
            .map(
              (r) =>
                `${r.reason} (edge ${r.edgeWidths.toFixed(2)} widths, score ${r.detectionScore.toFixed(3)})`,
            )
            .join('; ') || 'none'
        }`,
    );
  }
  return 0;
}
