import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ClassesPage, SessionPhotos, SessionSteps } from './support/rollcall';
import { failOnPageErrors } from './support/page-errors';

failOnPageErrors(test);

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/photos/${name}`, import.meta.url));
const GROUP_PHOTO = fixture('bbt4.jpg');
const TRUNCATED = fixture('truncated.jpg');
const NOT_A_PHOTO = fixture('not-a-photo.jpg');

// The first photo compiles the WASM runtime and loads every model: be generous.
const PROCESSING = { timeout: 120_000 };

test.beforeEach(({ page }) => {
  // Worker failures show up here first; keep them in the test output.
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      console.log(`[browser ${message.type()}] ${message.text()}`);
  });
});

test('a group photo gets its six faces boxed, which are still there after reloading; bad files are reported one by one', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Physics 101');
  const klass = await classes.openClass('Physics 101');
  const photos = await klass.createSession('2024-03-05T09:30', 'Group photo');

  await expect(photos.region).toContainText(
    'No photos yet. Drag photos here, choose files, or take a photo.',
  );
  await expect(photos.region.getByRole('button', { name: 'Choose photos' })).toBeVisible();
  await expect(photos.region.getByRole('button', { name: 'Take photo' })).toBeVisible();
  await expect(photos.region.getByLabel('Photo from the camera')).toHaveAttribute(
    'capture',
    'environment',
  );

  const started = Date.now();
  await photos.addFiles([GROUP_PHOTO]);
  await expect(photos.summary).toHaveText('Added 1 photo.');
  await expect(photos.cards).toHaveCount(1);
  // Once processed (and the students recognised) the page moves on to Who's who by itself.
  const steps = new SessionSteps(page);
  await expect(steps.waitUntilMovedOn(PROCESSING)).resolves.toBe('Who’s who');
  console.log(`bbt4.jpg processed in the browser in ${Date.now() - started} ms (first run)`);
  await photos.show();
  await expect(photos.status('bbt4.jpg')).toHaveText('Done — 6 faces');
  await expect(photos.faceBoxes('bbt4.jpg')).toHaveCount(6);
  for (const box of await photos.faceBoxes('bbt4.jpg').all()) await expect(box).toBeVisible();
  await expect(photos.faceBoxes('bbt4.jpg').nth(5)).toHaveAccessibleName(
    'Face 6: Not yet named (?)',
  );
  await expect(photos.card('bbt4.jpg').getByRole('progressbar')).toHaveCount(0);
  await expect(photos.inferenceInfo).toContainText('WebAssembly');
  await expect(photos.region.getByRole('button', { name: 'Stop processing' })).toHaveCount(0);

  // A reload keeps the step shown (it is in the address).
  await page.reload();
  await steps.expectShown('Photos');
  const reloaded = new SessionPhotos(page);
  await expect(reloaded.status('bbt4.jpg')).toHaveText('Done — 6 faces');
  await expect(reloaded.faceBoxes('bbt4.jpg')).toHaveCount(6);
  for (const box of await reloaded.faceBoxes('bbt4.jpg').all()) await expect(box).toBeVisible();

  // The same photo again is recognised, not stored or processed twice.
  await reloaded.addFiles([GROUP_PHOTO]);
  await expect(reloaded.summary).toContainText('No photos were added.');
  await expect(reloaded.summary).toContainText('“bbt4.jpg” is already in this session.');
  await expect(reloaded.cards).toHaveCount(1);

  // One selection with a cut-off JPEG and a file that is no photo at all.
  await reloaded.addFiles([TRUNCATED, NOT_A_PHOTO]);
  await expect(reloaded.summary).toContainText('Added 1 photo.');
  await expect(reloaded.summary).toContainText(
    '“not-a-photo.jpg” was not added: This file is not a photo Rollcall can read.',
  );
  await expect(reloaded.cards).toHaveCount(2);
  await expect(reloaded.card('not-a-photo.jpg')).toHaveCount(0);
  await expect(reloaded.status('truncated.jpg')).toHaveText(
    /^Failed: This photo could not be read\. The file may be damaged or cut short\.$/,
    PROCESSING,
  );
  await expect(reloaded.card('truncated.jpg').getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(reloaded.status('bbt4.jpg')).toHaveText('Done — 6 faces');
  await expect(reloaded.faceBoxes('bbt4.jpg')).toHaveCount(6);
});

/** The group photo with a few bytes after its end: the same picture, a different file. */
const copyOfGroupPhoto = (name: string, marker: number) => ({
  name,
  mimeType: 'image/jpeg',
  buffer: Buffer.concat([readFileSync(GROUP_PHOTO), Buffer.from([marker, marker, marker])]),
});

test.describe('stopping', () => {
  // The models are fetched from the network here (no service worker), so the test can hold the
  // embedding model back: the photo being worked on then stays in progress until the test has
  // pressed Stop. Without that, a quiet machine finishes a photo before the click lands.
  test.use({ serviceWorkers: 'block' });

  test('processing can be stopped, failed photos retried, and a photo deleted', async ({
    page,
    context,
  }) => {
    test.setTimeout(300_000);
    let releaseModel = () => {};
    const modelHeld = new Promise<void>((resolve) => (releaseModel = resolve));
    await context.route('**/models/arcface-fr-feature-batch.onnx', async (route) => {
      await modelHeld;
      await route.continue();
    });
    const classes = new ClassesPage(page);
    await classes.open();
    await classes.createClass('Chemistry 201');
    const klass = await classes.openClass('Chemistry 201');
    const photos = await klass.createSession('2024-03-06T10:00', 'Lab day');

    // Dropped on the zone: one selection, three photos queued one after the other.
    await photos.dropFiles([
      copyOfGroupPhoto('first.jpg', 1),
      copyOfGroupPhoto('second.jpg', 2),
      copyOfGroupPhoto('third.jpg', 3),
    ]);
    await expect(photos.summary).toHaveText('Added 3 photos.');
    await expect(photos.cards).toHaveCount(3);
    const stop = photos.region.getByRole('button', { name: 'Stop processing' });
    await expect(stop).toBeVisible();
    // While the photos wait or are worked on, each shows a progress bar.
    const bars = photos.region.getByRole('progressbar', { name: /^Progress of .+\.jpg$/ });
    await expect(bars).toHaveCount(3);
    await expect(bars.first()).toHaveAttribute('aria-valuenow', /^\d+$/);
    // Stopped while a photo is being read (its models held back): the photo in progress stops
    // too, not only those waiting.
    const working = photos.region
      .getByTestId('photo-status')
      .filter({ hasText: /^(Reading the photo|Finding faces)/ });
    await expect(working).toHaveCount(1, PROCESSING);
    await stop.click();
    await expect(photos.region.getByRole('button', { name: 'Stop processing' })).toHaveCount(0);
    releaseModel();
    await expect(
      photos.region.getByRole('button', { name: /^(Stop processing|Stopping…)$/ }),
    ).toHaveCount(0, PROCESSING);
    for (const name of ['first.jpg', 'second.jpg', 'third.jpg']) {
      await expect(photos.status(name)).toHaveText(
        'Failed: Stopped before this photo was processed.',
      );
      await expect(photos.card(name).getByRole('button', { name: `Retry ${name}` })).toBeVisible();
    }
    await expect(bars).toHaveCount(0);

    await photos.region.getByRole('button', { name: 'Retry all 3 failed photos' }).click();
    await new SessionSteps(page).waitUntilMovedOn(PROCESSING);
    await photos.show();
    for (const name of ['first.jpg', 'second.jpg', 'third.jpg']) {
      await expect(photos.status(name)).toHaveText('Done — 6 faces', PROCESSING);
      await expect(photos.faceBoxes(name)).toHaveCount(6);
    }

    // Deleting asks first; cancelling keeps the photo.
    await photos.card('second.jpg').getByRole('button', { name: 'Delete second.jpg' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this photo?' });
    await expect(dialog).toContainText('“second.jpg”');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(photos.cards).toHaveCount(3);
    await photos.card('second.jpg').getByRole('button', { name: 'Delete second.jpg' }).click();
    await dialog.getByRole('button', { name: 'Delete photo' }).click();
    await expect(photos.cards).toHaveCount(2);
    await expect(photos.card('second.jpg')).toHaveCount(0);

    await page.reload();
    const reloaded = new SessionPhotos(page);
    await reloaded.show();
    await expect(reloaded.cards).toHaveCount(2);
    await expect(reloaded.status('first.jpg')).toHaveText('Done — 6 faces');
    await expect(reloaded.status('third.jpg')).toHaveText('Done — 6 faces');
  });
});
