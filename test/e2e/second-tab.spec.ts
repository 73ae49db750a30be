import { expect, test } from '@playwright/test';
import { ClassesPage, HANDED_OVER_HEADING, OTHER_TAB_HEADING } from './support/rollcall';

// Pages of one browser context share IndexedDB, Web Locks and BroadcastChannel: they are two
// tabs of the same browser profile.

test('a second tab waits, can take over, and the first tab steps aside', async ({ context }) => {
  const page1 = await context.newPage();
  const tab1 = new ClassesPage(page1);
  await tab1.open();
  await tab1.createClass('Year 5 Birch');
  const class1 = await tab1.openClass('Year 5 Birch');
  await class1.addStudent('Noor Haddad');
  await expect(class1.students).toHaveCount(1);

  const page2 = await context.newPage();
  await page2.goto('/');
  await expect(page2.getByRole('heading', { level: 1, name: OTHER_TAB_HEADING })).toBeVisible();
  await expect(page2.getByText(/Only one tab or window at a time/)).toBeVisible();
  // Nothing to write with in the waiting tab.
  await expect(page2.getByRole('textbox')).toHaveCount(0);
  await expect(page2.getByRole('button')).toHaveText(['Use Rollcall here']);

  // The first tab carries on, untouched.
  await class1.addStudent('Sam Okafor');
  await expect(class1.students).toHaveCount(2);

  await page2.getByRole('button', { name: 'Use Rollcall here' }).click();
  const tab2 = new ClassesPage(page2);
  await tab2.expectShown();
  await expect(tab2.classItem('Year 5 Birch')).toContainText('2 students');

  await expect(page1.getByRole('heading', { level: 1, name: HANDED_OVER_HEADING })).toBeVisible();
  await expect(page1.getByRole('textbox')).toHaveCount(0);

  const class2 = await tab2.openClass('Year 5 Birch');
  await class2.addStudent('Lena Vogel');
  await expect(class2.students).toHaveText([/^Lena Vogel/, /^Noor Haddad/, /^Sam Okafor/]);

  // The first tab can take the records back, and sees what the second one wrote.
  await page1.getByRole('button', { name: 'Use Rollcall here' }).click();
  await class1.expectShown('Year 5 Birch');
  await expect(class1.students).toHaveText([/^Lena Vogel/, /^Noor Haddad/, /^Sam Okafor/]);
  await expect(page2.getByRole('heading', { level: 1, name: HANDED_OVER_HEADING })).toBeVisible();
  await page2.getByRole('button', { name: 'Use Rollcall here' }).click();
  await class2.expectShown('Year 5 Birch');
  await expect(page1.getByRole('heading', { level: 1, name: HANDED_OVER_HEADING })).toBeVisible();
  await class2.addStudent('Omar Said');
  await expect(class2.students).toHaveCount(4);

  // The first tab queues to take the records back when the second lets go (as on reload):
  // close it, so that the reload below reads what the second tab wrote.
  await page1.close();
  await page2.reload();
  await class2.expectShown('Year 5 Birch');
  await expect(class2.students).toHaveText([
    /^Lena Vogel/,
    /^Noor Haddad/,
    /^Omar Said/,
    /^Sam Okafor/,
  ]);
});

test('closing the tab that has the records lets a waiting tab carry on by itself', async ({
  context,
}) => {
  const page1 = await context.newPage();
  const tab1 = new ClassesPage(page1);
  await tab1.open();
  await tab1.createClass('Year 6 Cedar');

  const page2 = await context.newPage();
  await page2.goto('/');
  await expect(page2.getByRole('heading', { level: 1, name: OTHER_TAB_HEADING })).toBeVisible();

  await page1.close();
  const tab2 = new ClassesPage(page2);
  await tab2.expectShown();
  await expect(tab2.classItem('Year 6 Cedar')).toContainText('0 students · 0 lessons');
  await tab2.createClass('Year 6 Willow');
  await expect(tab2.classList.getByRole('listitem')).toHaveCount(2);
});
