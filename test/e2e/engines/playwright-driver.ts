// EngineDriver over a Playwright page (Chromium, and Firefox ESR over WebDriver BiDi).
import type { Page } from '@playwright/test';
import type { EngineDriver } from './core-workflow';

export function playwrightDriver(page: Page): EngineDriver {
  const at = (xpath: string) => page.locator(`xpath=${xpath}`);
  return {
    goto: async (url) => {
      await page.goto(url);
    },
    reload: async () => {
      await page.reload();
    },
    click: (xpath) => at(xpath).click(),
    // fill() does not reach React's onChange in Firefox ESR 153 over BiDi; typing does.
    type: (xpath, text) => at(xpath).pressSequentially(text),
    upload: (xpath, filePath) => at(xpath).setInputFiles(filePath),
    evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) =>
      page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown),
  };
}
