// Checks served model files against the SHA-256 pinned in model-files.json. Used by
// install-models.mjs (--check) and by the model integrity test.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** model-files.json: `{ files: [{ name, sources: [{ path, sha256 }], transform?, sha256 }] }`. */
export function readManifest() {
  return JSON.parse(readFileSync(join(here, 'model-files.json'), 'utf8'));
}

/** Problems (missing or mismatching files) of `dir` against the manifest; [] when all good. */
export function verifyModelsDir(dir) {
  const problems = [];
  for (const file of readManifest().files) {
    const path = join(dir, file.name);
    if (!existsSync(path)) {
      problems.push(`${file.name}: missing`);
      continue;
    }
    const actual = sha256(readFileSync(path));
    if (actual !== file.sha256) {
      problems.push(`${file.name}: SHA-256 ${actual}, expected ${file.sha256}`);
    }
  }
  return problems;
}
