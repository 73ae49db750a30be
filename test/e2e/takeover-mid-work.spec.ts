// Taking over while the other tab is in the middle of work: the hand-over waits for the work to
// be stored, or reports exactly what was not. The tab that handed over never says "Everything
// you did here is saved" unless it is, and the data check passes afterwards.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ClassesPage,
  DevicePage,
  HANDED_OVER_HEADING,
  OTHER_TAB_HEADING,
} from './support/rollcall';

const PHOTO_COUNT = 200;
const EVERYTHING_SAVED = 'Everything you did here is saved.';

/** Distinct copies of one small photo: bytes after the JPEG's end marker are ignored. */
function photoCopies(count: number): { name: string; mimeType: string; buffer: Buffer }[] {
  const original = readFileSync(
    fileURLToPath(new URL('../fixtures/faces/George_W_Bush_0001.jpg', import.meta.url)),
  );
  return Array.from({ length: count }, (_, i) => ({
    name: `copy-${String(i + 1).padStart(3, '0')}.jpg`,
    mimeType: 'image/jpeg',
    buffer: Buffer.concat([original, Buffer.from(`copy ${i + 1}`)]),
  }));
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

/** The data check's result: the records fit together; returns how many photo files it found. */
async function checkData(page: Page): Promise<number> {
  const device = new DevicePage(page);
  await device.open();
  await device.backupSection.getByRole('button', { name: 'Check data' }).click();
  // Slow while the photos just added are being processed.
  const result = device.backupSection.getByRole('status', { name: 'Data check result' });
  await expect(result).toContainText('All data fits together', { timeout: 60_000 });
  return Number(/(\d+) photo files? checked/.exec((await result.textContent()) ?? '')?.[1]);
}

test('a takeover while photos are being added, then while a backup is restored', async ({
  context,
}) => {
  test.setTimeout(300_000);
  const first = await context.newPage();
  const firstClasses = new ClassesPage(first);
  await firstClasses.open();
  await firstClasses.createClass('Takeover class');
  const klass = await firstClasses.openClass('Takeover class');
  const photos = await klass.createSession('2024-03-05T09:30', 'Busy lesson');

  const second = await context.newPage();
  await second.goto('/');
  await expect(heading(second, OTHER_TAB_HEADING)).toBeVisible();

  await test.step('while photos are being added', async () => {
    await photos.addFiles(photoCopies(PHOTO_COUNT));
    await expect(first.getByText(`Adding ${PHOTO_COUNT} photos…`)).toBeVisible();
    await second.getByRole('button', { name: 'Use Rollcall here' }).click();
    // The first tab stores the whole selection first, then lets go.
    await expect(heading(second, 'Your classes')).toBeVisible({ timeout: 120_000 });

    // What the first tab says about the photos is what is stored: all of them, or none and
    // it says so.
    await expect(heading(first, HANDED_OVER_HEADING)).toBeVisible();
    const report = (await first.getByRole('main').textContent()) ?? '';
    console.log(`tab 1 after the takeover: ${report}`);
    const saved = report.includes(EVERYTHING_SAVED) ? PHOTO_COUNT : 0;
    if (saved === 0) expect(report).toContain(`Adding ${PHOTO_COUNT} photos. Not saved`);
    expect(await checkData(second)).toBe(saved);
  });

  await test.step('while a backup is restored', async () => {
    const device = new DevicePage(second);
    const backupPath = test.info().outputPath('with-photos.rollcall');
    await (await device.downloadBackup()).saveAs(backupPath);
    await device.backupSection
      .getByRole('button', { name: 'Delete all data on this device' })
      .click();
    const dialog = second.getByRole('dialog', { name: 'Delete all data on this device?' });
    await dialog.getByLabel('Type DELETE to confirm').fill('DELETE');
    await dialog.getByRole('button', { name: 'Delete all data' }).click();
    // A new, empty database is created afterwards: as slow as a first visit.
    await expect(dialog).toHaveCount(0, { timeout: 120_000 });
    expect(await checkData(second)).toBe(0);

    // The first tab takes the records back just as the second starts the restore.
    await device.restoreBackup(backupPath);
    await first.getByRole('button', { name: 'Use Rollcall here' }).click();
    // Tab 1 was still on the lesson, which the other tab's "Delete all data" removed: it says so,
    // and leads back to the classes.
    await expect(first.getByText('This lesson isn’t on this device any more.')).toBeVisible();
    await first.getByRole('link', { name: 'Go to your classes' }).click();
    await new ClassesPage(first).expectShown();

    // The Device & privacy page stays open in the tab that handed over: it says that the
    // restore did not happen, and that nothing changed (it was stopped, or refused if the
    // takeover came first).
    const report = second.getByRole('list', { name: 'Not finished' });
    await expect(report).toContainText('Restoring the backup');
    await expect(report).toContainText(/nothing was changed/i);
    await expect(second.getByText(EVERYTHING_SAVED)).toHaveCount(0);
    console.log(`tab 2 after the takeover: ${await report.textContent()}`);

    // Nothing was changed indeed: no class, no photo, and the data fits together.
    await expect(new ClassesPage(first).classList.getByRole('listitem')).toHaveCount(0);
    expect(await checkData(first)).toBe(0);
  });
});
