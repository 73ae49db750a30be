// Loaded with `node --require` into Playwright's worker processes (see playwright.config.ts):
// Firefox ESR 153's WebDriver BiDi lacks `emulation.setMediaFeaturesOverride`, which Playwright
// 1.65 sends for every new browser context and page, so no context could open. This makes that
// one command tolerate "unknown command" (the media features then stay the browser's own),
// in memory only, when Playwright's bundle is compiled; node_modules is not changed.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (node --require) */
const Module = require('node:module');
const path = require('node:path');

const TARGET = path.join('playwright-core', 'lib', 'coreBundle.js');
const SEND =
  /await (this\._(?:browser\._browserSession|session))\.send\("emulation\.setMediaFeaturesOverride", (\{[\s\S]*?\n\s*\})\);/g;

const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  if (filename.endsWith(TARGET)) {
    let patched = 0;
    content = content.replace(SEND, (_all, session, params) => {
      patched += 1;
      return `await ${session}.send("emulation.setMediaFeaturesOverride", ${params}).catch((e) => { if (!/unknown command/.test(String(e && e.message))) throw e; });`;
    });
    if (patched !== 2)
      process.emitWarning(
        `firefox-esr-hook: expected 2 setMediaFeaturesOverride calls, patched ${patched}`,
      );
  }
  return compile.call(this, content, filename);
};
