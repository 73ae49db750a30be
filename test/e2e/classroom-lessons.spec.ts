// Issue 13's measure: the 30-student classroom-dev class, from an imported class list through
// three lessons, driven only through the UI as a teacher would, counting every click, tap and
// Enter the teacher makes. Targets: the first lesson <= 1.3 actions per student, each later
// lesson <= 0.2 per student; the sheet right for every real student; no phantom rows.
// The sheet and the rows are checked on every run (`npm test`); the action targets only in the
// measure run (`npm run measure`, MEASURE=1), which always prints the counts.
// The test knows who is who from the data set's truth (boxes matched to the face boxes on the
// photo, as `npm run eval -- classroom` matches detections): that is the teacher's knowledge.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classroomDevDirForMeasure } from './support/measure-data';
import { ClassesPage, SessionAttendance, SessionSteps, WhosWho } from './support/rollcall';

// The measure run reads the dev data's own photos when they are at hand (the fixtures are
// smaller re-encoded copies of the first three, for `npm test` without ../shared).
const dir =
  classroomDevDirForMeasure() ?? fileURLToPath(new URL('../fixtures/classroom/', import.meta.url));
const LESSONS = 3;
interface TruthFace {
  name: string;
  box: [number, number, number, number];
}
const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as {
  students: string[];
  sessions: { file: string; present: string[]; faces: TruthFace[] }[];
};
/** The class list uses people's names as a teacher would write them: "Al Gore". */
const nameOf = (truthName: string) => truthName.replaceAll('_', ' ');
const STUDENTS = truth.students.map(nameOf);

/** Every click, tap and Enter the teacher makes, by lesson. */
class ActionCounter {
  readonly counts = new Map<string, number>();
  phase = 'setup';

  add(n = 1): void {
    this.counts.set(this.phase, (this.counts.get(this.phase) ?? 0) + n);
  }

  get(phase: string): number {
    return this.counts.get(phase) ?? 0;
  }
}

/** The teacher's hands: every action goes through here and is counted. */
class Teacher {
  constructor(
    readonly page: Page,
    readonly actions: ActionCounter,
  ) {}

  async click(target: Locator): Promise<void> {
    this.actions.add();
    await target.click();
  }

  /** A tap into the field (counted), typing (not counted), and Enter (counted). */
  async typeAndEnter(field: Locator, text: string): Promise<void> {
    await this.click(field);
    await field.fill(text);
    this.actions.add();
    await field.press('Enter');
  }

  /** One tap on the button that opens the file chooser; picking the files is the device's. */
  async chooseFiles(button: Locator, files: string[]): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.click(button);
    await (await chooser).setFiles(files);
  }
}

const iou = (a: number[], b: number[]) => {
  const [ax, ay, aw, ah] = a as [number, number, number, number];
  const [bx, by, bw, bh] = b as [number, number, number, number];
  const w = Math.max(0, Math.min(ax + aw, bx + bw) - Math.max(ax, bx));
  const h = Math.max(0, Math.min(ay + ah, by + bh) - Math.max(ay, by));
  const inter = w * h;
  return inter / (aw * ah + bw * bh - inter);
};

/**
 * Who each face on the lesson's photo is, from the truth: the face boxes drawn on the photo
 * (positions in percent of the photo) matched to the truth boxes, IoU >= 0.3, greedy. A face
 * matching no truth face is a stranger (null). Read from the Photos step, which the oracle
 * opens without it counting as the teacher's.
 */
