// An uncaught error or rejected promise in the page is a defect even when the screen looks
// right (a CancelledError from a restarted query went unnoticed this way): each is logged as it
// happens, and the test fails at its end if there was any.
import { expect, type test as base } from '@playwright/test';

export function failOnPageErrors(test: typeof base): void {
  let errors: string[] = [];
  test.beforeEach(({ page }) => {
    errors = [];
    page.on('pageerror', (error) => {
      console.log(`[page error] ${error.message}`);
      errors.push(error.message);
    });
  });
  test.afterEach(() => {
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });
}
