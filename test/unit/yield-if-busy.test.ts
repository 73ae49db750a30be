// The inference worker's yield before a model run (src/ml/ort-web.ts): a real task boundary after
// 50 ms of work, so a cancel() message gets its turn; none right after one, so a photo's model
// runs do not each wait (setTimeout(0) is clamped to 4 ms when nested); concurrent runs go on.
import { describe, expect, test } from 'vitest';
import { yieldIfBusy } from '../../src/ml/ort-web';

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin: a model run that never returns to the event loop
  }
}

describe('yieldIfBusy', () => {
  test('waits for a task after a long run, and not right after a yield', async () => {
    const microtasks = async () => {
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };
    await yieldIfBusy();
    busy(60);
    let yielded = false;
    const pending = yieldIfBusy().then(() => (yielded = true));
    await microtasks();
    expect(yielded).toBe(false); // a task boundary, not a microtask: messages get their turn
    await pending;
    expect(yielded).toBe(true);

    let again = false;
    void yieldIfBusy().then(() => (again = true));
    await microtasks();
    expect(again).toBe(true); // just yielded: no wait at all
  });

  test('two runs waiting at once both continue', async () => {
    busy(60);
    await expect(Promise.all([yieldIfBusy(), yieldIfBusy()])).resolves.toEqual([
      undefined,
      undefined,
    ]);
  });
});
