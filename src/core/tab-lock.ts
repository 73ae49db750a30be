// Only one tab may own the database: two PGlite instances writing the same IndexedDB store
// would corrupt it. The owner holds an exclusive Web Lock for as long as it has the database
// open. Another tab queues for the lock and can ask the owner, over a BroadcastChannel, to
// hand over (the teacher clicked "Use Rollcall here").

export const DB_LOCK_NAME = 'rollcall:database';
const CHANNEL_NAME = 'rollcall:tabs';

type TabMessage = { type: 'takeover-requested' };

export interface TabLockCallbacks {
  /** The lock is ours: open the database. Resolve when it is open and ready. */
  onAcquired(): Promise<void>;
  /** Another tab holds the lock; we wait in the queue. */
  onWaiting(): void;
  /**
   * Another tab asked for the database: close it. The lock is released only once this has
   * resolved, so it must not resolve before the database is closed (even one still opening).
   */
  onHandOver(): Promise<void>;
}

export class TabLock {
  private readonly channel = new BroadcastChannel(CHANNEL_NAME);
  private release: (() => void) | undefined;

  constructor(private readonly callbacks: TabLockCallbacks) {
    this.channel.onmessage = (event: MessageEvent<TabMessage>) => {
      if (event.data.type === 'takeover-requested') void this.handOver();
    };
  }

  /** True while this tab holds the lock and has not begun to hand it over. */
  get holds(): boolean {
    return this.release !== undefined;
  }

  /** Acquires the lock now if it is free, else reports waiting and queues for it. */
  async start(): Promise<void> {
    const gotItNow = await navigator.locks.request(DB_LOCK_NAME, { ifAvailable: true }, (lock) =>
      lock ? this.hold() : false,
    );
    if (gotItNow === false) {
      this.callbacks.onWaiting();
      await navigator.locks.request(DB_LOCK_NAME, () => this.hold());
    }
  }

  requestTakeover(): void {
    this.channel.postMessage({ type: 'takeover-requested' } satisfies TabMessage);
  }

  /** Runs while the lock is held; the lock is released when the returned promise settles. */
  private async hold(): Promise<true> {
    const released = new Promise<void>((resolve) => (this.release = resolve));
    await this.callbacks.onAcquired();
    await released;
    return true;
  }

  private async handOver(): Promise<void> {
    const release = this.release;
    if (!release) return; // we do not hold the lock
    this.release = undefined;
    await this.callbacks.onHandOver();
    release();
    // Queue again, so this tab takes the database back when the other one closes.
    void this.start();
  }
}
