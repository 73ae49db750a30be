import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { ClassPage, ClassesPage } from './support/rollcall';

const ROSTER_CSV = fileURLToPath(new URL('../fixtures/roster.csv', import.meta.url));

// Sorted as the roster lists them. "Hopper, Grace" is one quoted CSV field with a comma.
const ALL_STUDENTS = [
  'Ada Lovelace',
  'Alan Turing',
  'Hopper, Grace',
  'Katherine Johnson',
  'Maya Patel',
];

test('a class, its roster and its sessions are still there after reloading', async ({ page }) => {
  const classes = new ClassesPage(page);
  await classes.open();
  await expect(
    page.getByText('No classes yet. Create your first class to start taking attendance.'),
  ).toBeVisible();

  await classes.createClass('Year 4 Maple');
  const klass = await classes.openClass('Year 4 Maple');
  await expect(klass.roster.getByText(/No students yet/)).toBeVisible();

  await klass.addStudent('Maya Patel');
  await klass.addStudent('Alan Turing');
  await expect(klass.students).toHaveCount(2);

  const summary = await klass.importRoster(ROSTER_CSV);
  await expect(summary).toContainText('Added 3 students.');
  await expect(summary).toContainText('1 was already on the roster: Alan Turing.');
  await expect(klass.students).toHaveText(ALL_STUDENTS.map((name) => new RegExp(`^${name}`)));

  await expect(klass.sessionsSection.getByText(/No lessons yet/)).toBeVisible();
  // Creating a lesson opens it; back on the class page it is listed.
  await klass.createSession('2024-03-05T09:30', 'Morning lesson');
  await klass.backFromSession();
  await expect(klass.sessions).toHaveCount(1);
  await expect(klass.sessions.first()).toContainText('0 photos');

  await page.reload();
  const reloaded = new ClassPage(page);
  await reloaded.expectShown('Year 4 Maple');
  await expect(reloaded.students).toHaveText(ALL_STUDENTS.map((name) => new RegExp(`^${name}`)));
  await expect(reloaded.sessions).toHaveCount(1);
  await expect(reloaded.sessions.first()).toContainText('Morning lesson');
  await expect(reloaded.sessions.first()).toContainText('2024');

  // The session page survives a reload too.
  await reloaded.sessions.first().getByRole('link').click();
  await expect(page.getByText('Morning lesson')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Photos' })).toContainText(
    'No photos yet. Drag photos here, choose files, or take a photo.',
  );
  await page.reload();
  await expect(page.getByText('Morning lesson')).toBeVisible();

  await page.getByRole('link', { name: /Year 4 Maple/ }).click();
  await reloaded.expectShown('Year 4 Maple');
  await page.getByRole('link', { name: /All classes/ }).click();
  await classes.expectShown();
  await expect(classes.classItem('Year 4 Maple')).toContainText('5 students · 1 lesson');
});

test('adding a student who is already on the roster says so and adds nothing', async ({ page }) => {
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Reception Oak');
  const klass = await classes.openClass('Reception Oak');
  await klass.addStudent('Maya Patel');
  await expect(klass.students).toHaveCount(1);

  await klass.addStudent('  maya   patel ');
  const alert = klass.roster.getByRole('alert');
  await expect(alert).toContainText('There is already a student called');
  await expect(alert).toContainText('in this class.');
  await expect(klass.roster.getByLabel('Student name', { exact: true })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await expect(klass.students).toHaveCount(1);

  // Still one after a reload: nothing was half-written.
  await page.reload();
  await klass.expectShown('Reception Oak');
  await expect(klass.students).toHaveCount(1);
  await expect(klass.students.first()).toContainText('Maya Patel');
});
