// A browser that lacks something Rollcall needs shows a plain screen naming it, never a hang at
// "Opening your classes". The lack is simulated at the edge: the page's own global is removed
// or refuses, before any of the app's code runs.
import { expect, test, type Page } from '@playwright/test';

const HEADING = 'Rollcall can’t run in this browser';

async function expectUnsupported(page: Page, missing: RegExp) {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: HEADING })).toBeVisible();
  await expect(page.getByRole('list', { name: 'What is missing' })).toContainText(missing);
  await expect(page.getByText('Opening your classes')).toHaveCount(0);
}

test('without IndexedDB, the teacher is told storage is missing', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  await expectUnsupported(page, /IndexedDB/);
});

test('without WebAssembly, the teacher is told so', async ({ page }) => {
  await page.addInitScript(() => {
    Reflect.deleteProperty(window, 'WebAssembly');
  });
  await expectUnsupported(page, /WebAssembly/);
});

test('when the browser refuses storage, the screen says so and how to fix it', async ({ page }) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
  });
  await expectUnsupported(page, /refused: The operation is insecure/);
  await expect(page.getByText('open Rollcall in a normal window')).toBeVisible();
});

test('a browser with everything opens the classes as usual', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Your classes' })).toBeVisible();
});
