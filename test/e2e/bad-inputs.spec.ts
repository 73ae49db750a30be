// Issue 6, bad input: one selection of awkward files, each reported in plain words on its own
// while the rest of the batch goes on. The files come from scripts/fixtures/make-bad-inputs.mjs.
import { expect, test } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeHugeJpeg, pngBomb, textStartingWith } from '../../scripts/fixtures/hostile-images.mjs';
import { makeLargePhoto } from '../../scripts/fixtures/large-photo.mjs';
import { browserMemoryMb, samplePeakMemory } from './support/browser-memory';
import { ClassesPage, type SessionPhotos } from './support/rollcall';
import { failOnPageErrors } from './support/page-errors';

failOnPageErrors(test);

// The 108-megapixel photo is made at test time (2 MB is too much to commit as a fixture).
const LARGE = 'large-12000x9000.jpg';
const largeDir = mkdtempSync(join(tmpdir(), 'rollcall-large-'));
test.beforeAll(() => makeLargePhoto(join(largeDir, LARGE)));

const badInput = (name: string) =>
  name === LARGE
    ? join(largeDir, LARGE)
    : fileURLToPath(new URL(`../fixtures/bad-inputs/${name}`, import.meta.url));
const photo = (name: string) =>
  fileURLToPath(new URL(`../fixtures/photos/${name}`, import.meta.url));

// The first photo compiles the WASM runtime and loads every model, and the 108-megapixel photo is
// decoded on a 2-core machine: be generous.
const PROCESSING = { timeout: 300_000 };

test.beforeEach(({ page }) => {
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      console.log(`[browser ${message.type()}] ${message.text()}`);
  });
});

/** Centres of a photo's face boxes as drawn on the page. */
/** The spread of a photo's face-box centres, measured in one pass: other cards still processing
 * change the page's layout, so boxes read one at a time could come from different layouts. */
async function boxCentres(photos: SessionPhotos, fileName: string) {
  const centres = await photos.faceBoxes(fileName).evaluateAll((boxes) =>
    boxes.map((box) => {
      const rect = box.getBoundingClientRect();
      return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
    }),
  );
  const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
  return { x: spread(centres.map((c) => c.x)), y: spread(centres.map((c) => c.y)) };
}

