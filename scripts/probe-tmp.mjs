import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '/work/wt/lock/scripts/lib/chromium.mjs';
const delay = Number(process.argv[2] ?? 2);
const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
const context = await browser.newContext();
const t0 = Date.now();
const ts = () => ((Date.now() - t0) / 1000).toFixed(1);
const p1 = await context.newPage();
const p2 = await context.newPage();
for (const [n, p] of [[1, p1], [2, p2]]) {
  p.on('console', (m) => console.log(ts(), `tab${n} console`, m.text()));
  p.on('framenavigated', (f) => { if (f === p.mainFrame()) console.log(ts(), `tab${n} navigated`); });
}
await p1.goto('http://localhost:4201/');
await p1.waitForTimeout(delay * 1000);
await p2.goto('http://localhost:4201/');
const state = async (p) => (await p.locator('h1').allTextContents().catch(() => ['?'])).join('|');
let clicked = false;
for (let i = 0; i < 120; i++) {
  const s1 = await state(p1), s2 = await state(p2);
  console.log(ts(), 'tab1:', s1, ' tab2:', s2);
  if (!clicked && s2.includes('Rollcall is open in another tab')) {
    await p2.getByRole('button', { name: 'Use Rollcall here' }).click();
    console.log(ts(), 'tab2 clicked takeover');
    clicked = true;
  }
  await p1.waitForTimeout(500);
}
await browser.close();
