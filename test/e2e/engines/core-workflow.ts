// The core workflow a teacher goes through, written once for every browser engine: open, class,
// roster, session, a photo with six faces, recognise, attendance sheet, reload, and offline after
// the first visit. Each engine test (engines.spec.ts) runs it through an EngineDriver: Playwright
// for Chromium and Firefox, WebDriver for WebKit. Elements are found by what a teacher reads
// (labels, button texts, accessible names) with XPath, which both kinds of driver understand.
//
// The assertions are the parts that do not depend on how recognition decides: the photo is done
// with 6 faces, recognising finishes, a sheet is shown, a reload keeps everything, offline works.
import { fileURLToPath } from 'node:url';

export interface EngineDriver {
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  click(xpath: string): Promise<void>;
  /** Types like a keyboard does (React hears every key). */
  type(xpath: string, text: string): Promise<void>;
  /** Chooses a file in an `<input type=file>` (which may be visually hidden). */
  upload(xpath: string, filePath: string): Promise<void>;
  /** Runs a self-contained function in the page (no closures: its source is sent). */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

export interface WorkflowOptions {
  baseUrl: string;
  /** Takes the app's server away; the page must keep working from the service worker. */
  goOffline: () => Promise<void>;
  log?: (line: string) => void;
}

export interface WorkflowReport {
  /** Milliseconds per step, in order. */
  steps: { step: string; ms: number }[];
  /** What the session page says about face analysis, e.g. "WebAssembly, 2 threads". */
  inferenceInfo: string;
  threads: number;
  /**
   * Face analysis stopped answering with several WASM threads, and the photo was analysed again
   * on one (the app's fallback; the page then says so).
   */
  fellBackToOneThread: boolean;
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  /** navigator.hardwareConcurrency */
  cores: number;
}

const fixture = (path: string) => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));
export const ROSTER_FILE = fixture('roster.csv');
export const ROSTER_SIZE = 4;
export const GROUP_PHOTO = fixture('photos/bbt4.jpg');
const PHOTO_NAME = 'bbt4.jpg';
const PHOTO_DONE = 'Done — 6 faces';
const CLASS_NAME = 'Engines 4C';
const SESSION_TITLE = 'Monday maths';

/** XPath string literal (the names used here contain no quotes). */
const q = (text: string) => `'${text}'`;
const X = {
  heading: (text: string) => `//h1[normalize-space()=${q(text)}]`,
  loading: `//*[@role='status'][contains(., 'Loading')]`,
  button: (text: string) => `//button[normalize-space()=${q(text)}]`,
  labelled: (text: string) => `//*[@id=//label[starts-with(normalize-space(), ${q(text)})]/@for]`,
  fileInput: (label: string) => `//input[@type='file'][@aria-label=${q(label)}]`,
  status: (name: string) => `//*[@role='status'][@aria-label=${q(name)}]`,
  classLink: (name: string) => `//ul[@aria-label='Classes']//a[normalize-space()=${q(name)}]`,
  students: `//ul[@aria-label='Students']/li`,
  photoStatus: (file: string) => `//li[@aria-label=${q(file)}]//*[@data-testid='photo-status']`,
  faceBoxes: (file: string) => `//li[@aria-label=${q(file)}]//*[@data-testid='face-box']`,
  inferenceInfo: `//*[@data-testid='inference-info']`,
  sheetRows: `//table[@aria-label='Attendance sheet']//*[@data-testid='attendance-row']`,
  /** A step of the session page: the tab with that label. */
  tab: (step: string) =>
    `//*[@role='tab'][.//*[contains(@class, 'steps__label')][normalize-space()=${q(step)}]]`,
  selectedTab: (step: string) =>
    `//*[@role='tab'][@aria-selected='true'][.//*[contains(@class, 'steps__label')][normalize-space()=${q(step)}]]`,
};

// Page-side functions: self-contained, their source is sent to the page.
const textOf = (xpath: string): string | null => {
  const node = document.evaluate(xpath, document, null, 9, null).singleNodeValue;
  return node ? (node.textContent ?? '').replace(/\s+/g, ' ').trim() : null;
};
const countOf = (xpath: string): number =>
  document.evaluate(`count(${xpath})`, document, null, 1, null).numberValue;

export class Workflow {
  readonly steps: { step: string; ms: number }[] = [];
  constructor(
    private readonly driver: EngineDriver,
    private readonly options: WorkflowOptions,
  ) {}

