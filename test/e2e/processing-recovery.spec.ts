// Processing survives what a real classroom does to it: a reload in the middle of a photo, and
// a face model that can't be fetched. Each ends with the app's own data check.
import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { ClassesPage, DevicePage, SessionPhotos, type ClassPage } from './support/rollcall';

const photo = (name: string) =>
  fileURLToPath(new URL(`../fixtures/photos/${name}`, import.meta.url));
const FILES = ['bbt3.jpg', 'bbt4.jpg', 'bbt5.jpg'];
const PROCESSING = { timeout: 120_000 };
// Every one of these photos has faces. (Right after a photo finishes its card can say "0 faces"
// for a moment, until the session's faces have been read again.)
const DONE = /^Done — [1-9]\d* faces?$/;

async function faceCounts(photos: SessionPhotos): Promise<Record<string, string>> {
  const counts: Record<string, string> = {};
  await photos.waitUntilProcessed(PROCESSING);
  for (const file of FILES) {
    await expect(photos.status(file)).toHaveText(DONE, PROCESSING);
    counts[file] = (await photos.status(file).textContent()) ?? '';
    // What the card says is what is stored: one box per face.
    const n = Number(/(\d+)/.exec(counts[file])?.[1]);
    await expect(photos.faceBoxes(file)).toHaveCount(n);
  }
  return counts;
}

async function expectDataConsistent(page: Page): Promise<void> {
  const device = new DevicePage(page);
  await device.open();
  await expect(await device.checkData()).toContainText('All data fits together');
}

async function backToClass(klass: ClassPage, name: string): Promise<void> {
  await klass.page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link').click();
  await klass.expectShown(name);
}

async function newSession(klass: ClassPage, title: string, startsAt: string) {
  return klass.createSession(startsAt, title);
}

test('reloading while a photo is processed: every photo still finishes with the faces of an uninterrupted run, none twice', async ({
  page,
}) => {
  test.setTimeout(420_000);
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Reloads');
  const klass = await classes.openClass('Reloads');

  // The reference: the same photos, processed without interruption.
  const reference = await newSession(klass, 'Reference run', '2024-03-04T09:00');
  await reference.addFiles(FILES.map(photo));
  const expected = await faceCounts(reference);
  expect(expected['bbt4.jpg']).toBe('Done — 6 faces');

  await backToClass(klass, 'Reloads');
  const interrupted = await newSession(klass, 'Reloaded run', '2024-03-05T09:00');
  await interrupted.addFiles(FILES.map(photo));
  // Reload the moment some photo is being processed (a progress state shows; the models
  // are warm by now, so this is watched from inside the page, every frame).
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[data-testid="photo-status"]')].some((status) =>
        /Reading the photo|Finding faces|Recognising|Saving/.test(status.textContent ?? ''),
      ),
    null,
    { polling: 'raf', timeout: PROCESSING.timeout },
  );
  await page.reload();
  const afterReload = new SessionPhotos(page);
  // The reload did interrupt: some photo was still unfinished when the page came back.
  await expect(afterReload.cards).toHaveCount(FILES.length);
  await expect(
    afterReload.cards.getByTestId('photo-status').filter({ hasNotText: /^Done/ }),
  ).not.toHaveCount(0);
  expect(await faceCounts(afterReload)).toEqual(expected);

  await expectDataConsistent(page);
});

test('reloading again and again while one photo is processed does not fail it: it still ends Done', async ({
  page,
}) => {
  test.setTimeout(420_000);
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Many reloads');
  const klass = await classes.openClass('Many reloads');
  const photos = await newSession(klass, 'Reloaded often', '2024-03-07T09:00');
  await photos.addFiles([photo('bbt4.jpg')]);
  // More reloads than the attempts a photo that crashes the page is given: each lands while
  // the photo is being read, in the middle of the work.
  for (let reload = 0; reload < 4; reload++) {
    await page.waitForFunction(
      () =>
        /Finding faces|Recognising|^Failed|^Done/.test(
          document.querySelector('[data-testid="photo-status"]')?.textContent ?? '',
        ),
      null,
      { polling: 'raf', timeout: PROCESSING.timeout },
    );
    // The reloads so far have not failed it.
    await expect(photos.status('bbt4.jpg')).not.toHaveText(/^Failed/, { timeout: 1 });
    await page.reload();
  }
  const afterReloads = new SessionPhotos(page);
  await afterReloads.waitUntilProcessed(PROCESSING);
  await expect(afterReloads.status('bbt4.jpg')).toHaveText('Done — 6 faces');
  await expectDataConsistent(page);
});

test.describe('a face model that cannot be loaded', () => {
  // Without the service worker every model request reaches the network, where it is blocked.
  test.use({ serviceWorkers: 'block' });

  test('the photo fails with a plain message, the rest of the app works, and a retry succeeds once the model is back', async ({
    page,
    context,
  }) => {
    test.setTimeout(300_000);
    await context.route('**/models/arcface-fr-feature-batch.onnx', (route) =>
      route.fulfill({ status: 404, body: 'not here' }),
    );
    const classes = new ClassesPage(page);
    await classes.open();
    await classes.createClass('No model');
    const klass = await classes.openClass('No model');
    const photos = await newSession(klass, 'Broken model', '2024-03-06T09:00');
    await photos.addFiles([photo('bbt4.jpg')]);
    await expect(photos.status('bbt4.jpg')).toHaveText(/^Failed: /, PROCESSING);
    const message = (await photos.status('bbt4.jpg').textContent()) ?? '';
    console.log(`model blocked: ${message}`);
    expect(message).toMatch(/model/i);
    expect(message).not.toMatch(/HTTP|Error:|undefined|\bat\b.*\.js/);

    // The app is still usable: other work goes on.
    await backToClass(klass, 'No model');
    await klass.addStudent('Still works');
    await expect(klass.students.filter({ hasText: 'Still works' })).toHaveCount(1);

    await context.unroute('**/models/arcface-fr-feature-batch.onnx');
    await klass.openSession('Broken model');
    await photos.card('bbt4.jpg').getByRole('button', { name: 'Retry bbt4.jpg' }).click();
    await expect(photos.status('bbt4.jpg')).not.toHaveText(/^Failed/);
    await photos.waitUntilProcessed(PROCESSING);
    await expect(photos.status('bbt4.jpg')).toHaveText('Done — 6 faces');
    await expectDataConsistent(page);
  });
});
