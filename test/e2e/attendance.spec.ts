// The roster-first workflow in a real browser on real photos (issue 12): a class list, a session
// with two group photos, "Recognise students" (no student is created: the faces become questions,
// "N people not yet named"), the teacher answers questions with a roster name, a new name and "not
// in this class"; the sheet lists the class only; an override survives a reload; the session CSV
// as downloaded; then a second session whose faces are matched to the named students.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ClassesPage,
  ClassPage,
  SessionAttendance,
  SessionSteps,
  WhosWho,
} from './support/rollcall';
import { failOnPageErrors } from './support/page-errors';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/photos/${name}`, import.meta.url));

// The first photo compiles the WASM runtime and loads every model: be generous.
const PROCESSING = { timeout: 180_000 };

failOnPageErrors(test);

test('roster first: Recognise students asks about unknown faces and never adds a row; answers name them; an override stays; the CSV matches', async ({
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
  const photos = await klass.createSession('2026-11-20T09:00', 'Optics');
  await photos.addFiles([fixture('bbt3.jpg'), fixture('bbt4.jpg')]);
  // Once the photos are processed the students are recognised by themselves and the page moves
  // on to Who's who, where the questions are.
  const steps = new SessionSteps(page);
  await expect(steps.waitUntilMovedOn(PROCESSING)).resolves.toBe('Who’s who');
  await expect(page.getByTestId('recognition-notice')).toContainText(
    /\d+ people to name in Who’s who\./,
  );

  const attendance = new SessionAttendance(page);
  await attendance.show();
  await expect(attendance.rows).toHaveCount(2);
  await expect(attendance.status('Ana Lopez')).toHaveText(/Absent/);

  // Recognising again by hand asks the same: still no student created.
  await attendance.recognise();
  await expect(attendance.recogniseResult).toContainText(
    'New class: the faces are grouped by person for you to name.',
  );
  await expect(attendance.recogniseResult).toContainText(/\d+ people not yet named/);
  // The sheet lists the class and only the class: the questions are not rows.
  await expect(attendance.rows).toHaveCount(2);
  const open = attendance.region.getByTestId('open-questions');
  await expect(open).toContainText(/^\d+ people not yet named/);
  const asked = Number(/(\d+) people/.exec((await open.textContent()) ?? '')?.[1]);
  expect(asked).toBeGreaterThanOrEqual(7); // seven people in the two photos
  // The link leads to the questions, in the Who's who step.
  await open.getByRole('link').click();
  await steps.expectShown('Who’s who');
  const review = new WhosWho(page);
  await expect(review.cards).toHaveCount(asked);

  // The teacher answers: a roster name, a new name, and "not in this class".
  await review.name(0, 'Ana Lopez');
  await review.name(0, 'Chris Adeyemi');
  await review.notInClass(0);
  await expect(review.done.filter({ hasText: 'Not in this class' })).toHaveCount(1);
  await expect(review.cards).toHaveCount(asked - 3);
  const left = await review.cards.count();
  expect(left).toBe(asked - 3);
  // The sheet follows: Ana present, Chris a new student, present; the link counts exactly the
  // questions left.
  await attendance.show();
  await expect(attendance.status('Ana Lopez')).toHaveText(/Present/);
  await expect(attendance.status('Chris Adeyemi')).toHaveText(/Present/);
  await expect(open).toContainText(`${left} ${left === 1 ? 'person' : 'people'} not yet named`);
  await expect(attendance.rows).toHaveCount(3);
  await expect(attendance.region.getByLabel('Attendance totals')).toContainText(
    '2 present · 1 absent',
  );

  // The teacher knows Ben was there (say, behind the camera).
  await attendance.override('Ben Okafor').selectOption('present');
  await expect(attendance.status('Ben Okafor')).toHaveText(/Present/);
  await page.reload();
  const reloaded = new SessionAttendance(page);
  await expect(reloaded.status('Ben Okafor')).toHaveText(/Present/);
  await expect(reloaded.row('Ben Okafor')).toContainText('set by you (photos say absent)');
  await expect(reloaded.override('Ben Okafor')).toHaveValue('present');

  // The printed page is the sheet alone: no photos, no controls.
  await page.emulateMedia({ media: 'print' });
  await expect(reloaded.sheet).toBeVisible();
  await expect(page.getByRole('region', { name: 'Photos' })).toBeHidden();
  await expect(reloaded.override('Ben Okafor')).toBeHidden();
  await expect(reloaded.region.getByRole('button', { name: 'Print' })).toBeHidden();
  // The paper says which class and lesson it is (shown only when printing).
  await expect(reloaded.region.getByTestId('print-title')).toBeVisible();
  await expect(reloaded.region.getByTestId('print-title')).toHaveAttribute(
    'data-print-title',
    /^Physics · Optics · .*2026/,
  );
  await page.emulateMedia({ media: 'screen' });
  await expect(reloaded.region.getByTestId('print-title')).toBeHidden();

  const download = page.waitForEvent('download');
  await reloaded.region.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Physics attendance 2026-11-20 Optics.csv');
  const bytes = readFileSync(await file.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM for Excel
  const lines = bytes.toString('utf8').slice(1).split('\r\n');
  expect(lines).toEqual([
    'Class,Date,Lesson,Student,Status,Set by',
    'Physics,2026-11-20 09:00,Optics,Ana Lopez,Present,Photos',
    'Physics,2026-11-20 09:00,Optics,Ben Okafor,Present,Teacher',
    'Physics,2026-11-20 09:00,Optics,Chris Adeyemi,Present,Photos',
    '',
  ]);

  // The class page's overview counts the session.
  await page.getByRole('link', { name: '← Physics' }).click();
  const overview = page.getByRole('table', { name: 'Attendance overview' });
  await expect(overview.getByRole('row', { name: /Ana Lopez/ })).toContainText('1 of 1');
  await expect(overview.getByRole('row', { name: /Ben Okafor/ })).toContainText('1 of 1');

  // Existing class: the next session's faces are matched to the students named above.
  const sameClass = new ClassPage(page);
  const next = await sameClass.createSession('2026-11-27T09:00', 'Waves');
  await next.addFiles([fixture('bbt5.jpg')]);
  await new SessionSteps(page).waitUntilMovedOn(PROCESSING);
  const notice = page.getByTestId('recognition-notice');
  await expect(notice).toContainText(/^Recognised \d+ faces?\./);
  const second = new SessionAttendance(page);
  await second.show();
  // Nobody new: the sheet is still the class list.
  await expect(second.rows).toHaveCount(3);
  console.log(`second session: ${(await notice.textContent()) ?? ''}`);
  await page.getByRole('link', { name: '← Physics' }).click();
  await expect(overview.getByRole('row', { name: /Ben Okafor/ })).toContainText('1 of 2');
});
