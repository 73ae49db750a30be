// Model files are pinned by SHA-256: the served files match, the registry agrees with the
// install manifest, and a tampered file is refused by the check and by the model loader.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyModelBytes } from '../../src/ml/integrity';
import { DETECTOR, EMBEDDING_MODELS, expectedSha256, LANDMARKER } from '../../src/ml/registry';
import { createNodeModelLoader, MODELS_DIR } from '../../scripts/lib/node-models';
import { readManifest, verifyModelsDir } from '../../scripts/models/verify-models.mjs';

const INSTALL = join(import.meta.dirname, '..', '..', 'scripts', 'models', 'install-models.mjs');
let tampered: string;

beforeAll(() => {
  tampered = mkdtempSync(join(tmpdir(), 'rollcall-models-'));
  for (const { name } of readManifest().files) {
    copyFileSync(join(MODELS_DIR, name), join(tampered, name));
  }
  const bytes = readFileSync(join(tampered, DETECTOR.file));
  const middle = bytes.length >> 1;
  bytes[middle] = (bytes[middle] as number) ^ 0x01; // one bit in the middle of the weights
  writeFileSync(join(tampered, DETECTOR.file), bytes);
});

afterAll(() => rmSync(tampered, { recursive: true, force: true }));

describe('model checksums', () => {
  test('every served model file matches its pinned SHA-256', () => {
    expect(verifyModelsDir(MODELS_DIR)).toEqual([]);
  });

  test('the registry pins the same hashes as the install manifest', () => {
    const files = [
      DETECTOR.file,
      LANDMARKER.file,
      ...Object.values(EMBEDDING_MODELS).map((m) => m.file),
    ];
    for (const file of readManifest().files) {
      expect(expectedSha256(file.name), file.name).toBe(file.sha256);
    }
    for (const file of files) {
      expect(
        readManifest().files.map((f) => f.name),
        file,
      ).toContain(file);
    }
  });

  test('a tampered file is reported by the check and the install script refuses it', () => {
    expect(verifyModelsDir(tampered)).toEqual([
      expect.stringMatching(/^ulfd-rfb320-any-size\.onnx: SHA-256/),
    ]);
    let failure: { status: number; stderr: string } | undefined;
    try {
      execFileSync(process.execPath, [INSTALL, '--check', '--models-dir', tampered], {
        stdio: 'pipe',
        encoding: 'utf8',
      });
    } catch (error) {
      failure = error as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr).toMatch(/MISMATCH ulfd-rfb320-any-size\.onnx/);
  });

  test('the model loader refuses a tampered file and loads an intact one', async () => {
    const loader = createNodeModelLoader({ modelsDir: tampered });
    await expect(loader.load(DETECTOR.file)).rejects.toMatchObject({ code: 'model-integrity' });
    const landmarker = await loader.load(LANDMARKER.file);
    await landmarker.release?.();
  });

  test('bytes that are not the pinned file are refused', async () => {
    await expect(
      verifyModelBytes(LANDMARKER.file, new Uint8Array([1, 2, 3])),
    ).rejects.toMatchObject({
      code: 'model-integrity',
    });
    await expect(verifyModelBytes('unknown.onnx', new Uint8Array(1))).rejects.toMatchObject({
      code: 'model-integrity',
    });
  });
});
