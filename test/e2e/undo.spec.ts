// Undo you can see (issue 13, item 5), in Chromium: after a change a notice at the bottom of the
// screen says what happened in the teacher's words, stays in view while scrolling, and its Undo
// reverts the change; on another lesson's page Undo names the lesson it would change and asks.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ChangeNotice, ClassesPage, SessionAttendance } from './support/rollcall';

async function classWithTwoLessons(page: Page) {
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Physics');
  const klass = await classes.openClass('Physics');
  await klass.addStudent('Penny');
  await klass.addStudent('Howard');
  await klass.createSession('2024-03-05T09:30', 'First lesson');
  await klass.backFromSession();
  await klass.createSession('2024-03-12T09:30', 'Second lesson');
  await klass.backFromSession();
  return klass;
}

test('a change shows a notice in the teacher’s words that stays in view; Undo reverts it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 820, height: 1180 });
  const klass = await classWithTwoLessons(page);
  await klass.openSession('First lesson');
  await new SessionAttendance(page).show(); // a lesson without photos opens on Photos
  const attendance = new SessionAttendance(page);
  const notice = new ChangeNotice(page);
  await expect(attendance.status('Penny')).toHaveText(/Absent/);
  // Nothing changed yet on this page: no notice.
  await expect(notice.message).toHaveText('');

  await attendance.override('Penny').selectOption('present');
  await expect(notice.message).toHaveText('Marked Penny present');
  await expect(attendance.status('Penny')).toHaveText(/Present/);

  // Fixed to the screen: in view at the top and at the bottom of the page, and it never covers
  // the page's last button (the page leaves room for it).
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(notice.message).toBeInViewport();
  await expect(notice.undoButton('Marked Penny present')).toBeInViewport();
  const lastButton = page.getByRole('main').getByRole('button').last();
  await lastButton.scrollIntoViewIfNeeded();
  expect(await isTopmost(lastButton)).toBe(true);
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(notice.message).toBeInViewport();

  await notice.undoButton('Marked Penny present').click();
  await expect(notice.message).toHaveText('Undid: Marked Penny present');
  await expect(attendance.status('Penny')).toHaveText(/Absent/);
  await expect(attendance.override('Penny')).toHaveValue('automatic');
  await expect(attendance.row('Penny')).not.toContainText('set by you');

  // The history says what each step did and where.
  await notice.openHistory();
  await expect(notice.history.getByRole('listitem')).toHaveText([
    /^Undid: Marked Penny present\s*In this lesson$/,
    /^Marked Penny present\s*undone\s*In this lesson$/,
  ]);
});

test('on another lesson’s page, Undo names the lesson it would change and asks first', async ({
  page,
}) => {
  const klass = await classWithTwoLessons(page);
  await klass.openSession('First lesson');
  await new SessionAttendance(page).show(); // a lesson without photos opens on Photos
  const attendance = new SessionAttendance(page);
  const notice = new ChangeNotice(page);
  await attendance.override('Howard').selectOption('absent');
  await attendance.override('Penny').selectOption('present');
  await expect(notice.message).toHaveText('Marked Penny present');

  // Lesson 2: no notice (nothing changed here), the history names lesson 1.
  await page
    .getByRole('link', { name: /Physics/ })
    .first()
    .click();
  await klass.openSession('Second lesson');
  await new SessionAttendance(page).show(); // a lesson without photos opens on Photos
  await expect(notice.message).toHaveText('');
  await notice.openHistory();
  const latest = notice.history.getByRole('listitem').first();
  await expect(latest).toContainText('Marked Penny present');
  await expect(latest).toContainText('In the lesson of');
  await expect(latest).toContainText('(First lesson)');

  // Undo asks; "Cancel" changes nothing.
  await notice.undoButton('Marked Penny present').click();
  const dialog = page.getByRole('dialog', { name: 'Undo a change in another lesson?' });
  await expect(dialog).toContainText('“Marked Penny present”, was made in the lesson of');
  await expect(dialog).toContainText('(First lesson)');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(notice.message).toHaveText('');
  await expect(latest).not.toContainText('undone');

  // Agreed: lesson 1's change is undone, and the notice says where.
  await notice.undoButton('Marked Penny present').click();
  await dialog.getByRole('button', { name: 'Undo it' }).click();
  await expect(notice.message).toHaveText(/^Undid: Marked Penny present \(in the lesson of .*\)$/);
  await page
    .getByRole('link', { name: /Physics/ })
    .first()
    .click();
  await klass.openSession('First lesson');
  await new SessionAttendance(page).show(); // a lesson without photos opens on Photos
  await expect(attendance.status('Penny')).toHaveText(/Absent/);
  await expect(attendance.row('Penny')).not.toContainText('set by you');
  // Only that step: Howard's override stays.
  await expect(attendance.status('Howard')).toHaveText(/Absent/);
  await expect(attendance.row('Howard')).toContainText('set by you');
});

/** Whether nothing (such as a fixed notice) is drawn over the middle of the element. */
async function isTopmost(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return hit !== null && (hit === element || element.contains(hit));
  });
}
