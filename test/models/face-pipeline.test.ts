// The face pipeline (src/ml) with the real models on onnxruntime-node and real faces from
// test/fixtures: detection, alignment, embeddings, batching. Needs only `npm install`.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { RgbaImage } from '../../src/domain/face/align';
import { cosineSimilarity, norm } from '../../src/domain/embedding/vectors';
import type { Point } from '../../src/domain/face/geometry';
import { fivePointsFrom68 } from '../../src/domain/face/landmarks';
import {
  analyzeImage,
  centralDetection,
  loadPipelineModels,
  type FaceAnalysis,
  type PipelineModels,
} from '../../src/ml/analyze';
import { detectFaces } from '../../src/ml/detect';
import { alignFace, embedAlignedFaces, mirrorImage } from '../../src/ml/embed';
import { detectLandmarks } from '../../src/ml/landmark';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import { decodeImageFile } from '../../scripts/lib/decode-node';
import { createNodeModelLoader } from '../../scripts/lib/node-models';

const FACES = join(import.meta.dirname, '..', 'fixtures', 'faces');
const GROUP_PHOTO = join(import.meta.dirname, '..', 'fixtures', 'photos', 'bbt4.jpg');
const arcface = EMBEDDING_MODELS.arcface;

let models: PipelineModels;
const faces = new Map<string, { image: RgbaImage; face: FaceAnalysis }>();

beforeAll(async () => {
  models = await loadPipelineModels(createNodeModelLoader(), ['arcface']);
  for (const file of readdirSync(FACES).filter((f) => f.endsWith('.jpg'))) {
    const image = await decodeImageFile(join(FACES, file));
    const [face] = await analyzeImage(image, models, {
      embeddingModels: ['arcface'],
      selectDetections: centralDetection,
    });
    if (!face) throw new Error(`no face found in fixture ${file}`);
    faces.set(file, { image, face });
  }
}, 120_000);

const person = (file: string) => file.replace(/_\d+\.jpg$/, '');

describe('alignment', () => {
  test('puts the eyes of a real face on the ArcFace template', async () => {
    const { image, face } = faces.get('George_W_Bush_0001.jpg')!;
    const crop = alignFace(image, face.fivePoints, arcface);
    expect([crop.width, crop.height]).toEqual([112, 112]);
    // Independent check on the pixels: find the landmarks again on the aligned crop.
    const [box] = centralDetection(await detectFaces(crop, models.detector), crop);
    expect(box).toBeDefined();
    const again = fivePointsFrom68(await detectLandmarks(crop, box!, models.landmarker));
    for (const i of [0, 1]) {
      const [x, y] = again[i] as Point;
      const [tx, ty] = arcface.alignmentTemplate[i] as Point;
      expect(Math.hypot(x - tx, y - ty)).toBeLessThan(4);
    }
  });

  test('reports quality measures of a frontal, sharp face', () => {
    const { quality } = faces.get('George_W_Bush_0001.jpg')!.face;
    expect(quality.interEyePx).toBeGreaterThan(30);
    expect(quality.sizePx).toBeGreaterThan(80);
    expect(Math.abs(quality.yawDeg)).toBeLessThan(25);
    expect(Math.abs(quality.rollDeg)).toBeLessThan(15);
    expect(quality.sharpness).toBeGreaterThan(15);
    expect(quality.detectionScore).toBeGreaterThan(0.9);
  });
});

