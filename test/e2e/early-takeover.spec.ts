// A second tab that takes over within seconds of the very first visit (a fresh browser profile:
// the service worker is still installing, the first tab is still opening its database) must
// leave exactly one tab able to write. The tab that gave the records away shows the hand-over
// screen, and only what the tab holding the records wrote is stored.
import { expect, test, type Page } from '@playwright/test';
import {
  ClassesPage,
  DevicePage,
  HANDED_OVER_HEADING,
  OTHER_TAB_HEADING,
} from './support/rollcall';

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

/** The tab showing "open in another tab" (waiting for the records), once one does. */
async function waitingTab(first: Page, second: Page): Promise<Page> {
  let waiting: Page | undefined;
  await expect
    .poll(
      async () => {
        for (const page of [second, first])
          if (await heading(page, OTHER_TAB_HEADING).isVisible()) waiting = page;
        return waiting !== undefined;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  return waiting!;
}

for (const delaySeconds of [0.5, 2, 5, 10]) {
  test(`a takeover ${delaySeconds} s after the first visit leaves one writer`, async ({
    context,
  }) => {
    test.setTimeout(180_000);
    const first = await context.newPage();
    await first.goto('/');
    await first.waitForTimeout(delaySeconds * 1000);
    const second = await context.newPage();
    await second.goto('/');

    // Normally the second tab waits; on a slow start the first one may be the one waiting.
    const taker = await waitingTab(first, second);
    const giver = taker === first ? second : first;
    await taker.getByRole('button', { name: 'Use Rollcall here' }).click();
    // The other tab first finishes opening (a first visit is slow), then closes and lets go.
    await expect(heading(taker, 'Your classes')).toBeVisible({ timeout: 90_000 });
    const takerClasses = new ClassesPage(taker);
    await takerClasses.expectShown();

    // The tab that gave the records away says so, and offers nothing to write with. (It may
    // still be finishing its own start: give it the time it needs to settle.)
    await expect(heading(giver, HANDED_OVER_HEADING)).toBeVisible({ timeout: 30_000 });
    await giver.waitForTimeout(2_000);
    await expect(heading(giver, HANDED_OVER_HEADING)).toBeVisible();
    await expect(giver.getByRole('textbox')).toHaveCount(0);

    await takerClasses.createClass('Written with the records');

    // Only the tab holding the records wrote: what is stored (read afresh) is exactly that.
    await giver.close();
    await taker.reload();
    await takerClasses.expectShown();
    await expect(takerClasses.classList.getByRole('listitem')).toHaveText([
      /^Written with the records/,
    ]);
    const device = new DevicePage(taker);
    await device.open();
    await expect(await device.checkData()).toContainText('All data fits together');
  });
}
