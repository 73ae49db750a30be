// The page's side of the inference worker: the page, not the core worker, starts it, because
// onnxruntime-web's WASM threads deadlock in Firefox when their worker was started by another
// worker. The core worker gets a MessagePort to it and talks to it directly (comlink over the
// port), so photos and vectors never cross the main thread.
//
// The page also keeps this device's thread setting: WASM threads sometimes never answer (seen
// in WebKit with SharedArrayBuffer and in Firefox ESR); after that the core's inference client
// asks for one thread, and this device keeps it (localStorage, the page's own storage: a
// device setting, not a class record, so it is not in the database or its backups).
import { transfer } from 'comlink';
import {
  INFERENCE_CONNECT_MESSAGE,
  type InferenceConnectMessage,
  type InferenceHost,
} from '../contracts/inference';
import { wasmThreadCount } from '../contracts/wasm-threads';

const ONE_THREAD_KEY = 'rollcall.inference.one-thread';
const listeners = new Set<() => void>();

/** Hears when this device's thread setting changes (e.g. to show the new thread count). */
export function onThreadSettingChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether face analysis on this device was switched to one thread after it stopped answering. */
export function usesOneThreadAfterHang(): boolean {
  try {
    return localStorage.getItem(ONE_THREAD_KEY) === '1';
  } catch {
    return false;
  }
}

/** Lets face analysis use several threads again, from the next time Rollcall opens. */
export function forgetOneThreadAfterHang(): void {
  try {
    localStorage.removeItem(ONE_THREAD_KEY);
  } catch {
    // Storage refused: there is nothing remembered either.
  }
  for (const listener of listeners) listener();
}

function rememberOneThread(): void {
  try {
    localStorage.setItem(ONE_THREAD_KEY, '1');
  } catch {
    // Storage refused: one thread still holds for as long as this page is open.
  }
}

export function createInferenceHost(): InferenceHost {
  let worker: Worker | undefined;
  let oneThread = usesOneThreadAfterHang();
  const threads = () => (oneThread ? 1 : wasmThreadCount());
  const stop = () => {
    worker?.terminate();
    worker = undefined;
  };
  return {
    connect(onCrash) {
      stop();
      const started = new Worker(new URL('../ml/inference.worker.ts', import.meta.url), {
        type: 'module',
        name: 'rollcall-inference',
      });
      worker = started;
      started.onerror = (event) => {
        event.preventDefault();
        if (worker === started) stop();
        onCrash(event.message || 'the face analysis worker failed');
      };
      const channel = new MessageChannel();
      const message: InferenceConnectMessage = {
        type: INFERENCE_CONNECT_MESSAGE,
        maxThreads: threads(),
      };
      started.postMessage(message, [channel.port1]);
      return transfer(channel.port2, [channel.port2]);
    },
    threads,
    useOneThread() {
      oneThread = true;
      rememberOneThread();
      for (const listener of listeners) listener();
    },
    stop,
  };
}
