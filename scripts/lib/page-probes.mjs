// In-page probes for benchmarks and browser tests, installed with page.addInitScript(installPageProbes)
// before the app starts. They observe from outside the app (no app code knows about them):
// - every call the page makes to the core worker (comlink 'APPLY' messages posted to a Worker),
//   by method name, and how many face thumbnails were asked for;
// - every photo the core reports finished ('photo-progress' events with stage done or failed,
//   delivered on the MessagePort of the page's event subscription), with its time;
// - main-thread long tasks (PerformanceObserver 'longtask', i.e. tasks over 50 ms).
// Read them with page.evaluate(readPageProbes).

/** Runs in the page (serialised by Playwright): must not reference anything outside itself. */
export function installPageProbes() {
  const probes = {
    coreCalls: {},
    coreCallMs: {},
    thumbnailsAsked: 0,
    finished: [],
    longTasks: [],
  };
  Object.defineProperty(window, '__rollcallProbes', { value: probes });

  // Comlink answers a call with a message carrying the call's id: the time between is the call's.
  const pending = new Map();
  const watchedWorkers = new WeakSet();
  const workerAddEventListener = Worker.prototype.addEventListener;
  Worker.prototype.addEventListener = function (type, listener, options) {
    if (type === 'message' && !watchedWorkers.has(this)) {
      watchedWorkers.add(this);
      workerAddEventListener.call(this, 'message', (event) => {
        const call = event.data && pending.get(event.data.id);
        if (!call) return;
        pending.delete(event.data.id);
        probes.coreCallMs[call.name] =
          (probes.coreCallMs[call.name] ?? 0) + (performance.now() - call.at);
      });
    }
    return workerAddEventListener.call(this, type, listener, options);
  };
  const postMessage = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === 'APPLY' && Array.isArray(message.path)) {
      const name = message.path.join('.');
      probes.coreCalls[name] = (probes.coreCalls[name] ?? 0) + 1;
      if (message.id !== undefined) pending.set(message.id, { name, at: performance.now() });
      if (name === 'getFaceThumbnails') {
        const ids = message.argumentList?.[0]?.value;
        if (Array.isArray(ids)) probes.thumbnailsAsked += ids.length;
      }
    }
    return postMessage.call(this, message, ...rest);
  };

  const watchedPorts = new WeakSet();
  const addEventListener = MessagePort.prototype.addEventListener;
  MessagePort.prototype.addEventListener = function (type, listener, options) {
    if (type === 'message' && !watchedPorts.has(this)) {
      watchedPorts.add(this);
      addEventListener.call(this, 'message', (event) => {
        const data = event.data;
        const value = data && data.type === 'APPLY' ? data.argumentList?.[0]?.value : undefined;
        if (value && value.type === 'photo-progress') {
          const { stage, imageId } = value.progress;
          if (stage === 'done' || stage === 'failed')
            probes.finished.push({ imageId, stage, at: performance.now() });
        }
      });
    }
    return addEventListener.call(this, type, listener, options);
  };

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        probes.longTasks.push({ at: entry.startTime, ms: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing in this browser: longTasks stays empty.
  }
}

/** Runs in the page: a copy of what the probes saw so far. */
export function readPageProbes() {
  const probes = window.__rollcallProbes;
  return probes ? JSON.parse(JSON.stringify(probes)) : undefined;
}

/**
 * The same JPEG with a comment segment right after its start marker, so each copy has different
 * bytes (the per-session duplicate check compares content) but decodes to the same picture.
 */
export function distinctJpegCopy(jpeg, label) {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  const text = Buffer.from(`rollcall copy ${label}`, 'ascii');
  const segment = Buffer.alloc(4 + text.length);
  segment[0] = 0xff;
  segment[1] = 0xfe; // COM
  segment.writeUInt16BE(text.length + 2, 2);
  text.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}
