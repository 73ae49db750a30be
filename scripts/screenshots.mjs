// Screenshots of a teacher's first five minutes, for docs/GUIDE.md: builds the app, serves it
// with `vite preview`, and drives it in Debian's Chromium through the UI only (first run, a
// class, its class list, a lesson, its photos, Who's who, attendance) with the classroom-dev
// class (30 students; ../shared/datasets/classroom-dev, see its README). Each step is saved at
// laptop (1280x800) and iPad (820x1180) size as docs/screenshots/NN-step-laptop.png / -ipad.png.
//
//   npm run screenshots                      # build, serve on port 4399, write docs/screenshots/
//   npm run screenshots -- --no-build --url http://localhost:4324 --out /tmp/shots
//   npm run screenshots -- --data ../shared/datasets/classroom-dev --photos 2
//
// The session page is being reshaped (steps Photos / Who's who / Attendance); every selector the
// script uses is in UI below, by role and label, with the alternatives it accepts, so a change of
// layout needs a change there only. A step whose control is not found is skipped with a message
// (the run goes on), so the screenshots that can be taken still are.
import { chromium } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from './lib/chromium.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SIZES = {
  laptop: { width: 1280, height: 800 },
  ipad: { width: 820, height: 1180 },
};
const CLASS_NAME = 'Year 5 Oak';
const LESSON_TITLE = 'Morning lesson';
const PROCESSING_MS = 600_000;

function parseArgs(argv) {
  const args = {
    build: true,
    url: null,
    port: 4399,
    out: join(ROOT, 'docs/screenshots'),
    data: resolve(ROOT, '../shared/datasets/classroom-dev'),
    photos: 2,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--no-build') args.build = false;
    else if (arg === '--url') args.url = argv[++i];
    else if (arg === '--port') args.port = Number(argv[++i]);
    else if (arg === '--out') args.out = resolve(argv[++i]);
    else if (arg === '--data') args.data = resolve(argv[++i]);
    else if (arg === '--photos') args.photos = Number(argv[++i]);
    else throw new Error(`Unknown argument ${arg}`);
  }
  return args;
}

/** Every control the script touches, by role and label; alternatives in order of preference. */
const UI = {
  classNameField: (p) => p.getByLabel('Class name', { exact: true }),
  createClass: (p) => p.getByRole('button', { name: 'Create class' }),
  classLink: (p) =>
    p.getByRole('list', { name: 'Classes' }).getByRole('link', { name: CLASS_NAME }),
  importClassList: (p) => [
    p.getByRole('button', { name: 'Import class list' }),
    p.getByRole('button', { name: 'Import roster' }),
  ],
  importResult: (p) => p.getByRole('status', { name: 'Roster import result' }),
  newLessonForm: (p) => [
    p.getByRole('form', { name: 'New lesson' }),
    p.getByRole('form', { name: 'New session' }),
  ],
  lessonTitleField: (form) => form.getByLabel('Title'),
  createLesson: (form) => [
    form.getByRole('button', { name: 'Create lesson' }),
    form.getByRole('button', { name: 'Create session' }),
  ],
  photosStep: (p) => [
    p.getByRole('tab', { name: /^Photos/ }),
    p.getByRole('link', { name: /^Photos/ }),
  ],
  photoFiles: (p) => p.getByLabel('Photo files'),
  photoStatuses: (p) => p.getByTestId('photo-status'),
  whosWhoStep: (p) => [
    p.getByRole('tab', { name: /Who.s who/ }),
    p.getByRole('link', { name: /Who.s who/ }),
    p.getByRole('button', { name: /^Who.s who/ }),
  ],
  recognise: (p) => [p.getByRole('button', { name: 'Recognise students' })],
  recognised: (p) => [p.getByRole('status', { name: 'Recognition result' })],
  /** Where Who's who starts on the page (a step of its own, or the faces by person). */
  whosWhoTop: (p) => [
    p.getByRole('heading', { name: /Who.s who/ }),
    p.getByRole('heading', { name: 'Faces by person' }),
  ],
  attendanceStep: (p) => [
    p.getByRole('tab', { name: /^Attendance/ }),
    p.getByRole('link', { name: /^Attendance/ }),
  ],
  attendanceHeading: (p) => p.getByRole('heading', { name: 'Attendance' }).first(),
  backToClass: (p) => p.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link'),
  classPhoto: (p) => p.getByRole('list', { name: 'Students' }),
  classListHeading: (p) => p.getByRole('heading', { name: 'Class list' }),
};

