// Who's who on a 30-student class (four lessons' photos of classroom-dev as one lesson, so there
// are many people to name): the grid of questions, largest first, answered by typing a name and
// Enter, focus moving on; how long a saved name takes to leave the grid (printed: median and
// max, a benchmark print rather than an assertion: the machine is shared); the face panel from a
// box on the photo and from the sheet's face. SHOTS=<dir> saves screenshots at laptop and iPad
// size.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ClassesPage,
  FacePanel,
  SessionAttendance,
  SessionSteps,
  WhosWho,
} from './support/rollcall';
import { classroomDevForMeasure } from './support/measure-data';
import { failOnPageErrors } from './support/page-errors';

failOnPageErrors(test);

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/classroom/${name}`, import.meta.url));
const PHOTOS = ['session-01.jpg', 'session-02.jpg', 'session-03.jpg', 'session-04.jpg'].map(
  fixture,
);
// The measure run (MEASURE=1, `npm run measure`) adds a fifth lesson's photo from the dev data
// when it is at hand, for the most questions this 30-student class gives (42 measured; a sixth
// photo gives fewer, its faces join groups already there); `npm test` keeps the four fixture
// photos.
PHOTOS.push(...(classroomDevForMeasure('session-05.jpg') ?? []));
const PROCESSING = { timeout: 400_000 };
const SHOTS = process.env.SHOTS;

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

/** Ms from the Enter (or tap) that answers a question to the frame after its card left the grid. */
function timeNextAnswer(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const list = document.querySelector('ul[aria-label="People not yet named"]')!;
        const before = list.children.length;
        let start = 0;
        const mark = (event: Event) => {
          if (event instanceof KeyboardEvent && event.key !== 'Enter') return;
          start = performance.now();
        };
        document.addEventListener('keydown', mark, { capture: true });
        document.addEventListener('click', mark, { capture: true });
        new MutationObserver((_records, observer) => {
          if (list.isConnected && list.children.length >= before) return;
          observer.disconnect();
          document.removeEventListener('keydown', mark, { capture: true });
          document.removeEventListener('click', mark, { capture: true });
          requestAnimationFrame(() => resolve(performance.now() - start));
        }).observe(list.parentElement!, { childList: true, subtree: true });
      }),
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

test('who’s who at 30 students: a grid of questions named with a few keys each, instant saves, the face panel', async ({
  page,
}) => {
  test.setTimeout(900_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const classes = new ClassesPage(page);
  await classes.open();
  await classes.createClass('Year 9');
  const klass = await classes.openClass('Year 9');
  await klass.importRoster(fixture('roster.csv'));
  await expect(klass.students).toHaveCount(30);
  const photos = await klass.createSession('2026-11-20T09:00', 'Geography');
  await photos.addFiles(PHOTOS);
  // Once processed, the students are recognised by themselves and the page moves on.
  const steps = new SessionSteps(page);
  await expect(steps.waitUntilMovedOn(PROCESSING)).resolves.toBe('Who’s who');
  const attendance = new SessionAttendance(page);

  const whosWho = new WhosWho(page);
  await expect(whosWho.cards.first()).toBeVisible({ timeout: 60_000 });
  // Moved on by itself: the first question is ready to type into, no tap needed.
  await expect(whosWho.field(0)).toBeFocused();
  const asked = await whosWho.cards.count();
  console.log(`[whos-who] ${asked} people to name for 30 students in ${PHOTOS.length} photos`);
  expect(asked).toBeGreaterThanOrEqual(30);
  await expect(whosWho.progress).toHaveText('0 of 30 named');
  // Largest first.
  const sizes: number[] = [];
  for (let i = 0; i < asked; i++) sizes.push(await whosWho.faces(i).count());
  expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  // Thumbnails come with their cards: every face shown on a card has its picture.
  await expect(whosWho.region.locator('.who-card__blank')).toHaveCount(0);
  await whosWho.region.scrollIntoViewIfNeeded();
  await shot(page, 'laptop-whos-who');
  const height = async () => Math.round((await whosWho.region.boundingBox())!.height);
  console.log(
    `[whos-who] Who's who section at 1280x800 with ${asked} questions: ${await height()}px`,
  );

  await page.setViewportSize({ width: 820, height: 1180 });
  await whosWho.region.scrollIntoViewIfNeeded();
  await shot(page, 'ipad-whos-who-start');
  console.log(
    `[whos-who] Who's who section at 820x1180 with ${asked} questions: ${await height()}px`,
  );
  await page.setViewportSize({ width: 1280, height: 800 });

  // Typing a few letters and Enter names the first question; focus moves to the next one.
  await whosWho.field(0).click();
  await whosWho.field(0).pressSequentially('Ti');
  await expect(
    whosWho.card(0).getByRole('option', { selected: true, name: 'Tiger Woods' }),
  ).toBeVisible();
  await shot(page, 'laptop-whos-who-typing');
  const first = timeNextAnswer(page);
  await whosWho.field(0).press('Enter');
  const times = [await first];
  await expect(whosWho.cards).toHaveCount(asked - 1);
  await expect(whosWho.field(0)).toBeFocused();
  await expect(whosWho.done).toHaveCount(1);
  await expect(whosWho.done.first()).toContainText('Tiger Woods');
  await expect(whosWho.progress).toHaveText('1 of 30 named');

  // Name the rest from the class list, as fast as the keyboard goes (names here are not who
  // the faces are: this measures the grid, not recognition).
  const rosterNames = [
    'Al Gore',
    'Andy Roddick',
    'Angela Bassett',
    'Angelina Jolie',
    'Bob Hope',
    'David Beckham',
    'Gray Davis',
    'Jack Straw',
    'Jon Gruden',
    'Monica Seles',
    'Paul Bremer',
    'Zhu Rongji',
  ];
  for (const name of rosterNames) {
    const left = await whosWho.cards.count();
    const timing = timeNextAnswer(page);
    await whosWho.field(0).fill(name);
    await whosWho.field(0).press('Enter');
    times.push(await timing);
    await expect(whosWho.cards).toHaveCount(left - 1);
    await expect(whosWho.field(0)).toBeFocused();
  }
  console.log(
    `[whos-who] name saved -> grid updated, at ${asked} questions (${times.length} saves): ` +
      `median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`,
  );
  // The target, in the measure run only (timings on a shared machine are not a test).
  if (process.env.MEASURE) expect.soft(Math.max(...times), 'slowest save, ms').toBeLessThan(300);
  await shot(page, 'laptop-whos-who-progress');

  // Suggestions only where the assignment rule backs them (here: other groups of the people just
  // named, whatever name they were given), and never a percentage.
  const suggestions = whosWho.region.getByRole('button', { name: /^This is / });
  console.log(`[whos-who] ${await suggestions.count()} questions with a suggested name`);
  await expect(whosWho.region).not.toContainText('%');
  if ((await suggestions.count()) > 0) {
    await suggestions.first().scrollIntoViewIfNeeded();
    await shot(page, 'laptop-whos-who-suggestion');
  }

  // A new name joins the class list.
  await whosWho.field(0).fill('Pat Newcomer');
  await expect(
    whosWho.card(0).getByRole('option', { selected: true, name: 'Someone new: “Pat Newcomer”' }),
  ).toBeVisible();
  await whosWho.field(0).press('Enter');
  await attendance.show();
  await expect(attendance.row('Pat Newcomer')).toHaveCount(1);
  await steps.show('Who’s who');

  // Saved for good: a reload shows the questions left, and the sheet has the names.
  const left = await whosWho.cards.count();
  await page.reload();
  await expect(whosWho.cards).toHaveCount(left, { timeout: 60_000 });
  await attendance.show();
  await expect(attendance.status('Tiger Woods')).toHaveText(/Present/);

  // The face panel from a box on the photo: the face large, pick another student.
  const panel = new FacePanel(page);
  await photos.show();
  await photos.region.getByTestId('face-box').first().click();
  await expect(panel.dialog).toBeVisible();
  await expect(panel.dialog.getByRole('img', { name: 'The face, large' })).toBeVisible();
  await shot(page, 'laptop-face-panel');
  await page.keyboard.press('Escape');
  await expect(panel.dialog).toBeHidden();

  // From the sheet: Tiger Woods's face, "not in this class" takes it away from him.
  await attendance.show();
  await attendance
    .row('Tiger Woods')
    .getByRole('button', { name: /^Face of Tiger Woods/ })
    .click();
  await expect(panel.dialog).toContainText('You said this is Tiger Woods.');
  await panel.dialog.getByRole('combobox').fill('Zh');
  await expect(panel.dialog.getByRole('option', { selected: true })).toHaveText('Zhu Rongji');
  await panel.dialog.getByRole('combobox').press('Enter');
  await expect(panel.dialog).toBeHidden();
  await expect(attendance.status('Zhu Rongji')).toHaveText(/Present/);

  // iPad size: the same grid, touch-sized.
  await page.setViewportSize({ width: 820, height: 1180 });
  await steps.show('Who’s who');
  await whosWho.region.scrollIntoViewIfNeeded();
  await shot(page, 'ipad-whos-who');
  console.log(
    `[whos-who] Who's who section at 820x1180 with ${left} questions: ${await height()}px`,
  );
  // A face of a question that is someone else: the panel answers that face alone.
  const faces = await whosWho.totalFaces();
  const cardsBefore = await whosWho.cards.count();
  const stays = (await whosWho.faceCount(0)) > 1;
  await whosWho.faces(0).first().click();
  await expect(panel.dialog).toBeVisible();
  await shot(page, 'ipad-face-panel');
  await panel.notInClass();
  await expect.poll(() => whosWho.totalFaces()).toBe(faces - 1);
  const cardsNow = stays ? cardsBefore : cardsBefore - 1;
  await expect(whosWho.cards).toHaveCount(cardsNow);

  // "Not in this class" for a whole question, from its name field's list.
  await whosWho.field(0).click();
  await shot(page, 'ipad-whos-who-not-in-class');
  await whosWho.notInClass(0);
  await expect(whosWho.cards).toHaveCount(cardsNow - 1);
});
