// onnxruntime-web starts its WASM threads as module workers named 'em-pthread' (one per thread
// after the first), from the inference worker, and runs no model until every one of them has
// said it loaded. Now and then one of them never starts: WebKit fires an `error` event at it
// within milliseconds (caught in WebKitGTK with SharedArrayBuffer: 1 of 5 runs of the core
// workflow, the other two thread workers of that run loaded fine) and onnxruntime-web waited
// for ever; the photo was analysed again on one thread only after the 30 s stall limit.
//
// So the inference worker starts thread workers through this: a thread worker that fails
// before its first message is started again, a few times, and sent again what it had been
// sent (onnxruntime-web's 'load' message: the shared memory and the compiled module, which can
// be sent any number of times). Once a thread worker has sent a message it has started, and
// its errors go to onnxruntime-web as before. Every other worker is left as it is.

export const THREAD_WORKER_NAME = 'em-pthread';
export const MAX_THREAD_WORKER_RESTARTS = 3;

type WorkerConstructor = new (url: string | URL, options?: WorkerOptions) => Worker;
type Sent = [message: unknown, transfer: Transferable[]];

/** The part of a Worker that onnxruntime-web's thread pool uses. */
class RestartingWorker {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  private inner: Worker;
  private started = false;
  private restarts = 0;
  /** What was sent before the worker started, to send again to its replacement. */
  private readonly sent: Sent[] = [];

  constructor(
    private readonly Base: WorkerConstructor,
    private readonly url: string | URL,
    private readonly options: WorkerOptions | undefined,
    private readonly onRestart: (restarts: number) => void,
  ) {
    this.inner = this.start();
  }

  private start(): Worker {
    const worker = new this.Base(this.url, this.options);
    worker.onmessage = (event) => {
      this.started = true;
      this.sent.length = 0;
      this.onmessage?.(event);
    };
    worker.onmessageerror = (event) => this.onmessageerror?.(event);
    worker.onerror = (event) => {
      if (worker !== this.inner) return; // one already replaced: its news is stale
      if (this.started || this.restarts >= MAX_THREAD_WORKER_RESTARTS) {
        this.onerror?.(event);
        return;
      }
      event.preventDefault();
      worker.terminate();
      this.restarts += 1;
      this.onRestart(this.restarts);
      this.inner = this.start();
      for (const [message, transfer] of this.sent) this.inner.postMessage(message, transfer);
    };
    return worker;
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (!this.started) this.sent.push([message, transfer]);
    this.inner.postMessage(message, transfer);
  }

  terminate(): void {
    this.inner.terminate();
  }
}

/**
 * Makes `scope.Worker` start onnxruntime-web's thread workers again when they fail to start.
 * Call once in the inference worker, before onnxruntime-web starts its threads.
 */
export function restartThreadWorkersThatFailToStart(
  scope: { Worker: WorkerConstructor },
  onRestart: (restarts: number) => void = () => undefined,
): void {
  const Base = scope.Worker;
  scope.Worker = function (url: string | URL, options?: WorkerOptions): Worker {
    if (options?.name !== THREAD_WORKER_NAME) return new Base(url, options);
    return new RestartingWorker(Base, url, options, onRestart) as unknown as Worker;
  } as unknown as WorkerConstructor;
}