/** The first of these locators that is visible within `ms`, or null. */
async function firstVisible(locators, ms = 5_000) {
  const list = Array.isArray(locators) ? locators : [locators];
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    for (const locator of list) {
      if (
        await locator
          .first()
          .isVisible()
          .catch(() => false)
      )
        return locator.first();
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

async function waitForServer(url, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${ms / 1000} s`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(join(args.data, 'truth.json'))) {
    throw new Error(`No classroom-dev class at ${args.data}: pass --data <path to classroom-dev>`);
  }
  const truth = JSON.parse(readFileSync(join(args.data, 'truth.json'), 'utf8'));
  const photos = truth.sessions.slice(0, args.photos).map((s) => join(args.data, s.file));
  const classList = join(tmpdir(), 'rollcall-class-list.csv');
  writeFileSync(
    classList,
    ['name', ...truth.students.map((n) => `"${n.replaceAll('_', ' ')}"`)].join('\n') + '\n',
  );
  mkdirSync(args.out, { recursive: true });

  let server = null;
  let url = args.url;
  if (!url) {
    if (args.build) {
      const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('npm run build failed');
    }
    url = `http://localhost:${args.port}`;
    server = spawn('npx', ['vite', 'preview', '--port', String(args.port), '--strictPort'], {
      cwd: ROOT,
      stdio: 'ignore',
      detached: true,
    });
  }
  await waitForServer(url);

  const browser = await chromium.launch({
    executablePath: CHROMIUM_EXECUTABLE,
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({ viewport: SIZES.laptop, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const taken = [];
  let step = 0;

  /** Saves the page at both sizes, top of the page (what the teacher sees first). */
  async function shot(name, scrollTo = null) {
    step++;
    for (const [size, viewport] of Object.entries(SIZES)) {
      await page.setViewportSize(viewport);
      if (scrollTo) {
        // The anchor at the top of the screen, with a little of what is above it.
        await scrollTo
          .evaluate((el) => {
            el.scrollIntoView({ block: 'start' });
            window.scrollBy(0, -16);
          })
          .catch(() => {});
      } else await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(300);
      const file = `${String(step).padStart(2, '0')}-${name}-${size}.png`;
      await page.screenshot({ path: join(args.out, file) });
      taken.push(file);
    }
    await page.setViewportSize(SIZES.laptop);
    console.log(`step ${step}: ${name}`);
  }

  async function click(locators, what) {
    const found = await firstVisible(locators);
    if (!found) {
      console.log(`(skipped: no ${what} on this page)`);
      return false;
    }
    await found.click();
    return true;
  }

  try {
    // 1. First run.
    await page.goto(url);
    await UI.classNameField(page).waitFor({ timeout: 120_000 });
    await shot('first-run');

    // 2. The class.
    await UI.classNameField(page).fill(CLASS_NAME);
    await UI.createClass(page).click();
    await UI.classLink(page).waitFor();
    await shot('class-created');
    await UI.classLink(page).click();

    // 3. The class list.
    const importButton = await firstVisible(UI.importClassList(page), 30_000);
    if (!importButton) throw new Error('No "Import class list" button on the class page');
    const chooser = page.waitForEvent('filechooser');
    await importButton.click();
    await (await chooser).setFiles(classList);
    await UI.importResult(page).waitFor();
    await shot('class-list');

    // 4. A lesson.
    const form = await firstVisible(UI.newLessonForm(page));
    if (!form) throw new Error('No "New lesson" form on the class page');
    await UI.lessonTitleField(form).fill(LESSON_TITLE);
    // Creating it opens it at its Photos step.
    await click(UI.createLesson(form), '"Create lesson" button');
    await UI.photoFiles(page).waitFor({ state: 'attached' });
    await shot('lesson-created');

    // 5. Its photos.
    await UI.photoFiles(page).setInputFiles(photos);
    // Done when every photo is Done or Failed, or when the page has moved on by itself from the
    // Photos step (it recognises the students once the batch is processed).
    await page.waitForFunction(
      (n) => {
        // The tab's text starts with its mark (a number or a tick), then "Photos".
        const photosTab = [...document.querySelectorAll('[role="tab"]')].find((t) =>
          (t.textContent ?? '').includes('Photos'),
        );
        if (photosTab && photosTab.getAttribute('aria-selected') === 'false') return true;
        const statuses = [...document.querySelectorAll('[data-testid="photo-status"]')];
        return (
          statuses.length >= n && statuses.every((s) => /^(Done|Failed)/.test(s.textContent ?? ''))
        );
      },
      photos.length,
      { timeout: PROCESSING_MS, polling: 1000 },
    );
    await click(UI.photosStep(page), 'Photos step');
    await shot('photos');

    // 6. Who's who.
    await click(UI.whosWhoStep(page), "Who's who step");
    if (await click(UI.recognise(page), '"Recognise students" button')) {
      await firstVisible(UI.recognised(page), 180_000);
    }
    await shot('whos-who', await firstVisible(UI.whosWhoTop(page), 5_000));

    // 7. Attendance.
    await click(UI.attendanceStep(page), 'Attendance step');
    await shot('attendance', UI.attendanceHeading(page));

    // 8. Back on the class page: the lessons first, then the class photo.
    await UI.backToClass(page).click();
    await UI.classPhoto(page).waitFor();
    await shot('class-page');
    await shot('class-photo', UI.classListHeading(page));
  } finally {
    await browser.close();
    if (server) process.kill(-server.pid);
  }
  console.log(`${taken.length} screenshots in ${args.out}`);
}

await main();