test('one selection of bad files: each gets its own plain message and the good photos are still done', async ({
  page,
}) => {
  test.setTimeout(900_000);
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Biology 110');
  const klass = await classes.openClass('Biology 110');
  const photos = await klass.createSession('2024-03-07T08:45', 'Field trip');

  await photos.addFiles([
    badInput('empty.jpg'),
    badInput('class-notes.pdf'),
    photo('truncated.jpg'),
    badInput('transparent.png'),
    badInput('grayscale.jpg'),
    badInput('cmyk.jpg'),
    badInput('exif-rotated.jpg'),
    badInput('large-12000x9000.jpg'),
    badInput('iphone.heic'),
    badInput('no-faces.jpg'),
  ]);

  // Refused when added: nothing is stored for them.
  await expect(photos.summary).toContainText('Added 8 photos.');
  await expect(photos.summary).toContainText('“empty.jpg” was not added: This file is empty.');
  await expect(photos.summary).toContainText(
    '“class-notes.pdf” was not added: This file is not a photo Rollcall can read. Use JPEG, PNG, WebP, GIF, BMP or AVIF photos.',
  );
  await expect(photos.cards).toHaveCount(8);
  await expect(photos.card('empty.jpg')).toHaveCount(0);
  await expect(photos.card('class-notes.pdf')).toHaveCount(0);

  // Every photo reaches its end state, in whatever order the queue takes them; failures do not
  // hold up the others.
  for (const name of [
    'truncated.jpg',
    'transparent.png',
    'grayscale.jpg',
    'cmyk.jpg',
    'exif-rotated.jpg',
    'large-12000x9000.jpg',
    'iphone.heic',
    'no-faces.jpg',
  ]) {
    await expect(photos.status(name)).toHaveText(/^(Done|Failed)/, PROCESSING);
    console.log(`${name}: ${await photos.status(name).textContent()}`);
  }

  await expect(photos.status('truncated.jpg')).toHaveText(
    'Failed: This photo could not be read. The file may be damaged or cut short.',
  );
  await expect(photos.card('truncated.jpg').getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(photos.status('iphone.heic')).toHaveText(
    'Failed: This photo is in HEIC format, which this browser cannot read. Convert it to JPEG and add it again.',
  );

  // Transparent margins become white; the six people in the photo are still found.
  await expect(photos.status('transparent.png')).toHaveText('Done — 6 faces');
  await expect(photos.faceBoxes('transparent.png')).toHaveCount(6);
  await expect(photos.status('grayscale.jpg')).toHaveText('Done — 6 faces');
  await expect(photos.status('cmyk.jpg')).toHaveText('Done — 6 faces');

  // Sideways pixels with EXIF orientation 6: processed upright, so the six faces are found and
  // their boxes sit in a row across the photo as it is shown, not in a column.
  await expect(photos.status('exif-rotated.jpg')).toHaveText('Done — 6 faces');
  await expect(photos.faceBoxes('exif-rotated.jpg')).toHaveCount(6);
  const spread = await boxCentres(photos, 'exif-rotated.jpg');
  expect(spread.x).toBeGreaterThan(2 * spread.y);

  // 108 megapixels: decoded scaled down to 16 megapixels, no crash, the six people found. (Exactly six is
  // the fixme test below: this upscaled photo also gives false detections.)
  await expect(photos.status('large-12000x9000.jpg')).toHaveText(/^Done — \d+ faces$/);
  expect(await photos.faceBoxes('large-12000x9000.jpg').count()).toBeGreaterThanOrEqual(6);

  await expect(photos.status('no-faces.jpg')).toHaveText('Done — 0 faces');
  await expect(photos.faceBoxes('no-faces.jpg')).toHaveCount(0);
});

// FIXME: the 12000x9000 photo (bbt4 scaled up 17x, so every face is large and blurry) is decoded
// at 16 megapixels and processed without a crash, but the tiled detector reports 8 faces, not 6:
// two false detections at the finer pyramid levels (src/ml/detect.ts). Not a codec problem.
test.fixme('a 12000x9000 photo of six people gives exactly six faces', async ({ page }) => {
  test.setTimeout(600_000);
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Biology 111');
  const klass = await classes.openClass('Biology 111');
  const photos = await klass.createSession('2024-03-08T08:45', 'Big photo');
  await photos.addFiles([badInput('large-12000x9000.jpg')]);
  await photos.waitUntilProcessed(PROCESSING);
  await expect(photos.status('large-12000x9000.jpg')).toHaveText('Done — 6 faces');
});

// Issue 10 (defects 5 and 8): hostile files. A text file that begins "BM" and a PNG that claims
// 30000x30000 pixels are refused when added, in plain words, from their headers alone; a real
// 16000x16000 JPEG (256 megapixels) is decoded at the size the pipeline uses, within 600 MB of
// browser memory, and the photo added after it is still done.
test('hostile photo files: fake headers and bombs refused at once, a 16000x16000 photo read within 600 MB', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const huge = join(largeDir, 'huge-16000.jpg');
  await makeHugeJpeg(huge);
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Biology 112');
  const klass = await classes.openClass('Biology 112');
  const photos = await klass.createSession('2024-03-09T08:45', 'Hostile files');

  // The first photo loads the runtime and the models: done before memory is measured.
  await photos.addFiles([photo('bbt4.jpg')]);
  await photos.waitUntilProcessed(PROCESSING);
  await expect(photos.status('bbt4.jpg')).toHaveText('Done — 6 faces');

  await photos.addFiles([
    { name: 'scan.bmp', mimeType: 'image/bmp', buffer: Buffer.from(textStartingWith('BM')) },
    { name: 'bomb.png', mimeType: 'image/png', buffer: Buffer.from(pngBomb(30000, 30000)) },
  ]);
  await expect(photos.summary).toContainText(
    '“scan.bmp” was not added: This file is not a photo Rollcall can read. Use JPEG, PNG, WebP, GIF, BMP or AVIF photos.',
  );
  await expect(photos.summary).toContainText(
    '“bomb.png” was not added: This photo is too large for Rollcall (30000 x 30000 pixels, 900 megapixels; at most 300 here). Add a smaller copy of it.',
  );
  await expect(photos.cards).toHaveCount(1);

  const before = browserMemoryMb();
  const sampler = samplePeakMemory();
  const started = Date.now();
  await photos.addFiles([huge, photo('bbt5.jpg')]);
  await expect(photos.cards).toHaveCount(3);
  // Both processed (the page then recognises and moves on by itself; back to the photos).
  await photos.waitUntilProcessed(PROCESSING);
  const hugeSeconds = (Date.now() - started) / 1000;
  await expect(photos.status('bbt5.jpg')).toHaveText(/^Done/);
  const peak = sampler.stop();
  console.log(
    `16000x16000 JPEG and bbt5.jpg: ${hugeSeconds.toFixed(1)} s to done; browser memory ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB (+${(peak - before).toFixed(0)} MB)`,
  );
  await expect(photos.status('huge-16000.jpg')).toHaveText(/^Done — \d+ faces$/);
  expect(await photos.faceBoxes('huge-16000.jpg').count()).toBeGreaterThanOrEqual(6);
  expect(peak - before).toBeLessThan(600);
});

// Issue 10 (defects 7 and 8): page titles go into the browser's history; they name the kind of
// page, never a class or a student. A name made only of invisible characters is refused in plain
// words, and a look-alike of a classmate's name is a duplicate.
test('names stay out of page titles; invisible and look-alike names are refused in plain words', async ({
  page,
}) => {
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Year 9 Hawthorn');
  const klass = await classes.openClass('Year 9 Hawthorn');
  await klass.addStudent('Anna Kowalski');
  await expect(klass.students).toHaveCount(1);

  await klass.addStudent('\u200b\u200b');
  await expect(
    klass.roster.getByText(
      "A student's name can't be made only of invisible characters. Type it again.",
    ),
  ).toBeVisible();
  await klass.addStudent('Anna\u200b Kowalski\u00ad');
  await expect(klass.roster.getByText(/already a student called “Anna Kowalski”/)).toBeVisible();
  await expect(klass.students).toHaveCount(1);

  await expect(page).toHaveTitle('Class – Rollcall');
  const titles = [await page.title()];
  const classUrl = page.url();
  for (const [subpage, title] of [
    ['/faces', 'Faces of the class – Rollcall'],
    ['/settings', 'Class settings – Rollcall'],
    ['/diagnostics', 'Diagnostics – Rollcall'],
  ] as const) {
    await page.goto(`${classUrl}${subpage}`);
    await expect(page).toHaveTitle(title);
    titles.push(await page.title());
  }
  await page.goto(classUrl);
  await klass.createSession('2024-03-10T08:45', 'Visit of Ms Jones');
  await expect(page).toHaveTitle(/\d.* – Rollcall$/);
  titles.push(await page.title());
  console.log(`page titles: ${titles.join(' | ')}`);
  for (const title of titles) expect(title).not.toMatch(/Hawthorn|Kowalski|Jones/);
});
