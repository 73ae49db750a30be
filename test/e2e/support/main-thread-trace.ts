// A Chromium trace of the page's threads, for attributing main-thread tasks to their causes
// (scripts/bench/main-thread-breakdown.mjs reads it). Through the browser's debugging protocol,
// so Chromium only. The CPU profiler's sampling adds its own overhead: a traced run shows where
// the time goes, an untraced run measures it.
import type { Page } from '@playwright/test';
import { createWriteStream } from 'node:fs';

const CATEGORIES = [
  'toplevel', // every task, with its wall and CPU time
  'devtools.timeline', // what runs inside it: script, style, layout, paint, resource loads
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing', // the test's performance.mark()s
  'disabled-by-default-v8.cpu_profiler', // JavaScript samples, named through source maps
];

export async function startMainThreadTrace(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { includedCategories: CATEGORIES },
  });
  return {
    /** Ends the trace and writes it (Chromium's JSON trace format) to `file`. */
    async stop(file: string): Promise<void> {
      const complete = new Promise<string | undefined>((resolve) =>
        cdp.once('Tracing.tracingComplete', (event) => resolve(event.stream)),
      );
      await cdp.send('Tracing.end');
      const handle = await complete;
      if (!handle) throw new Error('Chromium returned no trace');
      const out = createWriteStream(file);
      for (;;) {
        const chunk = await cdp.send('IO.read', { handle, size: 1 << 20 });
        out.write(chunk.base64Encoded ? Buffer.from(chunk.data, 'base64') : chunk.data);
        if (chunk.eof) break;
      }
      await cdp.send('IO.close', { handle });
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
      await cdp.detach();
    },
  };
}
