#!/usr/bin/env node
// Runs a TypeScript entry (default: the eval command, scripts/eval/main.ts) through Vite's SSR
// module loader, so the pipeline code, import.meta.glob and ?raw imports work as in the app.
// Usage: node scripts/eval/run.mjs <task> [options]            (npm run eval -- <task> ...)
//        node scripts/eval/run.mjs --entry /scripts/bench/x.ts [args]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let argv = process.argv.slice(2);
let entry = '/scripts/eval/main.ts';
if (argv[0] === '--entry') {
  entry = argv[1] ?? entry;
  argv = argv.slice(2);
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