describe('arcface embeddings', () => {
  test('are 512-d and L2-normalised', () => {
    for (const { face } of faces.values()) {
      const vector = face.embeddings.arcface!;
      expect(vector).toHaveLength(512);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  test('score the same person higher than different people', () => {
    const entries = [...faces.entries()];
    let minSame = Infinity;
    let maxDifferent = -Infinity;
    for (let i = 0; i < entries.length; i++) {
      for (let j = i + 1; j < entries.length; j++) {
        const [fa, a] = entries[i]!;
        const [fb, b] = entries[j]!;
        const score = cosineSimilarity(a.face.embeddings.arcface!, b.face.embeddings.arcface!);
        if (person(fa) === person(fb)) minSame = Math.min(minSame, score);
        else maxDifferent = Math.max(maxDifferent, score);
      }
    }
    expect(minSame).toBeGreaterThan(arcface.thresholds.verification);
    expect(maxDifferent).toBeLessThan(arcface.thresholds.verification);
  });

  test('a batch of N gives the same vectors as one face at a time', async () => {
    const crops = [...faces.values()].map(({ image, face }) =>
      alignFace(image, face.fivePoints, arcface),
    );
    const runner = models.embedders.arcface!;
    const batched = await embedAlignedFaces(crops, runner, { ...arcface, maxBatch: crops.length });
    const single = await embedAlignedFaces(crops, runner, { ...arcface, maxBatch: 1 });
    expect(batched).toHaveLength(crops.length);
    batched.forEach((vector, i) => {
      const other = single[i]!;
      let maxDiff = 0;
      for (let k = 0; k < vector.length; k++) {
        maxDiff = Math.max(maxDiff, Math.abs(vector[k]! - other[k]!));
      }
      expect(maxDiff).toBeLessThan(1e-5);
    });
  });
});

describe('flip-averaged embeddings', () => {
  const maxDifference = (a: Float32Array, b: Float32Array) =>
    a.reduce((m, x, k) => Math.max(m, Math.abs(x - b[k]!)), 0);

  test('mirrorImage swaps left and right, and twice gives the image back', () => {
    const { image, face } = faces.get('Tony_Blair_0001.jpg')!;
    const crop = alignFace(image, face.fivePoints, arcface);
    const mirror = mirrorImage(crop);
    const px = (img: RgbaImage, x: number, y: number) =>
      Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));
    expect(px(mirror, 0, 50)).toEqual(px(crop, 111, 50));
    expect(px(mirror, 30, 70)).toEqual(px(crop, 81, 70));
    expect(Array.from(mirrorImage(mirror).data)).toEqual(Array.from(crop.data));
  });

  test.each(['arcface', 'facenet'] as const)(
    '%s: the normalised mean of the face and its mirror image, whichever side is given',
    async (id) => {
      const both = await loadPipelineModels(createNodeModelLoader(), [id]);
      const runner = both.embedders[id]!;
      const spec = EMBEDDING_MODELS[id];
      const crops = [...faces.values()].map(({ image, face }) =>
        alignFace(image, face.fivePoints, spec),
      );
      // An odd batch size, so a face and its mirror image land in different batches too.
      const flipped = await embedAlignedFaces(
        crops,
        runner,
        { ...spec, maxBatch: 3 },
        undefined,
        true,
      );
      const plain = await embedAlignedFaces(crops, runner, spec, undefined, false);
      const mirrored = await embedAlignedFaces(
        crops.map(mirrorImage),
        runner,
        spec,
        undefined,
        false,
      );
      const ofMirrors = await embedAlignedFaces(
        crops.map(mirrorImage),
        runner,
        spec,
        undefined,
        true,
      );
      expect(flipped).toHaveLength(crops.length);
      flipped.forEach((vector, i) => {
        expect(norm(vector)).toBeCloseTo(1, 5);
        const mean = plain[i]!.map((x, k) => x + mirrored[i]![k]!);
        expect(
          maxDifference(
            vector,
            mean.map((x) => x / norm(mean)),
          ),
        ).toBeLessThan(1e-5);
        // The face seen from the other side gets the same vector.
        expect(maxDifference(vector, ofMirrors[i]!)).toBeLessThan(1e-5);
        // ...which is not the plain one.
        expect(cosineSimilarity(vector, plain[i]!)).toBeLessThan(0.9999);
      });
    },
    60_000,
  );
});

describe('detection', () => {
  test('finds the six faces of a group photo (bbt4: 6 present, 0 unknown)', async () => {
    const image = await decodeImageFile(GROUP_PHOTO);
    const found = await analyzeImage(image, models, { embeddingModels: ['arcface'] });
    expect(found).toHaveLength(6);
    for (const face of found) {
      expect(face.detectionScore).toBeGreaterThan(0.9);
      expect(face.box.width).toBeGreaterThan(60);
      expect(face.embeddings.arcface).toHaveLength(512);
    }
    // Six different people: no two faces of the photo look alike.
    for (let i = 0; i < found.length; i++) {
      for (let j = i + 1; j < found.length; j++) {
        const score = cosineSimilarity(
          found[i]!.embeddings.arcface!,
          found[j]!.embeddings.arcface!,
        );
        expect(score).toBeLessThan(arcface.thresholds.verification);
      }
    }
  });

  test('reports progress per stage and can be cancelled', async () => {
    const image = await decodeImageFile(GROUP_PHOTO);
    const stages: string[] = [];
    await analyzeImage(image, models, {
      embeddingModels: ['arcface'],
      onProgress: (p) => {
        if (stages.at(-1) !== p.stage) stages.push(p.stage);
        expect(p.completed).toBeLessThanOrEqual(p.total);
      },
    });
    expect(stages).toEqual(['detecting', 'embedding']);
    const controller = new AbortController();
    controller.abort();
    await expect(
      analyzeImage(image, models, { embeddingModels: ['arcface'], signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'cancelled' });
  });
});
