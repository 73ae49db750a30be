// Page objects for the browser tests: what a teacher sees and does, by role and label.
import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { buildsToKeep, type OrtBuild } from '../../../src/sw/onnxruntime-builds';

export const OTHER_TAB_HEADING = 'Rollcall is open in another tab';
export const HANDED_OVER_HEADING = 'Rollcall is now open in another tab';

export class ClassesPage {
  constructor(readonly page: Page) {}

  /** Opens the app and waits until this tab has the database (the classes list shows). */
  async open(): Promise<void> {
    await this.page.goto('/');
    await this.expectShown();
  }

  async expectShown(): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name: 'Your classes' })).toBeVisible();
    await expect(this.page.getByRole('status').filter({ hasText: 'Loading' })).toHaveCount(0);
  }

  get classList(): Locator {
    return this.page.getByRole('list', { name: 'Classes' });
  }

  classItem(name: string): Locator {
    return this.classList
      .getByRole('listitem')
      .filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  async createClass(name: string): Promise<void> {
    await this.page.getByLabel('Class name', { exact: true }).fill(name);
    await this.page.getByRole('button', { name: 'Create class' }).click();
    await expect(this.classList.getByRole('link', { name, exact: true })).toBeVisible();
  }

  async openClass(name: string): Promise<ClassPage> {
    await this.classList.getByRole('link', { name, exact: true }).click();
    const classPage = new ClassPage(this.page);
    await classPage.expectShown(name);
    return classPage;
  }
}

export class ClassPage {
  constructor(readonly page: Page) {}

  async expectShown(className: string): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name: className })).toBeVisible();
  }

  get roster(): Locator {
    return this.page.getByRole('region', { name: 'Class list' });
  }

  get students(): Locator {
    return this.roster.getByRole('list', { name: 'Students' }).getByRole('listitem');
  }

  get sessionsSection(): Locator {
    return this.page.getByRole('region', { name: 'Lessons' });
  }

  get sessions(): Locator {
    return this.sessionsSection.getByRole('list', { name: 'Lessons' }).getByRole('listitem');
  }

  /** Shows each student's Rename, Add photos and Delete (the class photo hides them). */
  async changeClassList(): Promise<void> {
    const toggle = this.roster.getByRole('button', { name: 'Change the class list' });
    if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  }

  async addStudent(name: string): Promise<void> {
    await this.roster.getByLabel('Student name', { exact: true }).fill(name);
    await this.roster.getByRole('button', { name: 'Add student' }).click();
  }

  /** Picks the file through the real "Import class list" button and its file chooser. */
  async importRoster(filePath: string): Promise<Locator> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.roster.getByRole('button', { name: 'Import class list' }).click();
    await (await chooser).setFiles(filePath);
    const summary = this.roster.getByRole('status', { name: 'Roster import result' });
    await expect(summary).toBeVisible();
    return summary;
  }

  /** `startsAt` is a datetime-local value, e.g. "2024-03-05T09:30". */
  /** Creates a lesson; the app opens it at its first step, Photos. */
  async createSession(startsAt: string, title: string): Promise<SessionPhotos> {
    const form = this.sessionsSection.getByRole('form', { name: 'New lesson' });
    await form.getByLabel('Date and time').fill(startsAt);
    await form.getByLabel('Title').fill(title);
    await form.getByRole('button', { name: 'Create lesson' }).click();
    await this.page.waitForURL(/#\/sessions\/[^/]+\/photos$/);
    return this.sessionShown(title);
  }

  async openSession(title: string): Promise<SessionPhotos> {
    await this.sessions.filter({ hasText: title }).getByRole('link').click();
    await this.page.waitForURL(/#\/sessions\//);
    return this.sessionShown(title);
  }

  /** Back to this class's page from one of its lessons (the breadcrumb). */
  async backFromSession(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link').click();
    await expect(this.sessionsSection).toBeVisible();
  }

  private async sessionShown(title: string): Promise<SessionPhotos> {
    // The class page names the session twice (list and attendance overview), and the URL changes
    // before the session page renders: wait until the class page is gone, then for the title.
    await expect(this.sessionsSection).toHaveCount(0);
    await expect(this.page.getByText(title)).toBeVisible();
    return new SessionPhotos(this.page);
  }
}

/** The "Photos" section of a session page. */
export class SessionPhotos {
  constructor(readonly page: Page) {}

  /** Shows the Photos step of the session page (the page moves on once photos are done). */
  async show(): Promise<void> {
    await new SessionSteps(this.page).show('Photos');
  }

  /**
   * Waits until every photo of the session is processed (done or failed) and the recognition
   * the page then runs by itself is over (it may have moved the page on to the next step), then
   * shows the Photos step.
   */
  async waitUntilProcessed(options = { timeout: 180_000 }): Promise<void> {
    const steps = new SessionSteps(this.page);
    const notice = this.page.getByTestId('recognition-notice');
    // Twice, a moment apart: recognition starts just after the last photo is marked done.
    for (let settle = 0; settle < 2; settle++) {
      await expect(steps.tab('Photos')).toHaveClass(/steps__tab--done/, options);
      await expect(notice).not.toHaveText(/Recognising/, options);
      await this.page.waitForTimeout(500);
    }
    await this.show();
  }

  get region(): Locator {
    return this.page.getByRole('region', { name: 'Photos' });
  }

  get cards(): Locator {
    return this.region.getByRole('list', { name: 'Photos of this lesson' }).getByRole('listitem', {
      name: /./,
    });
  }

  card(fileName: string): Locator {
    return this.region
      .getByRole('list', { name: 'Photos of this lesson' })
      .getByRole('listitem', { name: fileName, exact: true });
  }

  status(fileName: string): Locator {
    return this.card(fileName).getByTestId('photo-status');
  }

  faceBoxes(fileName: string): Locator {
    return this.card(fileName).getByTestId('face-box');
  }

  get summary(): Locator {
    return this.region.getByRole('status', { name: 'Result of adding photos' });
  }

  get inferenceInfo(): Locator {
    return this.region.getByTestId('inference-info');
  }

  /** Chooses files through the photo picker, as one selection. */
  async addFiles(
    files: string[] | { name: string; mimeType: string; buffer: Buffer }[],
  ): Promise<void> {
    await this.region.getByLabel('Photo files').setInputFiles(files);
  }

  /** Drops files on the drop zone, as a teacher dragging them from the desktop would. */
  async dropFiles(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    const payload = files.map((file) => ({
      name: file.name,
      mimeType: file.mimeType,
      base64: file.buffer.toString('base64'),
    }));
    const dataTransfer = await this.page.evaluateHandle((items) => {
      const transfer = new DataTransfer();
      for (const item of items) {
        const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], item.name, { type: item.mimeType }));
      }
      return transfer;
    }, payload);
    const zone = this.region.getByTestId('photo-drop-zone');
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
    await dataTransfer.dispose();
  }
}

