#!/usr/bin/env node
// Runs a TypeScript entry through Vite's SSR module loader, so the pipeline code,
// import.meta.glob and ?raw imports work in Node as in the app. The entry exports
// `main(argv)`, which returns the exit code. Used by the eval, the benchmarks and the example.
// Usage: node scripts/lib/run-ts.mjs --entry /scripts/bench/x.ts [args]
//        (npm run eval -- <task> ...: the entry /scripts/eval/main.ts)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [flag, entry, ...argv] = process.argv.slice(2);
if (flag !== '--entry' || !entry) {
  console.error('Usage: node scripts/lib/run-ts.mjs --entry /path/from/repo/root.ts [args]');
  process.exit(2);
}

const server = await createServer({
  root,
  configFile: join(root, 'vite.config.ts'),
  server: { middlewareMode: true, hmr: false, ws: false },
  appType: 'custom',
  logLevel: 'error',
});
let code = 1;
try {
  const module = await server.ssrLoadModule(entry);
  code = (await module.main(argv)) ?? 0;
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  code = 1;
} finally {
  await server.close();
}
process.exit(code);
