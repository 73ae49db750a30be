import { expect, test } from '@playwright/test';
import { ClassesPage } from './support/rollcall';

test('renaming and deleting ask nothing surprising and confirm before deleting', async ({
  page,
}) => {
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Year 2 Ash');
  await classes.createClass('Year 2 Elm');

  // Rename a class from the list, with the keyboard only.
  await classes.classItem('Year 2 Ash').getByRole('button', { name: 'Rename Year 2 Ash' }).click();
  const field = classes.classList.getByLabel('Class name', { exact: true });
  await expect(field).toBeFocused();
  await field.fill('Year 2 Ash (afternoon)');
  await page.keyboard.press('Enter');
  await expect(classes.classItem('Year 2 Ash (afternoon)')).toBeVisible();
  await expect(
    classes.classItem('Year 2 Ash (afternoon)').getByRole('button').first(),
  ).toBeFocused();

  // Renaming to a name that is taken says so next to the field.
  await classes.classItem('Year 2 Elm').getByRole('button', { name: 'Rename Year 2 Elm' }).click();
  await classes.classList.getByLabel('Class name', { exact: true }).fill('year 2 ash (afternoon)');
  await classes.classList.getByRole('button', { name: 'Save' }).click();
  await expect(classes.classList.getByRole('alert')).toContainText('There is already a class');
  await page.keyboard.press('Escape');
  await expect(classes.classItem('Year 2 Elm')).toBeVisible();

  // Student: rename, then delete (Escape cancels the first time).
  const klass = await classes.openClass('Year 2 Elm');
  await klass.addStudent('Jo Bloggs');
  await klass.changeClassList();
  await klass.roster.getByRole('button', { name: 'Rename Jo Bloggs' }).click();
  await klass.roster.getByLabel('Student name', { exact: true }).last().fill('Joanna Bloggs');
  await klass.roster.getByRole('button', { name: 'Save' }).click();
  await expect(klass.students).toHaveText([/^Joanna Bloggs/]);

  await klass.roster.getByRole('button', { name: 'Delete Joanna Bloggs' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this student?' });
  await expect(dialog).toContainText('Delete “Joanna Bloggs” from the class list?');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(klass.students).toHaveCount(1);
  await klass.roster.getByRole('button', { name: 'Delete Joanna Bloggs' }).click();
  await dialog.getByRole('button', { name: 'Delete student' }).click();
  await expect(klass.roster.getByText(/No students yet/)).toBeVisible();

  // Session: edit its title, then delete it from its page.
  await klass.createSession('2024-09-02T08:45', 'First day');
  await page.getByRole('button', { name: 'Edit date and title' }).click();
  await page.getByLabel('Title').fill('First day back');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('First day back')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('2024');
  await page.getByRole('button', { name: 'Delete lesson' }).click();
  await page
    .getByRole('dialog', { name: 'Delete this lesson?' })
    .getByRole('button', { name: 'Delete lesson' })
    .click();
  await klass.expectShown('Year 2 Elm');
  await expect(klass.sessionsSection.getByText(/No lessons yet/)).toBeVisible();

  // Class: delete from the list, after reading what goes with it.
  await page.getByRole('link', { name: /All classes/ }).click();
  await classes.classItem('Year 2 Elm').getByRole('button', { name: 'Delete Year 2 Elm' }).click();
  const classDialog = page.getByRole('dialog', { name: 'Delete this class?' });
  await expect(classDialog).toContainText(
    'Delete class “Year 2 Elm” and all its students, lessons and photos? This can’t be undone.',
  );
  await classDialog.getByRole('button', { name: 'Delete class' }).click();
  await expect(classes.classList.getByRole('listitem')).toHaveCount(1);

  await page.reload();
  await classes.expectShown();
  await expect(classes.classList.getByRole('listitem')).toHaveText([/^Year 2 Ash \(afternoon\)/]);
});

test('an unknown address shows a page-not-found view', async ({ page }) => {
  await page.goto('/#/nowhere/at/all');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to your classes' }).click();
  await new ClassesPage(page).expectShown();
});

test('a student added while the teacher moves on to the lesson form: the typing stays where they typed', async ({
  page,
}) => {
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Year 2 Oak');
  const klass = await classes.openClass('Year 2 Oak');
  const studentName = klass.roster.getByLabel('Student name', { exact: true });
  await studentName.fill('Howard');
  await klass.roster.getByRole('button', { name: 'Add student' }).click();

  // Straight on to the new lesson's title, typing while the student is still being saved.
  const title = klass.sessionsSection.getByLabel('Title');
  await title.focus();
  await title.pressSequentially('First lesson', { delay: 80 });

  await expect(klass.students.filter({ hasText: 'Howard' })).toHaveCount(1);
  await expect(title).toHaveValue('First lesson');
  await expect(title).toBeFocused();
  await expect(studentName).toHaveValue('');
});