/** The "Device & privacy" page (#/about): privacy statement and diagnostics. */
export class DevicePage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('link', { name: 'Device & privacy' }).click();
    await expect(
      this.page.getByRole('heading', { level: 1, name: 'Device & privacy' }),
    ).toBeVisible();
  }

  /** Cross-origin isolation, where face analysis runs and the policy are folded away. */
  async openTechnicalDetails(): Promise<void> {
    await this.page.getByText('Technical details', { exact: true }).click();
    await expect(this.crossOriginIsolated).toBeVisible();
  }

  get crossOriginIsolated(): Locator {
    return this.page.getByTestId('cross-origin-isolated');
  }

  get inferenceInfo(): Locator {
    return this.page.getByTestId('inference-info');
  }

  get storageUsage(): Locator {
    return this.page.getByTestId('storage-usage');
  }

  get storagePersisted(): Locator {
    return this.page.getByTestId('storage-persisted');
  }

  get offlineReady(): Locator {
    return this.page.getByTestId('offline-ready');
  }

  get backupSection(): Locator {
    return this.page.getByRole('region', { name: 'Backup & data' });
  }

  /** Clicks "Download backup" and returns the browser's download once it has finished. */
  async downloadBackup(): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.backupSection.getByRole('button', { name: 'Download backup' }).click();
    const done = await download;
    await expect(this.backupSection.getByRole('status', { name: 'Backup result' })).toBeVisible();
    return done;
  }

  /** Picks the file through "Restore from backup" and confirms; returns the dialog. */
  async restoreBackup(filePath: string): Promise<Locator> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.backupSection.getByRole('button', { name: 'Restore from backup' }).click();
    await (await chooser).setFiles(filePath);
    const dialog = this.page.getByRole('dialog', { name: 'Restore this backup?' });
    await dialog.getByRole('button', { name: 'Restore' }).click();
    return dialog;
  }

  get restoreResult(): Locator {
    return this.backupSection.getByRole('status', { name: 'Restore result' });
  }

  async deleteAllData(): Promise<void> {
    await this.backupSection
      .getByRole('button', { name: 'Delete all data on this device' })
      .click();
    const dialog = this.page.getByRole('dialog', { name: 'Delete all data on this device?' });
    await dialog.getByLabel('Type DELETE to confirm').fill('DELETE');
    await dialog.getByRole('button', { name: 'Delete all data' }).click();
    await expect(dialog).toHaveCount(0);
  }

  /** Runs "Check data" and returns its result. */
  async checkData(): Promise<Locator> {
    await this.backupSection.getByRole('button', { name: 'Check data' }).click();
    const result = this.backupSection.getByRole('status', { name: 'Data check result' });
    await expect(result).toBeVisible();
    return result;
  }
}

