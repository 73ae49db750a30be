#!/usr/bin/env node
// Builds public/models/ from installed npm packages: checks every source file's SHA-256,
// applies the pinned transforms, checks the result's SHA-256, and fails loudly on any mismatch.
// Nothing is downloaded: a model that is not in node_modules is an error.
// Usage: node scripts/models/install-models.mjs [--print-hashes]
//        node scripts/models/install-models.mjs --check [--models-dir DIR]   (verify only)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transforms } from './transforms.mjs';
import { readManifest, sha256, verifyModelsDir } from './verify-models.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const outDir = join(root, 'public', 'models');
const require = createRequire(join(root, 'package.json'));
const printHashes = process.argv.includes('--print-hashes');

if (process.argv.includes('--check')) {
  const at = process.argv.indexOf('--models-dir');
  const dir = at > 0 && process.argv[at + 1] ? process.argv[at + 1] : outDir;
  const problems = verifyModelsDir(dir);
  for (const problem of problems) console.error(`MISMATCH ${problem}`);
  if (problems.length) {
    console.error(
      `\nModel check FAILED: ${problems.length} file(s) in ${dir} are not the pinned ones.\n`,
    );
    process.exit(1);
  }
  console.log(`ok       every model file in ${dir} matches its pinned SHA-256`);
  process.exit(0);
}

function resolvePackageFile(path) {
  const [scopeOrName, maybeName, ...rest] = path.split('/');
  const packageName = scopeOrName.startsWith('@') ? `${scopeOrName}/${maybeName}` : scopeOrName;
  const inside = scopeOrName.startsWith('@') ? rest : [maybeName, ...rest];
  const packageDir = dirname(require.resolve(`${packageName}/package.json`));
  return join(packageDir, ...inside);
}

function fail(message) {
  console.error(`\nModel install FAILED: ${message}\n`);
  process.exit(1);
}

const { files } = readManifest();
mkdirSync(outDir, { recursive: true });
let problems = 0;
for (const file of files) {
  const target = join(outDir, file.name);
  if (!printHashes && existsSync(target) && sha256(readFileSync(target)) === file.sha256) {
    console.log(`ok       ${file.name} (already in place)`);
    continue;
  }
  const sources = file.sources.map((source) => {
    const path = resolvePackageFile(source.path);
    if (!existsSync(path)) fail(`${source.path} is missing: run npm install.`);
    const bytes = readFileSync(path);
    const actual = sha256(bytes);
    if (actual !== source.sha256) {
      fail(
        `${source.path} has SHA-256 ${actual}, expected ${source.sha256}. The package changed; refusing to use it.`,
      );
    }
    return bytes;
  });
  const transform = file.transform ? transforms[file.transform] : ([only]) => only;
  if (!transform) fail(`unknown transform ${file.transform} for ${file.name}`);
  const bytes = await transform(sources);
  const actual = sha256(bytes);
  if (printHashes) {
    console.log(`${file.name} ${actual}`);
    continue;
  }
  if (actual !== file.sha256) {
    console.error(`MISMATCH ${file.name}: built ${actual}, expected ${file.sha256}`);
    problems++;
    continue;
  }
  writeFileSync(target, bytes);
  console.log(
    `verified ${file.name} (${(bytes.length / 1e6).toFixed(1)} MB, sha256 ${actual.slice(0, 12)}…)`,
  );
}
if (problems) fail(`${problems} model file(s) did not match their pinned SHA-256.`);
