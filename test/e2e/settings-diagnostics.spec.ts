// A class's recognition settings (Settings → Advanced, off the class page) survive a reload and
// decide which model its photos are embedded with; the Diagnostics page (reached from there)
// checks a face, compares two faces and tries grouping them.
import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { ClassesPage } from './support/rollcall';
import { failOnPageErrors } from './support/page-errors';

failOnPageErrors(test);

const GROUP_PHOTO = fileURLToPath(new URL('../fixtures/photos/bbt4.jpg', import.meta.url));
// The first photo compiles the WASM runtime and loads the models: be generous.
const PROCESSING = { timeout: 180_000 };

const settingsRegion = (page: Page) =>
  page.getByRole('region', { name: 'Advanced: recognising faces' });

/** From the class page to its Settings page. */
async function openSettings(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
}

test.beforeEach(({ page }) => {
  page.on('console', (message) => {
    if (message.type() === 'error') console.log(`[browser error] ${message.text()}`);
  });
});

test("a class's face model and preset are saved, used for its photos, and the diagnostics work on its faces", async ({
  page,
}) => {
  test.setTimeout(360_000);
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Biology');
  const klass = await classes.openClass('Biology');

  // The class page itself names no model; its Settings page does, under Advanced.
  await expect(page.getByText(/ArcFace|FaceNet/)).toHaveCount(0);
  await openSettings(page);

  // Defaults, then a change that is saved and still there after a reload.
  const settings = settingsRegion(page);
  const model = settings.getByLabel('Face recognition');
  const preset = settings.getByLabel('How careful to be');
  await expect(model).toHaveValue('arcface');
  await expect(preset).toHaveValue('balanced');
  await model.selectOption('facenet');
  await expect(settings.getByLabel('Face recognition')).toContainText('Most accurate');
  await expect(settings).toContainText('Technical name: FaceNet');
  await expect(settings).toContainText('Switching makes Rollcall look at every face');
  await preset.selectOption('high-precision');
  await expect(settings).toContainText('Names a face only when Rollcall is very sure.');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(settingsRegion(page).getByLabel('Face recognition')).toHaveValue('facenet');
  await expect(settingsRegion(page).getByLabel('How careful to be')).toHaveValue('high-precision');
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link').click();
  await klass.expectShown('Biology');

  // A photo of the class is embedded with the class's model.
  const photos = await klass.createSession('2024-03-05T09:30', 'Group photo');
  await photos.addFiles([GROUP_PHOTO]);
  await photos.waitUntilProcessed(PROCESSING);
  await expect(photos.status('bbt4.jpg')).toHaveText('Done — 6 faces');

  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link').click();
  await klass.expectShown('Biology');
  await openSettings(page);
  await settingsRegion(page)
    .getByRole('link', { name: /Diagnostics/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Diagnostics' })).toBeVisible();
  await expect(page.getByText('Face model: facenet · Preset: high-precision')).toBeVisible();

  // Check a face.
  const check = page.getByRole('region', { name: 'Check a face' });
  await check.getByLabel('Face to check').selectOption({ label: 'bbt4.jpg, face 1' });
  await expect(check.getByRole('img', { name: 'Close-up of bbt4.jpg, face 1' })).toBeVisible();
  const report = check.getByRole('region', { name: 'Face check result' });
  await expect(report).toContainText('This face has an embedding for facenet');
  await expect(report.getByRole('row')).toHaveCount(2);
  await expect(report.getByRole('row').nth(1)).toContainText('facenet');
  await expect(report.getByRole('row').nth(1)).toContainText('128');

  // Compare two faces: one face with itself, then two people of the same photo.
  const compare = page.getByRole('region', { name: 'Compare two faces' });
  const first = compare.getByLabel('First face');
  const second = compare.getByLabel('Second face');
  await first.selectOption({ label: 'bbt4.jpg, face 1' });
  await second.selectOption({ label: 'bbt4.jpg, face 1' });
  await compare.getByRole('button', { name: 'Compare' }).click();
  const result = compare.getByRole('table', { name: 'Similarity' });
  await expect(result.getByRole('row')).toHaveCount(2);
  await expect(result.getByRole('row').nth(1)).toContainText('facenet');
  await expect(result.getByRole('row').nth(1)).toContainText('1.000');
  await expect(result.getByRole('row').nth(1)).toContainText('Same person');

  await second.selectOption({ label: 'bbt4.jpg, face 2' });
  await compare.getByRole('button', { name: 'Compare' }).click();
  await expect(result.getByRole('row').nth(1)).not.toContainText('1.000');
  await expect(result.getByRole('row').nth(1)).toContainText(/Different people|Too close to call/);
  const similarity = Number(
    await result.getByRole('row').nth(1).getByRole('cell').nth(1).innerText(),
  );
  expect(similarity).toBeLessThan(0.95);

  // Try grouping: six people in one photo are never one group; nothing is saved.
  const grouping = page.getByRole('region', { name: 'Try grouping faces' });
  await grouping.getByRole('button', { name: 'Try grouping (nothing is saved)' }).click();
  await expect(grouping.getByRole('region', { name: 'Grouping result' })).toContainText(
    '6 faces in 6 groups (facenet',
  );
  await grouping.getByLabel('Most new students').fill('0');
  await grouping.getByRole('button', { name: 'Try grouping (nothing is saved)' }).click();
  await expect(grouping.getByRole('alert')).toContainText(
    'The most new students (maxClusters) must be a whole number of at least 1.',
  );
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Diagnostics' })).toBeVisible();
});
