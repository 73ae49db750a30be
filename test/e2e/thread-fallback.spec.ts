// A device where face analysis once stopped answering with several WASM threads keeps using
// one (the page's host reads the remembered setting and caps the inference worker), says so on
// the Device page, and the teacher can let it try several threads again.
import { expect, test } from '@playwright/test';
import { DevicePage } from './support/rollcall';

/** The setting the inference host remembers after a hang (src/client/inference-host.ts). */
const ONE_THREAD_KEY = 'rollcall.inference.one-thread';
/** The Device page shows face analysis once the database has opened: slow on a first visit. */
const OPENING = { timeout: 60_000 };

test('after a hang with several threads, face analysis stays on one thread until reset', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  test.skip(cores < 2, 'one core: face analysis has only one thread anyway');
  const several = `WebAssembly, ${Math.min(4, cores)} threads`;
  const faceAnalysis = page.getByTestId('inference-info');

  await page.goto('/#/about');
  await expect(faceAnalysis).toContainText(several, OPENING);
  await expect(page.getByRole('button', { name: 'Try several threads again' })).toHaveCount(0);

  // What the host writes when the core's inference client falls back to one thread.
  await page.evaluate((key) => localStorage.setItem(key, '1'), ONE_THREAD_KEY);
  await page.reload();
  await expect(faceAnalysis).toContainText('WebAssembly, 1 thread.', OPENING);
  await expect(faceAnalysis).toContainText('stopped answering with several threads');

  // The setting is with the other technical facts, folded away from the teacher's path.
  await new DevicePage(page).openTechnicalDetails();
  await page.getByRole('button', { name: 'Try several threads again' }).click();
  await expect(
    page.getByText('will try several threads the next time Rollcall opens'),
  ).toBeVisible();
  await page.reload();
  await expect(faceAnalysis).toContainText(several, OPENING);
  await expect(faceAnalysis).not.toContainText('stopped answering');
});