/**
 * The onnxruntime-web builds the offline copy should hold in this browser: the WebGPU build only
 * if the page sees a real GPU adapter (src/contracts/execution-provider.ts's rule: a software fallback
 * adapter, as headless Chromium offers, does not count).
 */
export async function ortBuildsToKeep(page: Page): Promise<OrtBuild[]> {
  const realGpu = await page.evaluate(async () => {
    type Adapter = { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean } };
    const gpu = (navigator as { gpu?: { requestAdapter(): Promise<Adapter | null> } }).gpu;
    const adapter = await gpu?.requestAdapter().catch(() => null);
    return Boolean(adapter) && !(adapter?.info?.isFallbackAdapter ?? adapter?.isFallbackAdapter);
  });
  return buildsToKeep(realGpu ? 'webgpu' : 'wasm');
}

/** The paths of every file in the page's Cache Storage (the offline copy). */
export async function offlineCopyPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys())
      for (const request of await (await caches.open(name)).keys())
        paths.push(new URL(request.url).pathname);
    return paths;
  });
}

/**
 * Waits until the service worker has installed (precached the app, the WASM runtimes and the
 * models) and controls the page. The first install claims the page; should it not have (the page
 * loaded before the worker registered), one reload puts the page under its control.
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const controlled = () => page.evaluate(() => navigator.serviceWorker.controller !== null);
  if (!(await controlled())) {
    await page.waitForTimeout(500);
    if (!(await controlled())) await page.reload();
  }
  await expect.poll(controlled).toBe(true);
}

/** The "Attendance" section of a session page. */
export class SessionAttendance {
  constructor(readonly page: Page) {}

  /** Shows the Attendance step of the session page. */
  async show(): Promise<void> {
    await new SessionSteps(this.page).show('Attendance');
  }

  get region(): Locator {
    return this.page.getByRole('region', { name: 'Attendance' });
  }

  get sheet(): Locator {
    return this.region.getByRole('table', { name: 'Attendance sheet' });
  }

  get rows(): Locator {
    return this.sheet.getByTestId('attendance-row');
  }

  row(name: string): Locator {
    return this.rows.filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  status(name: string): Locator {
    return this.row(name).getByTestId('attendance-status');
  }

  override(name: string): Locator {
    return this.region.getByLabel(`Attendance of ${name}`, { exact: true });
  }

  get recogniseResult(): Locator {
    return this.region.getByRole('status', { name: 'Recognition result' });
  }

  async recognise(): Promise<void> {
    await this.region.getByRole('button', { name: 'Recognise students' }).click();
    await expect(this.recogniseResult).toBeVisible({ timeout: 60_000 });
  }
}

/** "Who's who": the people not yet named, as a grid of face groups (largest first). */
export class WhosWho {
  constructor(readonly page: Page) {}

  get region(): Locator {
    return this.page.getByRole('region', { name: 'Who’s who' });
  }

  /** The open questions' cards, largest first. */
  get cards(): Locator {
    return this.region
      .getByRole('list', { name: 'People not yet named', exact: true })
      .getByRole('listitem', { name: /^Person \d+, \d+ faces?$/ });
  }

  card(index: number): Locator {
    return this.cards.nth(index);
  }

  /**
   * How many questions are open, once the grid is drawn and not being read again (before that
   * the list is empty or about to be replaced, and a count of it means nothing).
   */
  async questionCount(): Promise<number> {
    await expect(this.cards.first()).toBeVisible({ timeout: 30_000 });
    await expect(this.region).not.toHaveAttribute('aria-busy', 'true');
    return this.cards.count();
  }

  /** Faces shown on a card (buttons opening the face panel). */
  faces(index: number): Locator {
    return this.card(index).getByRole('button', { name: /^Face \d+ of Person \d+: open$/ });
  }

  /** How many faces the index-th question has (a card shows the first few). */
  async faceCount(index: number): Promise<number> {
    const label = (await this.card(index).getAttribute('aria-label')) ?? '';
    return Number(/, (\d+) faces?$/.exec(label)?.[1]);
  }

