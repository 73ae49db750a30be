// The new-class workflow's first half in the browser: a session of real group photos is grouped
// into questions (never students), the teacher answers them in Who's who (a new name, and a
// roster name), then, on the class's faces by person, splits a face off into a new question,
// undoes it, and says a face is not in this class; everything survives a reload.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { ChangeNotice, ClassesPage, SessionSteps, WhosWho } from './support/rollcall';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/photos/${name}`, import.meta.url));

// Three photos, sixteen faces, seven people (four of them in all three photos).
const PHOTOS = ['bbt3.jpg', 'bbt4.jpg', 'bbt5.jpg'];
const PROCESSING = { timeout: 180_000 };

class FaceReview {
  constructor(readonly page: Page) {}

  get region(): Locator {
    return this.page.getByRole('region', { name: 'Faces by person' });
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

test('grouping a session into questions, answering with a new and a roster name, split, undo, not in this class', async ({
  page,
}) => {
  test.setTimeout(420_000);
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Physics');
  const klass = await classes.openClass('Physics');
  await klass.addStudent('Penny');
  await expect(klass.students).toHaveCount(1);
  const photos = await klass.createSession('2024-03-05T09:30', 'First lesson');
  await photos.addFiles(PHOTOS.map(fixture));
  // Once processed, the faces are grouped into questions by themselves and the page moves on to
  // Who's who.
  await expect(new SessionSteps(page).waitUntilMovedOn(PROCESSING)).resolves.toBe('Who’s who');
  await expect(page.getByTestId('recognition-notice')).toContainText(/\d+ people to name/);

  // Who's who: the unknown faces are already grouped into questions (nobody is named yet).
  const whosWho = new WhosWho(page);
  // A new class is grouped with the high-precision parameters: at least the seven people, one
  // person at worst in two questions (the teacher gives both the same name).
  const asked = await whosWho.questionCount();
  expect(asked).toBeGreaterThanOrEqual(7);
  expect(asked).toBeLessThan(16);
  // A new name makes the student; the roster's name gives the faces to that student.
  const leonardFaces = await whosWho.faceCount(0);
  expect(leonardFaces).toBeGreaterThanOrEqual(2); // someone in all three photos
  await whosWho.name(0, 'Leonard');
  // Every change is said in the teacher's words on the app's notice, with Undo.
  const notice = new ChangeNotice(page);
  await expect(notice.message).toHaveText(`Named ${leonardFaces} faces Leonard`);
  const pennyFaces = await whosWho.faceCount(0);
  await whosWho.name(0, 'penny');
  await expect(whosWho.cards).toHaveCount(asked - 2);

  // Every face of the class by person: the students named, and the corrections.
  await whosWho.region.getByRole('link', { name: 'Every face of the class by person' }).click();
  const review = new FaceReview(page);
  await expect(review.faces('Leonard')).toHaveCount(leonardFaces);
  await expect(review.faces('Penny')).toHaveCount(pennyFaces);
  await expect(review.group('Not yet named')).toHaveCount(asked - 2);

  // Split one face off Leonard (someone else, not yet named), then undo it.
  await review.faces('Leonard').first().click();
  await expect(review.faces('Leonard').first()).toHaveAttribute('aria-pressed', 'true');
  const selection = review.region.getByRole('region', { name: 'Selected faces' });
  await expect(selection).toContainText('1 face selected');
  await selection.getByRole('button', { name: 'Someone else' }).click();
  await expect(review.status).toHaveText('Moved 1 face to a new person not yet named.');
  await expect(review.faces('Leonard')).toHaveCount(leonardFaces - 1);
  await expect(review.group('Not yet named')).toHaveCount(asked - 1);
  await expect(notice.message).toHaveText('Moved a face to someone not yet named');
  await notice.undoButton('Moved a face to someone not yet named').click();
  await expect(notice.message).toHaveText('Undid: Moved a face to someone not yet named');
  await expect(review.faces('Leonard')).toHaveCount(leonardFaces);

  // A face that is nobody in the class.
  await review.group('Not yet named').last().getByRole('button').first().click();
  await selection.getByRole('button', { name: 'Not in this class' }).click();
  await expect(review.status).toHaveText('Marked 1 face as not in this class.');
  await expect(review.group('Not in this class')).toBeVisible();
  await expect(review.faces('Not in this class')).toHaveCount(1);

  // Saved at once: a reload shows the same groups.
  await page.reload();
  const reloaded = new FaceReview(page);
  await expect(reloaded.faces('Leonard')).toHaveCount(leonardFaces);
  await expect(reloaded.faces('Penny')).toHaveCount(pennyFaces);
  await expect(reloaded.faces('Not in this class')).toHaveCount(1);

  // The roster now has the named students, and the class-wide view shows the same faces.
  await page
    .getByRole('link', { name: /Physics/ })
    .first()
    .click();
  await expect(klass.students.filter({ hasText: 'Leonard' })).toHaveCount(1);
  await expect(klass.students).toHaveCount(2);
  await page.getByRole('link', { name: 'Review the faces of the whole class' }).click();
  await expect(reloaded.faces('Leonard')).toHaveCount(leonardFaces);
});