async function whoIsWho(
  page: Page,
  faces: readonly TruthFace[],
): Promise<Map<string, string | null>> {
  const steps = new SessionSteps(page);
  const shownBefore = (await steps.tab('Who’s who').getAttribute('aria-selected')) === 'true';
  // The oracle's own taps move the focus; where the app had put it is put back afterwards.
  const firstField = new WhosWho(page).field(0);
  const focusedBefore =
    shownBefore &&
    (await expect(firstField)
      .toBeFocused({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      ));
  await steps.tab('Photos').click();
  const boxes = page.getByTestId('face-box');
  await expect(boxes.first()).toBeAttached();
  const drawn = await boxes.evaluateAll((elements) =>
    elements.map((element) => {
      const style = (element as HTMLElement).style;
      return {
        cropId: element.getAttribute('data-crop-id') ?? '',
        box: [style.left, style.top, style.width, style.height].map(parseFloat),
      };
    }),
  );
  const [width, height] = [3200, 2100];
  const candidates = drawn.flatMap(({ cropId, box }) => {
    const [x, y, w, h] = box as [number, number, number, number];
    const pixels = [(x * width) / 100, (y * height) / 100, (w * width) / 100, (h * height) / 100];
    return faces.map((face) => ({ cropId, name: face.name, score: iou(pixels, face.box) }));
  });
  candidates.sort((a, b) => b.score - a.score);
  const identity = new Map<string, string | null>(drawn.map((d) => [d.cropId, null]));
  const taken = new Set<string>();
  for (const c of candidates) {
    if (c.score < 0.3) break;
    if (taken.has(c.name) || identity.get(c.cropId) !== null) continue;
    identity.set(c.cropId, nameOf(c.name));
    taken.add(c.name);
  }
  await steps.tab(shownBefore ? 'Who’s who' : 'Attendance').click();
  if (focusedBefore) await firstField.focus();
  return identity;
}

/**
 * The Who's who step (the grid of people not yet named) as the teacher answers it, on the
 * shared page object. Every answer takes the cheapest way the grid offers a teacher: the card's
 * suggestion when it is right (one tap); otherwise the name typed and Enter, with a tap into the
 * field first unless the app has already moved the focus there; a stranger is "Not in this
 * class", the name field's last option (Down and Enter from the focused field, or a tap on the
 * field and one on the option).
 */
class WhosWhoAnswers {
  readonly grid: WhosWho;

  constructor(
    readonly page: Page,
    readonly teacher: Teacher,
  ) {
    this.grid = new WhosWho(page);
  }

  /** Every face of the card (it shows the first few; the rest are in `data-crop-ids`). */
  async cropIdsOf(card: Locator): Promise<string[]> {
    return ((await card.getAttribute('data-crop-ids')) ?? '').split(' ').filter(Boolean);
  }

  async hasFocus(field: Locator): Promise<boolean> {
    return field.evaluate((element) => element === document.activeElement);
  }

  async name(card: Locator, name: string): Promise<void> {
    const suggestion = card.getByRole('button', { name: `This is ${name}`, exact: true });
    if ((await suggestion.count()) > 0) {
      await this.teacher.click(suggestion);
      return;
    }
    const field = card.getByRole('combobox', { name: 'Who is this?' });
    if (!(await this.hasFocus(field))) await this.teacher.click(field);
    await field.fill(name);
    await expect(
      card.getByRole('option', { selected: true, name, exact: true }),
      `"${name}" is the highlighted option once typed`,
    ).toBeVisible();
    this.teacher.actions.add();
    await field.press('Enter');
  }

  async dismiss(card: Locator): Promise<void> {
    const field = card.getByRole('combobox', { name: 'Who is this?' });
    const option = card.getByRole('option', { name: 'Not in this class', exact: true });
    if (await this.hasFocus(field)) {
      this.teacher.actions.add();
      await field.press('ArrowDown');
      await expect(option).toHaveAttribute('aria-selected', 'true');
      this.teacher.actions.add();
      await field.press('Enter');
    } else {
      await this.teacher.click(field);
      await this.teacher.click(option);
    }
  }

  /** Answers every question from the truth; returns how many were named and dismissed. */
  async answerAll(identity: Map<string, string | null>) {
    // The teacher starts once the grid shows the people the step's tab says are left to name
    // (the grid is read again when the step is shown: an empty grid may be one still loading).
    const tab = new SessionSteps(this.page).tab('Who’s who');
    const toName = async () => Number(/(\d+) to name/.exec(await tab.innerText())?.[1] ?? 0);
    await expect
      .poll(async () => `${await this.grid.cards.count()} cards, ${await toName()} to name`, {
        message: 'the grid shows the people the tab counts',
        timeout: 30_000,
      })
      .toMatch(/^([1-9]\d*) cards, \1 to name$/);
    let named = 0;
    let dismissed = 0;
    for (let guard = 0; guard < 80; guard++) {
      const left = await this.grid.cards.count();
      if (left === 0) break;
      const card = this.grid.card(0);
      const ids = await this.cropIdsOf(card);
      expect(ids.length, 'the card lists its faces').toBe(await this.grid.faceCount(0));
      const votes = new Map<string | null, number>();
      for (const id of ids) {
        const who = identity.get(id) ?? null;
        votes.set(who, (votes.get(who) ?? 0) + 1);
      }
      const [majority] = [...votes.entries()].sort((a, b) => b[1] - a[1])[0] ?? [null];
      if (majority === null) {
        await this.dismiss(card);
        dismissed++;
      } else {
        await this.name(card, majority);
        named++;
      }
      // The answered question leaves the grid at once (the save runs behind it).
      await expect(this.grid.cards).toHaveCount(left - 1, { timeout: 30_000 });
    }
    return { named, dismissed };
  }
}

test('a 30-student class through three lessons: actions per student, a right sheet, no phantom rows', async ({
  page,
}, testInfo) => {
  test.slow();
  test.setTimeout(480_000);
  const actions = new ActionCounter();
  const teacher = new Teacher(page, actions);
  const classes = new ClassesPage(page);
  await classes.open();

  // Setup (counted apart from the lessons): the class and its class list.
  await teacher.typeAndEnter(page.getByLabel('Class name', { exact: true }), 'Year 9 Biology');
  await teacher.click(classes.classList.getByRole('link', { name: 'Year 9 Biology' }));
  const roster = testInfo.outputPath('class-list.txt');
  writeFileSync(roster, `${STUDENTS.join('\n')}\n`);
  const sessions = page.getByRole('region', { name: 'Lessons' });
  const classList = page.getByRole('region', { name: 'Class list' });
  await teacher.chooseFiles(classList.getByRole('button', { name: 'Import class list' }), [roster]);
  await expect(classList.getByRole('list', { name: 'Students' }).getByRole('listitem')).toHaveCount(
    STUDENTS.length,
  );

  const report: string[] = [`photos: ${dir}`];
  for (const [index, lesson] of truth.sessions.slice(0, LESSONS).entries()) {
    actions.phase = `lesson ${index + 1}`;
    const started = Date.now();
    // Back to the class (from the previous lesson's sheet): a tap on the breadcrumb.
    if (index > 0) {
      await teacher.click(page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link'));
      await expect(sessions).toBeVisible();
    }
    // A new lesson (today, now) from its photos in one tap: the app creates it, adds them and
    // opens it at its Photos step.
    await teacher.chooseFiles(
      sessions.getByRole('button', { name: 'Take attendance from photos' }),
      [join(dir, lesson.file)],
    );
    const steps = new SessionSteps(page);
    await steps.expectShown('Photos');
    // Processing, then recognition: the page moves on by itself.
    const next = await steps.waitUntilMovedOn({ timeout: 240_000 });
    const identity = await whoIsWho(page, lesson.faces);
    let answered = { named: 0, dismissed: 0 };
    if (next === 'Who’s who') {
      answered = await new WhosWhoAnswers(page, teacher).answerAll(identity);
      // The last answer moves the page on to the sheet, once the answers are saved (the grid
      // shows them at once; the saves may queue behind each other on a loaded machine).
      const lastAnswer = Date.now();
      await steps.expectShown('Attendance', { timeout: 60_000 }).catch(async (error: unknown) => {
        // What the page says when it does not move on: the steps and the grid.
        console.log(
          `  tabs: ${(await page.getByRole('tablist').innerText()).replace(/\s+/g, ' ')}`,
        );
        console.log(
          `  who's who: ${(await new WhosWho(page).region.innerText()).replace(/\s+/g, ' ')}`,
        );
        throw error;
      });
      console.log(
        `  moved on to the sheet ${((Date.now() - lastAnswer) / 1000).toFixed(1)} s after the last answer`,
      );
    }

    const attendance = new SessionAttendance(page);
    await expect(attendance.rows).toHaveCount(STUDENTS.length);
    const present = new Set(lesson.present.map(nameOf));
    const wrong: string[] = [];
    for (const student of STUDENTS) {
      const words = (await attendance.status(student).textContent()) ?? '';
      const status = /present|absent|uncertain/i.exec(words)?.[0].toLowerCase();
      const expected = present.has(student) ? 'present' : 'absent';
      if (status !== expected) wrong.push(`${student}: ${status} (truly ${expected})`);
    }
    const perStudent = actions.get(actions.phase) / STUDENTS.length;
    report.push(
      `${actions.phase}: ${actions.get(actions.phase)} actions (${perStudent.toFixed(2)} per student), ` +
        `${answered.named} named, ${answered.dismissed} dismissed, ${present.size} present, ` +
        `${wrong.length} wrong on the sheet, ${Math.round((Date.now() - started) / 1000)} s`,
    );
    console.log(report.at(-1));
    if (wrong.length > 0) console.log(`  wrong: ${wrong.join('; ')}`);
    expect.soft(wrong, `the sheet of ${actions.phase}`).toEqual([]);
  }
  console.log(`setup: ${actions.get('setup')} actions`);

  // The targets are a measure (`npm run measure`, MEASURE=1), not part of `npm test`: checked
  // after the counts are printed, softly so that every miss is reported.
  if (process.env.MEASURE === '1') {
    expect
      .soft(actions.get('lesson 1') / STUDENTS.length, 'lesson 1 actions per student')
      .toBeLessThanOrEqual(1.3);
    expect
      .soft(actions.get('lesson 2') / STUDENTS.length, 'lesson 2 actions per student')
      .toBeLessThanOrEqual(0.2);
    expect
      .soft(actions.get('lesson 3') / STUDENTS.length, 'lesson 3 actions per student')
      .toBeLessThanOrEqual(0.2);
  }
});
