// Backup and restore in the real browser: data made through the UI (a class, a roster, a
// session, a real photo processed by the real models) is downloaded as one file, restored into
// a fresh browser profile, and found identical: the restored profile's own backup holds the
// same rows, table by table and row by row, and the same photo bytes.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BackupReader } from '../../src/core/backup/backup-format';
import { PHOTO_DATABASE } from '../../src/core/photos/photo-store';
import { ClassesPage, DevicePage } from './support/rollcall';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const PROCESSING = { timeout: 120_000 };

interface BackupContents {
  migrations: unknown;
  tables: Record<string, unknown[]>;
  photos: Record<string, { mimeType: string; bytes: Buffer }>;
}

/** Reads a downloaded backup with the app's own reader (which checks every checksum). */
async function readBackup(path: string): Promise<BackupContents> {
  const reader = await BackupReader.open(new Blob([readFileSync(path)]));
  const tables: BackupContents['tables'] = {};
  for (const entry of reader.header.tables) {
    tables[entry.name] = JSON.parse(await reader.tableRowsJson(entry)) as unknown[];
  }
  const photos: BackupContents['photos'] = {};
  for (const entry of reader.header.photos) {
    photos[entry.id] = {
      mimeType: entry.mimeType,
      bytes: Buffer.from(await reader.photoBytes(entry)),
    };
  }
  return { migrations: reader.header.migrations, tables, photos };
}

async function openDevicePage(page: Page): Promise<DevicePage> {
  const device = new DevicePage(page);
  await device.open();
  return device;
}

test('a backup restores identical data into a fresh browser profile; bad files and a non-empty device are refused', async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(300_000);
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Physics 101');
  const klass = await classes.openClass('Physics 101');
  await expect(await klass.importRoster(fixture('roster.csv'))).toContainText('Added');
  const photos = await klass.createSession('2024-03-05T09:30', 'Group photo');
  await photos.addFiles([fixture('photos/bbt4.jpg')]);
  await photos.waitUntilProcessed(PROCESSING);
  await expect(photos.status('bbt4.jpg')).toHaveText('Done — 6 faces');

  const device = await openDevicePage(page);
  await expect(await device.checkData()).toContainText('All data fits together');
  const download = await device.downloadBackup();
  expect(download.suggestedFilename()).toMatch(/^rollcall-backup-\d{4}-\d\d-\d\d\.rollcall$/);
  const firstPath = testInfo.outputPath('first.rollcall');
  await download.saveAs(firstPath);
  const original = await readBackup(firstPath);
  expect(original.tables.classes).toHaveLength(1);
  expect(original.tables.students).toHaveLength(4);
  expect(original.tables.face_crops).toHaveLength(6);
  expect(original.tables.embeddings).toHaveLength(6);
  expect(original.tables.audit_log?.length).toBeGreaterThan(0);
  expect(Object.keys(original.photos)).toHaveLength(1);

  // A brand-new, empty browser profile.
  const fresh = await browser.newContext({ baseURL: baseURL ?? '' });
  try {
    const freshPage = await fresh.newPage();
    const freshClasses = new ClassesPage(freshPage);
    await freshClasses.open();
    await expect(freshClasses.classList.getByRole('listitem')).toHaveCount(0);
    const freshDevice = await openDevicePage(freshPage);

    // A cut-off copy is refused in plain words, and nothing is restored.
    const cutPath = testInfo.outputPath('cut.rollcall');
    const bytes = readFileSync(firstPath);
    writeFileSync(cutPath, bytes.subarray(0, bytes.length - 1000));
    const refused = await freshDevice.restoreBackup(cutPath);
    await expect(refused.getByRole('alert')).toContainText('damaged or incomplete');
    await refused.getByRole('button', { name: 'Cancel' }).click();

    const dialog = await freshDevice.restoreBackup(firstPath);
    await expect(dialog).toHaveCount(0);
    await expect(freshDevice.restoreResult).toHaveText(
      'Backup restored: 1 class, 4 students, 1 session, 1 photo.',
    );
    await expect(await freshDevice.checkData()).toContainText('All data fits together');

    // Row by row: the restored profile's own backup holds exactly the original's data.
    const secondPath = testInfo.outputPath('second.rollcall');
    await (await freshDevice.downloadBackup()).saveAs(secondPath);
    const restored = await readBackup(secondPath);
    expect(Object.keys(restored.tables).sort()).toEqual(Object.keys(original.tables).sort());
    for (const [table, rows] of Object.entries(original.tables)) {
      expect(restored.tables[table], `rows of ${table}`).toEqual(rows);
    }
    expect(restored.photos).toEqual(original.photos);
    expect(restored.migrations).toEqual(original.migrations);

    // And the teacher sees it: the class, its roster, the photo with its six faces.
    await freshPage.getByRole('link', { name: '← All classes' }).click();
    const restoredClass = await freshClasses.openClass('Physics 101');
    await expect(restoredClass.students).toHaveCount(4);
    const restoredPhotos = await restoredClass.openSession('Group photo');
    await restoredPhotos.show();
    await expect(restoredPhotos.status('bbt4.jpg')).toHaveText('Done — 6 faces');
    await expect(restoredPhotos.faceBoxes('bbt4.jpg')).toHaveCount(6);

    // Restoring again over data is refused; after deleting all data it works again.
    const again = await openDevicePage(freshPage);
    const conflict = await again.restoreBackup(firstPath);
    await expect(conflict.getByRole('alert')).toContainText('already has Rollcall data');
    await conflict.getByRole('button', { name: 'Cancel' }).click();
    await again.deleteAllData();
    await freshPage.getByRole('link', { name: '← All classes' }).click();
    await expect(freshClasses.classList.getByRole('listitem')).toHaveCount(0);
    const afterDelete = await openDevicePage(freshPage);
    await afterDelete.restoreBackup(firstPath);
    await expect(afterDelete.restoreResult).toContainText('Backup restored: 1 class');
  } finally {
    await fresh.close();
  }
});

