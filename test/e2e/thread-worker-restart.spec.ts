// The inference worker's restart of WASM thread workers that fail to start
// (src/ml/thread-worker-restart.ts), with real browser workers: the module runs in a page of its
// own, whose worker script fails to load the first time(s), as WebKit fails one of
// onnxruntime-web's thread workers now and then.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import type * as ThreadWorkerRestart from '../../src/ml/thread-worker-restart';
import { THREAD_WORKER_NAME } from '../../src/ml/thread-worker-restart';

const source = readFileSync(
  new URL('../../src/ml/thread-worker-restart.ts', import.meta.url),
  'utf8',
);
const moduleJs = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
}).outputText;

/** A thread worker that answers every message with it, once it has started. */
const THREAD_JS = `self.onmessage = (event) => self.postMessage({ echo: event.data });`;

/** Serves a page with the module, whose thread script fails to load `failures` times. */
async function openPage(page: Page, baseURL: string, failures: number) {
  let threadLoads = 0;
  await page.route(`${baseURL}/restart-test/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const reply = (body: string, contentType: string) =>
      route.fulfill({ status: 200, body, contentType });
    if (path.endsWith('/index.html')) return reply('<!doctype html><title>t</title>', 'text/html');
    if (path.endsWith('/restart.js')) return reply(moduleJs, 'text/javascript');
    if (path.endsWith('/thread.js')) {
      threadLoads += 1;
      if (threadLoads <= failures) return route.fulfill({ status: 404, body: 'not found' });
      return reply(THREAD_JS, 'text/javascript');
    }
    return route.fulfill({ status: 404 });
  });
  await page.goto(`${baseURL}/restart-test/index.html`);
  return { threadLoads: () => threadLoads };
}

interface Outcome {
  replies: unknown[];
  restarts: number[];
  errors: number;
}

/** Starts a thread worker through the module, sends it two messages, waits for what comes. */
function startThread(page: Page, name: string): Promise<Outcome> {
  return page.evaluate(async (workerName) => {
    // A URL of the test page's, not a module TypeScript resolves.
    const url = '/restart-test/restart.js';
    const { restartThreadWorkersThatFailToStart } = (await import(
      /* @vite-ignore */ url
    )) as typeof ThreadWorkerRestart;
    const scope = { Worker };
    const outcome = { replies: [] as unknown[], restarts: [] as number[], errors: 0 };
    restartThreadWorkersThatFailToStart(scope, (n) => outcome.restarts.push(n));
    const worker = new scope.Worker('/restart-test/thread.js', { name: workerName });
    worker.onmessage = (event: MessageEvent) => outcome.replies.push(event.data);
    worker.onerror = () => {
      outcome.errors += 1;
    };
    worker.postMessage('load');
    worker.postMessage('run');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    worker.terminate();
    return outcome;
  }, name);
}

test('a thread worker that fails to start is started again and gets what it was sent', async ({
  page,
  baseURL,
}) => {
  const served = await openPage(page, baseURL ?? '', 2);
  const outcome = await startThread(page, THREAD_WORKER_NAME);
  expect(outcome.restarts).toEqual([1, 2]);
  expect(outcome.errors).toBe(0);
  expect(outcome.replies).toEqual([{ echo: 'load' }, { echo: 'run' }]);
  expect(served.threadLoads()).toBe(3);
});

test('a thread worker that keeps failing gives up after three restarts and reports the error', async ({
  page,
  baseURL,
}) => {
  await openPage(page, baseURL ?? '', 10);
  const outcome = await startThread(page, THREAD_WORKER_NAME);
  expect(outcome.restarts).toEqual([1, 2, 3]);
  expect(outcome.errors).toBe(1);
  expect(outcome.replies).toEqual([]);
});

test('other workers are left as they are: a failed start is reported at once', async ({
  page,
  baseURL,
}) => {
  const served = await openPage(page, baseURL ?? '', 1);
  const outcome = await startThread(page, 'rollcall-inference');
  expect(outcome.restarts).toEqual([]);
  expect(outcome.errors).toBe(1);
  expect(served.threadLoads()).toBe(1);
});
