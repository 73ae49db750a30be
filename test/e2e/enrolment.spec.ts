// The new-class workflow that starts from a roster with photos: each student is enrolled from
// two reference photos, then a real group photo of the first lesson is matched to them and the
// attendance sheet is read. The people of bbt5.jpg are all five enrolled students.
import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { ClassesPage, SessionAttendance, SessionSteps } from './support/rollcall';
import { failOnPageErrors } from './support/page-errors';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const STUDENTS = ['Howard', 'Leonard', 'Penny', 'Raj', 'Sheldon'];
const PROCESSING = { timeout: 180_000 };

failOnPageErrors(test);

test('students enrolled from reference photos are recognised in a group photo and marked present', async ({
  page,
}) => {
  test.setTimeout(420_000);
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Physics');
  const klass = await classes.openClass('Physics');
  for (const name of [...STUDENTS, 'Amy']) await klass.addStudent(name);
  await expect(klass.students).toHaveCount(STUDENTS.length + 1);
  await klass.changeClassList();

  for (const name of STUDENTS) {
    const lower = name.toLowerCase();
    const chooser = page.waitForEvent('filechooser');
    await klass.roster.getByRole('button', { name: `Add photos of ${name}` }).click();
    await (
      await chooser
    ).setFiles([
      fixture(`enroll/${lower}/${lower}1.png`),
      fixture(`enroll/${lower}/${lower}2.png`),
    ]);
    await expect(
      klass.roster.getByRole('status', { name: `Reference photos of ${name}` }),
    ).toContainText(`2 photos added: Rollcall now knows ${name}’s face.`, PROCESSING);
  }

  // A photo without a face is refused in plain words and nothing else changes.
  const chooser = page.waitForEvent('filechooser');
  await klass.roster.getByRole('button', { name: 'Add photos of Amy' }).click();
  await (await chooser).setFiles([fixture('photos/not-a-photo.jpg')]);
  await expect(klass.roster.getByRole('status', { name: 'Reference photos of Amy' })).toContainText(
    'No photo gave Amy a face.',
  );

  const photos = await klass.createSession('2026-11-20T09:00', 'Optics');
  await photos.addFiles([fixture('photos/bbt5.jpg')]);
  // Recognised by themselves once the photo is done: nobody left to name, so on to the sheet.
  await expect(new SessionSteps(page).waitUntilMovedOn(PROCESSING)).resolves.toBe('Attendance');
  await expect(page.getByTestId('recognition-notice')).toContainText(
    'Recognised 5 faces. Everyone in the photos is named.',
  );
  const attendance = new SessionAttendance(page);
  for (const name of STUDENTS) await expect(attendance.status(name)).toHaveText(/Present/);
  await expect(attendance.status('Amy')).toHaveText(/Absent/);
  // Nobody new was made up: the sheet is the roster.
  await expect(attendance.rows).toHaveCount(STUDENTS.length + 1);
});