test('"Delete all data" pressed just after a reload, while the database is still opening, finishes and deletes everything', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Chemistry 7');
  const device = new DevicePage(page);
  await device.open();

  // The page shows at once after a reload; the database behind it takes a second or more to
  // open. The teacher confirms the deletion in that second.
  await page.reload();
  await device.deleteAllData();

  await page.getByRole('link', { name: '← All classes' }).click();
  await classes.expectShown();
  await expect(classes.classList.getByRole('listitem')).toHaveCount(0);
  await page.reload();
  await classes.expectShown();
  await expect(classes.classList.getByRole('listitem')).toHaveCount(0);
});

test('photos stored by an earlier version as Blobs (before WebKit needed ArrayBuffers) are still read', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Biology 3');
  const klass = await classes.openClass('Biology 3');
  const photos = await klass.createSession('2024-03-06T10:00', 'Old photo');
  await photos.addFiles([fixture('photos/bbt4.jpg')]);
  await photos.waitUntilProcessed(PROCESSING);

  // Rewrite the stored photo as earlier versions stored it: { bytes: Blob, mimeType }.
  const rewritten = await page.evaluate(async (database) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(database);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error(`${database} did not open`));
    });
    const done = (request: IDBRequest | IDBTransaction) =>
      new Promise<void>((resolve, reject) => {
        if (request instanceof IDBTransaction) request.oncomplete = () => resolve();
        else request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error ?? new Error('photo store request failed'));
      });
    const read = db.transaction('photos').objectStore('photos');
    const keys = read.getAllKeys();
    const values = read.getAll();
    await done(values);
    const tx = db.transaction('photos', 'readwrite');
    values.result.forEach((value: { data: ArrayBuffer; mimeType: string }, i: number) => {
      const bytes = new Blob([value.data], { type: value.mimeType });
      tx.objectStore('photos').put({ bytes, mimeType: value.mimeType }, keys.result[i]);
    });
    await done(tx);
    db.close();
    return values.result.length;
  }, PHOTO_DATABASE);
  expect(rewritten).toBe(1);

  await page.reload();
  const device = await openDevicePage(page);
  const path = testInfo.outputPath('old-photos.rollcall');
  await (await device.downloadBackup()).saveAs(path);
  const photosInBackup = Object.values((await readBackup(path)).photos);
  expect(photosInBackup).toHaveLength(1);
  expect(photosInBackup[0]?.mimeType).toBe('image/jpeg');
  expect(photosInBackup[0]?.bytes.equals(readFileSync(fixture('photos/bbt4.jpg')))).toBe(true);
});
