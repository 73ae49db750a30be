// The new-class workflow's first half in the browser: a session of real group photos is grouped
// into students, the teacher names groups (a new name, and a roster name that merges), splits a
// face off, undoes it, and marks a face "not a student"; everything survives a reload.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { ClassesPage } from './support/rollcall';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/photos/${name}`, import.meta.url));

// Three photos, sixteen faces, seven people (four of them in all three photos).
const PHOTOS = ['bbt3.jpg', 'bbt4.jpg', 'bbt5.jpg'];
const PROCESSING = { timeout: 180_000 };

class FaceReview {
  constructor(readonly page: Page) {}

  get region(): Locator {
    return this.page.getByRole('region', { name: 'Faces by student' });
  }

  group(title: string | RegExp): Locator {
    return this.region.getByRole('listitem', { name: title, exact: typeof title === 'string' });
  }

  faces(title: string): Locator {
    return this.region
      .getByRole('list', { name: `Faces of ${title}`, exact: true })
      .getByRole('button');
  }

  get status(): Locator {
    return this.region.getByTestId('review-status');
  }

  async nameGroup(title: string, name: string): Promise<void> {
    const group = this.group(title);
    // A name field with roster suggestions is a combobox.
    await group.getByRole('combobox', { name: /^(Who is|Rename or merge)/ }).fill(name);
    await group.getByRole('button', { name: 'Save name' }).click();
  }
}

test('grouping a session into students, naming, merging into the roster, split, undo, not a student', async ({
  page,
}) => {
  test.setTimeout(420_000);
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Physics');
  const klass = await classes.openClass('Physics');
  await klass.addStudent('Penny');
  await expect(klass.students).toHaveCount(1);
  await klass.createSession('2024-03-05T09:30', 'First lesson');
  const photos = await klass.openSession('First lesson');
  await photos.addFiles(PHOTOS.map(fixture));
  for (const file of PHOTOS) await expect(photos.status(file)).toHaveText(/^Done/, PROCESSING);

  const review = new FaceReview(page);
  // Before any student exists, the faces come as proposed groups of unassigned faces.
  await expect(review.group('New person?')).toHaveCount(7);
  await review.region.getByRole('button', { name: 'Make students from new faces' }).click();
  await expect(review.status).toHaveText('Made 7 new students from 16 faces.');
  await expect(review.group(/^Unnamed \d+$/)).toHaveCount(7);
  const titles = await review.region.getByRole('heading', { level: 3 }).allTextContents();
  expect(titles).toHaveLength(7);
  const [first, second] = titles as [string, string];
  await expect(review.faces(first)).toHaveCount(3);

  // A new name renames the group; the roster's name merges the group into that student.
  await review.nameGroup(first, 'Leonard');
  await expect(review.group('Leonard')).toBeVisible();
  await expect(review.faces('Leonard')).toHaveCount(3);
  await review.nameGroup(second, 'penny');
  await expect(review.group('Penny')).toBeVisible();
  await expect(review.faces('Penny')).toHaveCount(3);
  await expect(review.group(second)).toHaveCount(0);

  // Split one face off Leonard, then undo it.
  await review.faces('Leonard').first().click();
  await expect(review.faces('Leonard').first()).toHaveAttribute('aria-pressed', 'true');
  const selection = review.region.getByRole('region', { name: 'Selected faces' });
  await expect(selection).toContainText('1 face selected');
  await selection.getByRole('button', { name: 'New student from these' }).click();
  await expect(review.status).toHaveText(/^Moved 1 face to a new student, Unnamed \d+\.$/);
  await expect(review.faces('Leonard')).toHaveCount(2);
  await review.region.getByRole('button', { name: 'Undo' }).click();
  await expect(review.status).toHaveText(/^Undone: Split a face into Unnamed \d+\.$/);
  await expect(review.faces('Leonard')).toHaveCount(3);

  // A face that is nobody in the class.
  const lastTitle = (await review.region.getByRole('heading', { level: 3 }).allTextContents()).at(
    -1,
  )!;
  await review.faces(lastTitle).first().click();
  await selection.getByRole('button', { name: 'Not a student' }).click();
  await expect(review.status).toHaveText('Marked 1 face as not a student.');
  await expect(review.group('Not students')).toBeVisible();
  await expect(review.faces('Not students')).toHaveCount(1);

  // Saved at once: a reload shows the same groups.
  await page.reload();
  const reloaded = new FaceReview(page);
  await expect(reloaded.faces('Leonard')).toHaveCount(3);
  await expect(reloaded.faces('Penny')).toHaveCount(3);
  await expect(reloaded.faces('Not students')).toHaveCount(1);

  // The roster now has the named students, and the class-wide view shows the same faces.
  await page
    .getByRole('link', { name: /Physics/ })
    .first()
    .click();
  await expect(klass.students.filter({ hasText: 'Leonard' })).toHaveCount(1);
  await page.getByRole('link', { name: 'Review the faces of the whole class' }).click();
  await expect(reloaded.faces('Leonard')).toHaveCount(3);
});