  /** "12 of 30 named". */
  get progress(): Locator {
    return this.region.getByTestId('whos-who-progress');
  }

  /** Answers collapsed in this visit ("Named just now"). */
  get done(): Locator {
    return this.region.getByRole('list', { name: 'Named just now' }).getByRole('listitem');
  }

  field(index: number): Locator {
    return this.card(index).getByRole('combobox', { name: 'Who is this?' });
  }

  /**
   * Names the index-th question as a teacher types it: the name (a roster name, or a new one
   * that joins the class list) and Enter. Returns once the card has left the grid.
   */
  async name(index: number, name: string): Promise<void> {
    // Not while the questions are being read again: the cards may be replaced by new ones (the
    // faces grouped anew), and what was typed into a replaced card is gone.
    await expect(this.region).not.toHaveAttribute('aria-busy', 'true');
    const card = this.card(index);
    const before = await this.cards.count();
    const field = this.field(index);
    await field.fill(name);
    await expect(
      card.getByRole('option', {
        selected: true,
        name: new RegExp(`^(${escape(name)}|Someone new: “${escape(name)}”)$`, 'i'),
      }),
    ).toBeVisible();
    await field.press('Enter');
    // The cards after it move up (and are numbered again).
    await expect(this.cards).toHaveCount(before - 1);
  }

  /** Taps the index-th question's suggestion ("This is <name>"). */
  async acceptSuggestion(index: number, name: string): Promise<void> {
    await this.card(index)
      .getByRole('button', { name: `This is ${name}`, exact: true })
      .click();
  }

  /** "Not in this class": the last option of the card's name field. */
  async notInClass(index: number): Promise<void> {
    await this.field(index).click();
    await this.card(index).getByRole('option', { name: 'Not in this class', exact: true }).click();
  }

  /** Faces of all the open questions (from the cards' names: a card shows the first few). */
  async totalFaces(): Promise<number> {
    let total = 0;
    for (let i = 0; i < (await this.cards.count()); i++) total += await this.faceCount(i);
    return total;
  }
}

/** The face panel (a dialog), opened by tapping any face. */
export class FacePanel {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Who is this?' });
  }

  async confirm(name: string): Promise<void> {
    await this.dialog.getByRole('button', { name: `This is ${name}`, exact: true }).click();
    await expect(this.dialog).toBeHidden();
  }

  /** Another student from the list, or a new name ("someone new"), typed and Enter. */
  async pick(name: string): Promise<void> {
    await this.dialog.getByRole('combobox').fill(name);
    await this.dialog.getByRole('combobox').press('Enter');
    await expect(this.dialog).toBeHidden();
  }

  async notInClass(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Not in this class', exact: true }).click();
    await expect(this.dialog).toBeHidden();
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The app-wide change notice (src/ui/features/history/ChangeNotice.tsx). */
export class ChangeNotice {
  constructor(readonly page: Page) {}

  get message(): Locator {
    return this.page.getByRole('status', { name: 'Last change' });
  }

  undoButton(description: string): Locator {
    return this.page.getByRole('button', { name: `Undo “${description}”`, exact: true });
  }

  get history(): Locator {
    return this.page.getByRole('list', { name: 'Recent changes' });
  }

  async openHistory(): Promise<void> {
    await this.page.getByRole('button', { name: 'Recent changes' }).click();
    await expect(this.history).toBeVisible();
  }
}

/** The three steps of a session page (tabs): Photos, Who's who, Attendance. */
export type SessionStepName = 'Photos' | 'Who’s who' | 'Attendance';

export class SessionSteps {
  constructor(readonly page: Page) {}

  tab(step: SessionStepName): Locator {
    return this.page
      .getByRole('tablist', { name: 'Steps of this lesson' })
      .getByRole('tab', { name: new RegExp(`^${step}`) });
  }

  /** Shows a step (a click on its tab unless it is already shown). */
  async show(step: SessionStepName): Promise<void> {
    const tab = this.tab(step);
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
  }

  async expectShown(step: SessionStepName, options?: { timeout: number }): Promise<void> {
    await expect(this.tab(step)).toHaveAttribute('aria-selected', 'true', options);
  }

  /**
   * Waits until the photos added are processed and recognised: the page then moves on by
   * itself from Photos to Who's who (or Attendance when nobody is left to name).
   */
  async waitUntilMovedOn(options = { timeout: 180_000 }): Promise<SessionStepName> {
    await expect(this.tab('Photos')).toHaveAttribute('aria-selected', 'false', options);
    return (await this.tab('Who’s who').getAttribute('aria-selected')) === 'true'
      ? 'Who’s who'
      : 'Attendance';
  }
}
