// Debian's Chromium and the flags that work on these machines (no downloaded browser; the
// background-networking flags keep it from calling hosts the sandbox cannot reach). Used by
// playwright.config.ts and the browser benchmark.
export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
