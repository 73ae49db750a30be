// The page's side of the inference worker: the page, not the core worker, starts it, because
// onnxruntime-web's WASM threads deadlock in Firefox when their worker was started by another
// worker. The core worker gets a MessagePort to it and talks to it directly (comlink over the
// port), so photos and vectors never cross the main thread.
import { transfer } from 'comlink';
import { INFERENCE_CONNECT_MESSAGE, type InferenceHost } from '../contracts/inference';

export function createInferenceHost(): InferenceHost {
  let worker: Worker | undefined;
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
      started.postMessage(INFERENCE_CONNECT_MESSAGE, [channel.port1]);
      return transfer(channel.port2, [channel.port2]);
    },
    stop,
  };
}
