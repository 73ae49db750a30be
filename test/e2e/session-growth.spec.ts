// A session page left open while its photos are processed does a photo's worth of work per
// photo, not a whole session's: every face's close-up is asked of the core once (photo cards
// and Who's who share them), however many photos finish after it, and the whole-session
// analysis (Who's who) is worked out again once the photos are done, not after every photo.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  distinctJpegCopy,
  installPageProbes,
  readPageProbes,
  type PageProbes,
} from '../../scripts/lib/page-probes.mjs';
import { ClassesPage, SessionSteps, WhosWho } from './support/rollcall';

const PHOTOS = 8;
const FACES_PER_PHOTO = 6; // bbt4.jpg
const bbt4 = readFileSync(fileURLToPath(new URL('../fixtures/photos/bbt4.jpg', import.meta.url)));

test('faces of finished photos are not fetched again as more photos finish', async ({ page }) => {
  test.setTimeout(420_000);
  await page.addInitScript(installPageProbes);
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Growing 6A');
  const klass = await classes.openClass('Growing 6A');
  const photos = await klass.createSession('2024-05-02T09:00', 'Long lesson');

  // Distinct bytes, same picture: the session's duplicate check keeps every copy.
  await photos.addFiles(
    Array.from({ length: PHOTOS }, (_, i) => ({
      name: `copy-${i + 1}.jpg`,
      mimeType: 'image/jpeg',
      buffer: distinctJpegCopy(bbt4, i + 1),
    })),
  );
  await expect(photos.cards).toHaveCount(PHOTOS);
  // Once processing stops the faces are grouped into questions (the class has no students) and
  // the page moves on to Who's who, which shows every face.
  await expect(new SessionSteps(page).waitUntilMovedOn({ timeout: 300_000 })).resolves.toBe(
    'Who’s who',
  );
  await expect.poll(() => new WhosWho(page).totalFaces()).toBe(PHOTOS * FACES_PER_PHOTO);
  // Every face's close-up is on screen in its photo's card.
  await photos.show();
  for (let i = 1; i <= PHOTOS; i++)
    await expect(photos.status(`copy-${i}.jpg`)).toHaveText(`Done — ${FACES_PER_PHOTO} faces`);
  await expect(photos.region.getByRole('img', { name: /^Close-up of face \d+$/ })).toHaveCount(
    PHOTOS * FACES_PER_PHOTO,
  );

  const probes = (await page.evaluate(readPageProbes)) as PageProbes;
  expect(probes.finished.filter((f) => f.stage === 'done')).toHaveLength(PHOTOS);
  const faces = PHOTOS * FACES_PER_PHOTO;
  // Each face asked for once, by whichever screen showed it first. Refetching every finished
  // card on each new photo asks for 6 x (1 + 2 + ... + 8) = 216 close-ups for the cards alone.
  expect(probes.thumbnailsAsked).toBe(faces);
  expect(probes.coreCalls.getFaceThumbnails ?? 0).toBeLessThanOrEqual(2 * PHOTOS);
  // Worked out when the page opened and when processing stopped (a pause between two photos
  // may add one), not once per photo (PHOTOS + 1).
  expect(probes.coreCalls.listWhosWho).toBeLessThanOrEqual(PHOTOS / 2);
});
