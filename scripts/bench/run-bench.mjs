#!/usr/bin/env node
// `npm run bench`: every performance figure beside its natural alternative, same machine, same
// inputs, same run. Writes bench/results/<date>.json and the tables of docs/PERFORMANCE.md.
//   - whole photo, headless Chromium (onnxruntime-web WASM) vs Node (onnxruntime-node + sharp),
//     per stage, on classroom-dev photos and bbt4 (the same pipeline code on both);
//   - embedding ms/face, browser vs Node, both models, batch 1/8/32;
//   - clustering vs scikit-learn (python3-sklearn) on the same embeddings;
//   - exact kNN per face: the app's SQL query (pgvector) against the class's gallery in memory;
//   - first open of a fresh profile and reopen, in the production build (first-open.mjs).
// Usage: npm run bench [-- --photos N] [--repeat N] [--datasets DIR] [--port N] [--smoke] [--out DIR]
//   --smoke: one small photo, one batch size, tiny clustering / kNN sizes (the harness check
//   the unit tests run), no first open; nothing is written unless --out is given.
//   --only first-open [--runs N]: only the first-open part (builds the app first), printed.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createServer as createNetServer } from 'node:net';
import { basename, join } from 'node:path';
import * as prettier from 'prettier';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../lib/chromium.mjs';
import { firstOpenTable, measureBuild } from './first-open.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const smoke = process.argv.includes('--smoke');
const root = new URL('../..', import.meta.url).pathname;
const datasets = arg('datasets', join(root, '..', 'shared', 'datasets'));
const fixturePhoto = join(root, 'test', 'fixtures', 'photos', 'bbt4.jpg');
const classroom = join(datasets, 'classroom-dev');
const photoCount = Number(arg('photos', 3));
const repeat = Number(arg('repeat', 1));
const freePort = () =>
  new Promise((resolve) => {
    const probe = createNetServer().listen(0, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
const port = Number(arg('port', 0)) || (await freePort());

const photos = smoke
  ? [fixturePhoto]
  : [
      ...(existsSync(classroom)
        ? JSON.parse(readFileSync(join(classroom, 'truth.json'), 'utf8'))
            .sessions.slice(0, photoCount)
            .map((s) => join(classroom, s.file))
        : []),
      fixturePhoto,
    ];
const batches = smoke ? [8] : [1, 8, 32];
const embedFaces = smoke ? 8 : 32;
const clusterSizes = smoke ? [200] : [1000, 5000, 10000, 20000];
const knnSizes = smoke ? [500] : [1000, 10000, 100000];
const load = () => loadavg().map((l) => l.toFixed(1));
const firstOpenRuns = Number(arg('runs', 3));

/** First open and reopen need the production build (service worker, precache). */
async function measureFirstOpenOfBuild() {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return measureBuild({ root, runs: firstOpenRuns });
}

if (arg('only') === 'first-open') {
  const before = load();
  const result = await measureFirstOpenOfBuild();
  console.log(`load average ${before.join(' / ')} before, ${load().join(' / ')} after`);
  console.log(firstOpenTable(result));
  console.log(JSON.stringify(result));
  process.exit(0);
}

const run = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', loadBefore: load() },
  photos: photos.map((p) => basename(p)),
};

// Browser half: Vite serves the bench page (cross-origin isolated, so WASM threads are on);
// photo files are handed to the page by Playwright, so any folder works.
const server = await createServer({
  root,
  configFile: join(root, 'vite.config.ts'),
  logLevel: 'error',
  server: { port, strictPort: true },
});
await server.listen();
const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.route('**/bench-photo/**', (route) => {
    const index = Number(new URL(route.request().url()).pathname.split('/').pop());
    return route.fulfill({ body: readFileSync(photos[index]), contentType: 'image/jpeg' });
  });
  await page.goto(`http://localhost:${port}/scripts/bench/browser/pipeline.html`);
  await page.waitForFunction(() => typeof window.pipelineBench === 'function', null, {
    timeout: 120_000,
  });
  run.browser = await page.evaluate((options) => window.pipelineBench(options), {
    photos: photos.map((_, i) => `/bench-photo/${i}`),
    repeat,
    embedPhoto: `/bench-photo/${photos.indexOf(fixturePhoto)}`,
    embedFaces,
    batches,
  });
  run.browser.photos.forEach((t) => (t.photo = basename(photos[Number(t.photo.split('/').pop())])));
} finally {
  await browser.close();
  await server.close();
}

// Node halves, in the same process order right after.
const node = await createServer({
  root,
  configFile: join(root, 'vite.config.ts'),
  logLevel: 'error',
  server: { middlewareMode: true, hmr: false, ws: false },
  appType: 'custom',
});
try {
  const bench = await node.ssrLoadModule('/scripts/bench/bench-node.ts');
  run.node = await bench.runNodePipeline({
    photos,
    repeat,
    embedPhoto: fixturePhoto,
    embedFaces,
    batches,
  });
  run.node.photos.forEach((t) => (t.photo = basename(t.photo)));
  let sklearn = '';
  try {
    sklearn = execFileSync(bench.PYTHON, ['-c', 'import sklearn; print(sklearn.__version__)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    sklearn = '';
  }
  run.sklearnVersion = sklearn || null;
  run.clustering = bench.runClustering({
    sizes: clusterSizes,
    sklearnMax: sklearn ? Number(arg('sklearn-max', 10000)) : 0,
    sklearnMissing: !sklearn,
  });
  run.knn = await bench.compareKnn({
    sizes: knnSizes,
    queries: smoke ? 5 : 100,
    sqlQueries: smoke ? 3 : 20,
    k: 10,
  });
} finally {
  await node.close();
}
if (!smoke) run.firstOpen = await measureFirstOpenOfBuild();
run.machine.loadAfter = load();

const f = (n) => (n === null || n === undefined ? 'n/a' : Math.round(n).toLocaleString('en'));
const f1 = (n) => (n === null || n === undefined ? 'n/a' : n.toFixed(1));

function pipelineTable() {
  const stages = [
    ['decode', 'decodeMs'],
    ['detect', 'detectMs'],
    ['landmarks + align + embed', 'landmarksEmbedMs'],
    ['thumbnails', 'thumbnailsMs'],
    ['total', 'totalMs'],
  ];
  const lines = [
    '| photo | faces | stage | browser ms | Node ms | browser / Node |',
    '| ----- | ----- | ----- | ---------- | ------- | -------------- |',
  ];
  run.browser.photos.forEach((b, i) => {
    const n = run.node.photos[i];
    for (const [label, key] of stages) {
      lines.push(
        `| ${b.photo} ${b.width}x${b.height} | ${b.faces} / ${n.faces} | ${label} | ${f(b[key])} | ` +
          `${f(n[key])} | ${(b[key] / Math.max(1e-9, n[key])).toFixed(2)}x |`,
      );
    }
    lines.push(
      `| ${b.photo} | | detector runs / Node CPU ms | ${b.detectRuns} | ${n.detectRuns} / cpu ${f(n.cpuMs)} | |`,
    );
  });
  return lines.join('\n');
}

function embedTable() {
  const lines = [
    '| model | batch | browser ms/face | Node ms/face | browser / Node |',
    '| ----- | ----- | --------------- | ------------ | -------------- |',
  ];
  for (const b of run.browser.embedding) {
    const n = run.node.embedding.find((e) => e.model === b.model && e.batch === b.batch);
    lines.push(
      `| ${b.model} | ${b.batch} | ${f1(b.msPerFace)} | ${f1(n?.msPerFace)} | ` +
        `${n ? (b.msPerFace / n.msPerFace).toFixed(2) + 'x' : 'n/a'} |`,
    );
  }
  return lines.join('\n');
}

function clusteringTable() {
  const lines = [
    '| faces | Rollcall ms | scikit-learn ms | scikit-learn / Rollcall | groups (Rollcall / scikit-learn) | note |',
    '| ----- | ----------- | --------------- | ----------------------- | -------------------------------- | ---- |',
  ];
  for (const r of run.clustering) {
    lines.push(
      `| ${f(r.faces)} | ${f(r.rollcallMs)} | ${f(r.sklearnMs)} | ` +
        `${r.sklearnMs ? (r.sklearnMs / r.rollcallMs).toFixed(2) + 'x' : 'n/a'} | ` +
        `${r.rollcallClusters} / ${r.sklearnClusters ?? 'n/a'} | ${r.note} |`,
    );
  }
  return lines.join('\n');
}

function knnTable() {
  const lines = [
    '| gallery faces | method | queries | ms per face (p50) | CPU ms per face (mean) | recall vs SQL | note |',
    '| ------------- | ------ | ------- | ----------------- | ---------------------- | ------------- | ---- |',
  ];
  for (const r of run.knn) {
    lines.push(
      `| ${f(r.galleryFaces)} | ${r.method} | ${r.queries} | ${r.msPerQueryP50.toFixed(2)} | ${r.cpuMsPerQuery.toFixed(2)} | ${r.recall.toFixed(3)} | ${r.note} |`,
    );
  }
  return lines.join('\n');
}

const START = '<!-- npm run bench: generated from here -->';
const END = '<!-- npm run bench: generated up to here -->';
const generated = `${START}

Generated by \`npm run bench\` (scripts/bench/run-bench.mjs) on ${run.date.slice(0, 10)}:
${run.machine.cpus} cores (${run.machine.model}), load average ${run.machine.loadBefore.join(' / ')}
before and ${run.machine.loadAfter.join(' / ')} after (1 / 5 / 15 min). **This machine is shared:
absolute times are noisy; the ratios beside them were measured in the same run on the same
inputs.** Raw numbers: \`bench/results/${run.date.slice(0, 10)}.json\`.

Browser: headless Debian Chromium, onnxruntime-web WASM with ${run.browser.threads} threads
(cross-origin isolated: ${run.browser.crossOriginIsolated}), the bench page served by Vite's dev
server, the pipeline in a worker as in the app. Node: onnxruntime-node (${run.node.threads}
intra-op threads) and sharp. Same code (scripts/bench/pipeline-timing.ts): analyzeImage with the
app's default model (ArcFace), thumbnails as photo-inference.ts makes them (96 px JPEG).

## Whole photo, browser vs Node, per stage

${pipelineTable()}

## Embedding, ms per face, browser vs Node

Crops of the faces of bbt4, ${embedFaces} per run, after a warm-up at each batch size.

${embedTable()}

## Clustering vs scikit-learn

Synthetic ArcFace-like embeddings (45 people, same-person cosine about 0.6; scripts/bench/cluster-scale.ts),
the same float32 matrix for both. Rollcall: ClusteringService (average linkage, exact group
similarity, threshold ${'0.42'}, no cluster cap). scikit-learn ${run.sklearnVersion ?? '(not installed: `apt-get install -y python3-sklearn`)'}:
\`AgglomerativeClustering(n_clusters=None, distance_threshold=1 - 0.42, metric='cosine', linkage='average')\`
(Debian's \`python3-sklearn\`). Rollcall leaves faces that join nobody unclustered, scikit-learn
counts each as a group of one, so group counts differ by definition.

${clusteringTable()}

## kNN per face

A synthetic class (30 students, 512-d ArcFace-like faces, 20 per photo; scripts/bench/knn-index.ts,
\`compareKnn\`) in PGlite + pgvector, the same faces for both: the assignment's SQL neighbour
query (pgvector \`<=>\`, k 10, at most 2 per person) against the class's gallery in memory
(\`ClassGalleries\`, \`FaceMatrix.nearest\`). Recall and "identical" compare each in-memory answer
with SQL's (same faces, order and similarities).

${knnTable()}

## First open and reopen

${
  run.firstOpen
    ? `Production build served by \`vite preview\`, headless Debian Chromium, ${firstOpenRuns} fresh profiles: from
navigation to the classes list usable (scripts/bench/first-open.mjs). Reopen: a new tab once the
offline copy is complete. Bytes: what the server sent for one first visit, until the offline copy
was complete (the page, its workers and the service worker's precache).

${firstOpenTable(run.firstOpen)}`
    : 'Not measured in a --smoke run.'
}

## Not yet measured by \`npm run bench\`

- HNSW with recall: \`scripts/bench/knn-index.ts\` measures it at 1k / 5k / 20k separately
  (issue 14: HNSW recall@10 0.82 at 20k).
- Longest main-thread task while 3 classroom photos process; photos per minute over 200 photos.
- Whole photo "adding to done" in the app (processing queue, database write) in the production build.

${END}`;

// Only the generated part of docs/PERFORMANCE.md is replaced; the notes around it stay.
const docPath = (dir) => join(dir, 'docs', 'PERFORMANCE.md');
const withGenerated = (dir) => {
  const old = existsSync(docPath(dir)) ? readFileSync(docPath(dir), 'utf8') : '';
  const from = old.indexOf(START);
  const to = old.indexOf(END);
  if (from < 0 || to < from) return `# Performance\n\n${generated}\n`;
  return old.slice(0, from) + generated + old.slice(to + END.length);
};

const outDir = arg('out', smoke ? undefined : root);
if (outDir) {
  mkdirSync(join(outDir, 'bench', 'results'), { recursive: true });
  mkdirSync(join(outDir, 'docs'), { recursive: true });
  // Written as Prettier writes them, so `npm run check` stays clean after a bench.
  const results = join(outDir, 'bench', 'results', `${run.date.slice(0, 10)}.json`);
  const jsonOptions = (await prettier.resolveConfig(results)) ?? {};
  writeFileSync(
    results,
    await prettier.format(JSON.stringify(run), { ...jsonOptions, filepath: results }),
  );
  const options = (await prettier.resolveConfig(docPath(outDir))) ?? {};
  writeFileSync(
    docPath(outDir),
    await prettier.format(withGenerated(outDir), { ...options, filepath: docPath(outDir) }),
  );
}
console.log(generated);
process.exit(0);
