import { defineConfig, devices } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from './scripts/lib/chromium.mjs';

// Browser tests run in Debian's Chromium (/usr/bin/chromium; .ci/run installs it). Playwright's
// own browser downloads are never used: nothing but package registries is reachable.
// PW_PORT lets two checkouts run their browser tests side by side.
const port = Number(process.env.PW_PORT ?? 4173);

// Firefox ESR 153 lacks a WebDriver BiDi command Playwright sends for every new page; the hook
// (loaded into the test workers) lets that one command fail quietly. See the file.
const firefoxEsrHook = fileURLToPath(
  new URL('./test/e2e/engines/firefox-esr-hook.cjs', import.meta.url),
);
if (!process.env.NODE_OPTIONS?.includes(firefoxEsrHook)) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${firefoxEsrHook}`.trim();
}

export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    ...devices['Desktop Chrome'],
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_EXECUTABLE,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: `npm run build && npx vite preview --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