  /** Polls the page until `check` gives a value `accept` likes; fails with the last value. */
  async waitFor<A, R>(
    what: string,
    check: (arg: A) => R | Promise<R>,
    arg: A,
    accept: (value: R) => boolean,
    timeoutMs = 30_000,
  ): Promise<R> {
    const deadline = Date.now() + timeoutMs;
    let last: R | undefined;
    for (;;) {
      try {
        last = await this.driver.evaluate(check, arg);
        if (accept(last)) return last;
      } catch (error) {
        // A navigation in progress can interrupt a check: try again.
        if (Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline)
        throw new Error(
          `Timed out after ${timeoutMs} ms waiting for ${what}; last: ${String(last)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  waitForText(
    xpath: string,
    expected: string | RegExp,
    timeoutMs?: number,
  ): Promise<string | null> {
    const matches = (text: string | null) =>
      text !== null && (typeof expected === 'string' ? text === expected : expected.test(text));
    return this.waitFor(`${xpath} to read ${String(expected)}`, textOf, xpath, matches, timeoutMs);
  }

  waitForCount(xpath: string, accept: (n: number) => boolean, what: string, timeoutMs?: number) {
    return this.waitFor(what, countOf, xpath, accept, timeoutMs);
  }

  private async step(name: string, work: () => Promise<void>): Promise<void> {
    const start = Date.now();
    await work();
    const ms = Date.now() - start;
    this.steps.push({ step: name, ms });
    this.options.log?.(`${name}: ${ms} ms`);
  }

  private async classesShown(): Promise<void> {
    await this.waitForText(X.heading('Your classes'), 'Your classes', 120_000);
    await this.waitForCount(X.loading, (n) => n === 0, 'the classes to load');
  }

  private async photoDone(timeoutMs = 60_000): Promise<void> {
    // A failed photo does not turn Done by itself: stop waiting at once and say why.
    const doneOrFailed = new RegExp(`^(${escapeRegExp(PHOTO_DONE)}|Failed: .*)$`);
    const status = await this.waitForText(X.photoStatus(PHOTO_NAME), doneOrFailed, timeoutMs);
    if (status !== PHOTO_DONE) throw new Error(`The photo did not finish: ${String(status)}`);
    await this.waitForCount(X.faceBoxes(PHOTO_NAME), (n) => n === 6, '6 face boxes');
  }

  /** The sheet's row count: the roster's students at least, once a sheet shows. */
  private sheetShown(): Promise<number> {
    return this.waitForCount(X.sheetRows, (n) => n >= ROSTER_SIZE, 'the attendance sheet');
  }

  async run(): Promise<WorkflowReport> {
    const d = this.driver;
    await this.step('open', async () => {
      await d.goto(`${this.options.baseUrl}/`);
      await this.classesShown();
    });
    await this.step('class', async () => {
      await d.type(X.labelled('Class name'), CLASS_NAME);
      await d.click(X.button('Create class'));
      await this.waitForCount(X.classLink(CLASS_NAME), (n) => n === 1, 'the new class');
      await d.click(X.classLink(CLASS_NAME));
      await this.waitForText(X.heading(CLASS_NAME), CLASS_NAME);
    });
    await this.step('roster', async () => {
      await d.upload(X.fileInput('Class list file (CSV or text)'), ROSTER_FILE);
      await this.waitForCount(X.status('Roster import result'), (n) => n === 1, 'the import');
      await this.waitForCount(X.students, (n) => n === ROSTER_SIZE, `${ROSTER_SIZE} students`);
    });
    await this.step('session', async () => {
      await d.type(X.labelled('Title'), SESSION_TITLE);
      // Creating a lesson opens it at its Photos step.
      await d.click(X.button('Create lesson'));
      await this.waitForCount(X.fileInput('Photo files'), (n) => n === 1, 'the session page');
    });
    await this.step('photo (6 faces)', async () => {
      await d.upload(X.fileInput('Photo files'), GROUP_PHOTO);
      // Once processed the page recognises the students and moves on from the Photos step by
      // itself; a failed photo stays there (counted: the Photos step shown, no photo failed).
      await this.waitForCount(
        `${X.selectedTab('Photos')}[not(//*[@data-testid='photo-status'][starts-with(normalize-space(.), 'Failed')])]`,
        (n) => n === 0,
        'the photo to be processed',
        300_000,
      );
      await d.click(X.tab('Photos'));
      await this.photoDone();
    });
    const inferenceInfo =
      (await this.waitForText(X.inferenceInfo, /^Face analysis on this device/)) ?? '';
    await this.step('recognise', async () => {
      await d.click(X.tab('Attendance'));
      await d.click(X.button('Recognise students'));
      await this.waitForCount(
        X.status('Recognition result'),
        (n) => n === 1,
        'recognition',
        120_000,
      );
    });
    await this.step('attendance sheet', async () => {
      await this.sheetShown();
    });
    // Recognising may add students (unnamed ones for new faces) and the sheet follows a moment
    // after the result shows; after a reload it is read whole, so that count is the reference.
    let rows = 0;
    await this.step('reload', async () => {
      await d.reload();
      rows = await this.sheetShown();
      await d.click(X.tab('Photos'));
      await this.photoDone();
    });
    await this.step('offline', async () => {
      // The service worker must have installed (precached the app and the models) and control
      // the page before the server goes away. A page loaded before the worker registered is
      // controlled only from its next load.
      const worker = () =>
        navigator.serviceWorker.getRegistration().then((registration) => ({
          active: Boolean(registration?.active),
          controlled: navigator.serviceWorker.controller !== null,
        }));
      const state = await this.waitFor(
        'the service worker',
        worker,
        undefined,
        (s) => s.active,
        180_000,
      );
      if (!state.controlled) {
        await d.reload();
        await this.waitFor('control by the service worker', worker, undefined, (s) => s.controlled);
      }
      await this.options.goOffline();
      await d.reload();
      await this.photoDone();
      await d.click(X.tab('Attendance'));
      await this.waitForCount(X.sheetRows, (n) => n === rows, `${rows} sheet rows offline`);
    });
    const facts = await d.evaluate(
      () => ({
        crossOriginIsolated: globalThis.crossOriginIsolated,
        sharedArrayBuffer: typeof SharedArrayBuffer !== 'undefined',
        cores: navigator.hardwareConcurrency,
      }),
      undefined,
    );
    const threads = Number(/(\d+) threads?/.exec(inferenceInfo)?.[1] ?? 0);
    const fellBackToOneThread = /stopped answering with several threads/.test(inferenceInfo);
    return { steps: this.steps, inferenceInfo, threads, fellBackToOneThread, ...facts };
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
