// The new-class workflow in a real browser on real photos: a roster, a session with two group
// photos, "Recognise students" (clustering makes Unnamed students), the sheet, an override that
// survives a reload, the session CSV as downloaded; then a second session whose faces are
// matched to those students (the existing-class workflow).
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ClassesPage, ClassPage, SessionAttendance } from './support/rollcall';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/photos/${name}`, import.meta.url));

// The first photo compiles the WASM runtime and loads every model: be generous.
const PROCESSING = { timeout: 180_000 };

test.beforeEach(({ page }) => {
  page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
});

test('new class: Recognise students makes Unnamed students present, the roster absent; an override stays; the CSV matches', async ({
  page,
}) => {
  test.setTimeout(400_000);
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Physics');
  const klass = await classes.openClass('Physics');
  await klass.addStudent('Ana Lopez');
  await klass.addStudent('Ben Okafor');
  await expect(klass.students).toHaveCount(2);
  await klass.createSession('2026-11-20T09:00', 'Optics');
  const photos = await klass.openSession('Optics');
  await photos.addFiles([fixture('bbt3.jpg'), fixture('bbt4.jpg')]);
  await expect(photos.status('bbt3.jpg')).toHaveText(/^Done — \d+ faces$/, PROCESSING);
  await expect(photos.status('bbt4.jpg')).toHaveText(/^Done — \d+ faces$/, PROCESSING);

  const attendance = new SessionAttendance(page);
  // Before recognition nobody has a face yet.
  await expect(attendance.rows).toHaveCount(2);
  await expect(attendance.status('Ana Lopez')).toHaveText(/Absent/);

  await attendance.recognise();
  await expect(attendance.recogniseResult).toContainText('New class: grouped the faces into');
  const unnamed = attendance.rows.filter({ hasText: /Unnamed \d+/ });
  await expect(unnamed.first()).toBeVisible();
  const unnamedCount = await unnamed.count();
  expect(unnamedCount).toBeGreaterThanOrEqual(4); // four people are in both photos
  await expect(attendance.rows).toHaveCount(unnamedCount + 2);
  for (const row of await unnamed.all()) {
    await expect(row.getByTestId('attendance-status')).toHaveText(/Present|Uncertain/);
    await expect(row.getByRole('img')).toBeVisible(); // the evidence face
  }
  const present = await attendance.rows
    .getByTestId('attendance-status')
    .filter({ hasText: 'Present' })
    .count();
  expect(present).toBeGreaterThanOrEqual(4);
  await expect(attendance.status('Ana Lopez')).toHaveText(/Absent/);
  await expect(attendance.status('Ben Okafor')).toHaveText(/Absent/);
  await expect(attendance.region.getByLabel('Attendance totals')).toContainText(
    `${present} present · 2 absent`,
  );

  // The teacher knows Ana was there (say, behind the camera).
  await attendance.override('Ana Lopez').selectOption('present');
  await expect(attendance.status('Ana Lopez')).toHaveText(/Present/);
  await page.reload();
  const reloaded = new SessionAttendance(page);
  await expect(reloaded.status('Ana Lopez')).toHaveText(/Present/);
  await expect(reloaded.row('Ana Lopez')).toContainText('set by you (photos say absent)');
  await expect(reloaded.override('Ana Lopez')).toHaveValue('present');

  // The printed page is the sheet alone: no photos, no controls.
  await page.emulateMedia({ media: 'print' });
  await expect(reloaded.sheet).toBeVisible();
  await expect(page.getByRole('region', { name: 'Photos' })).toBeHidden();
  await expect(reloaded.override('Ana Lopez')).toBeHidden();
  await expect(reloaded.region.getByRole('button', { name: 'Print' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  const download = page.waitForEvent('download');
  await reloaded.region.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Physics attendance 2026-11-20 Optics.csv');
  const bytes = readFileSync(await file.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM for Excel
  const lines = bytes.toString('utf8').slice(1).split('\r\n');
  expect(lines[0]).toBe('Student,Status,Set by');
  expect(lines[1]).toBe('Ana Lopez,Present,Teacher');
  expect(lines[2]).toBe('Ben Okafor,Absent,Photos');
  expect(lines.filter((l) => /^Unnamed \d+,(Present|Uncertain),Photos$/.test(l))).toHaveLength(
    unnamedCount,
  );
  expect(lines.at(-1)).toBe('');
  expect(lines).toHaveLength(unnamedCount + 4);

  // The class page's overview counts the session.
  await page.getByRole('link', { name: '← Physics' }).click();
  const overview = page.getByRole('table', { name: 'Attendance overview' });
  await expect(overview.getByRole('row', { name: /Ana Lopez/ })).toContainText('1 of 1');
  await expect(overview.getByRole('row', { name: /Ben Okafor/ })).toContainText('0 of 1');

  // Existing class: the next session's faces are matched to the students made above.
  const sameClass = new ClassPage(page);
  await sameClass.createSession('2026-11-27T09:00', 'Waves');
  const next = await sameClass.openSession('Waves');
  await next.addFiles([fixture('bbt5.jpg')]);
  await expect(next.status('bbt5.jpg')).toHaveText(/^Done — \d+ faces$/, PROCESSING);
  const second = new SessionAttendance(page);
  // Before recognising, every face is to check, each with the student kNN proposes.
  const faces = Number(
    /(\d+) faces/.exec((await next.status('bbt5.jpg').textContent()) ?? '')?.[1],
  );
  const queue = second.region.getByRole('list', { name: 'Faces to check' }).getByRole('listitem');
  await expect(queue).toHaveCount(faces);
  await expect(
    queue.filter({ hasText: /^Looks like Unnamed \d+ \(\d+% sure\)/ }).first(),
  ).toBeVisible();
  await expect(queue.first().getByRole('img')).toBeVisible();
  await second.recognise();
  await expect(second.recogniseResult).toContainText(
    /^Matched \d+ faces? to students of the class\./,
  );
  await expect(second.recogniseResult).not.toContainText('new student');
  // Four people are in all three photos; nobody new was created.
  await expect(second.rows).toHaveCount(unnamedCount + 2);
  const presentNow = second.rows.getByTestId('attendance-status').filter({ hasText: 'Present' });
  await expect.poll(() => presentNow.count()).toBeGreaterThanOrEqual(4);
  await expect(second.status('Ana Lopez')).toHaveText(/Absent/);
  // The faces left over are the ones to check, each with a face and the one-tap choices.
  const summary = (await second.recogniseResult.textContent()) ?? '';
  const left = Number(/(\d+) faces? left to check/.exec(summary)?.[1] ?? 0);
  const toCheck = second.region.getByRole('list', { name: 'Faces to check' }).getByRole('listitem');
  if (left > 0) {
    await expect(toCheck).toHaveCount(left);
    await expect(toCheck.first().getByRole('button', { name: 'Not a student' })).toBeVisible();
  } else {
    await expect(second.region).toContainText('Nothing to check');
  }
  console.log(`second session: ${summary}`);
  await page.getByRole('link', { name: '← Physics' }).click();
  await expect(overview.getByRole('row', { name: /Ana Lopez/ })).toContainText('1 of 2');
});
