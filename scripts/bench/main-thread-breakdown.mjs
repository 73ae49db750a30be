#!/usr/bin/env node
// What the page's main thread did while a batch of photos was processed, task by task, from a
// Chromium trace (CDP Tracing, with the CPU profiler's samples) that the batch test writes:
//   npx vite build --sourcemap   (the same code as npm run build, plus .map files to name it)
//   MAIN_THREAD_TRACE=/tmp/batch-trace.json PW_PORT=5302 npx playwright test test/e2e/batch-main-thread.spec.ts
//   node scripts/bench/main-thread-breakdown.mjs /tmp/batch-trace.json [--dist dist] [--over 50] [--cpu-over 10]
// Prints, between the page's marks 'batch-start' and 'batch-done': how many tasks ran, the
// longest in wall time (what a long-task observer reports) and in the thread's own CPU time
// (what the page's code and rendering cost, without the time the thread waited for a core or
// for another process), then each task over --over ms of wall time or --cpu-over ms of CPU:
// its trace events by time (rendering phases, script, resource loads) and the functions its
// CPU samples fell in, named through the build's source maps. On a loaded machine wall time
// is CPU time stretched by waiting: compare the two. Not part of npm test.
import { existsSync, readFileSync } from 'node:fs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const file = process.argv[2];
if (!file || file.startsWith('--')) {
  console.error(
    'usage: main-thread-breakdown.mjs <trace.json> [--dist dist] [--over 50] [--cpu-over 10]',
  );
  process.exit(1);
}
const dist = arg('dist', 'dist');
const overMs = Number(arg('over', 50));
const cpuOverMs = Number(arg('cpu-over', 10));
const parsed = JSON.parse(readFileSync(file, 'utf8'));
// A trace is either an array of events or an object with them in traceEvents.
const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
const ms = (us) => (us / 1000).toFixed(0);

// The page's main thread: the renderer main thread that ran the most tasks.
const threadNames = new Map();
for (const e of events) {
  if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args.name);
}
const taskCounts = new Map();
for (const e of events) {
  const key = `${e.pid}:${e.tid}`;
  if (e.name === 'RunTask' && threadNames.get(key) === 'CrRendererMain')
    taskCounts.set(key, (taskCounts.get(key) ?? 0) + 1);
}
const [mainKey] = [...taskCounts].sort((a, b) => b[1] - a[1])[0] ?? [];
if (!mainKey) throw new Error('no renderer main thread in this trace');
const [pid, tid] = mainKey.split(':').map(Number);
const onMain = events
  .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined)
  .sort((a, b) => a.ts - b.ts);

const markTs = (name) =>
  events.find((e) => e.pid === pid && e.name === name && e.cat?.includes('blink.user_timing'))?.ts;
const from = markTs('batch-start') ?? onMain[0].ts;
const until = markTs('batch-done') ?? Infinity;
const at = (ts) => `+${((ts - from) / 1e6).toFixed(2)} s`;
const tasks = onMain.filter((e) => e.name === 'RunTask' && e.ts >= from && e.ts <= until);
const cpu = (task) => task.tdur ?? 0;

// CPU profile samples of the main thread (the profile whose 'Profile' event is on it).
const mainProfiles = new Set(
  events.filter((e) => e.name === 'Profile' && e.pid === pid && e.tid === tid).map((e) => e.id),
);
const profileStart = new Map(
  events
    .filter((e) => e.name === 'Profile' && mainProfiles.has(e.id))
    .map((e) => [e.id, e.args.data.startTime]),
);
const nodes = new Map();
const samples = [];
const clock = new Map();
for (const e of events) {
  if (e.name !== 'ProfileChunk' || e.pid !== pid || !mainProfiles.has(e.id)) continue;
  const { cpuProfile = {}, timeDeltas = [] } = e.args.data;
  for (const node of cpuProfile.nodes ?? [])
    nodes.set(`${e.id}:${node.id}`, { ...node, profile: e.id });
  let t = clock.get(e.id) ?? profileStart.get(e.id) ?? 0;
  (cpuProfile.samples ?? []).forEach((nodeId, i) => {
    t += timeDeltas[i] ?? 0;
    samples.push({ node: `${e.id}:${nodeId}`, ts: t });
  });
  clock.set(e.id, t);
}

// Source maps (v3), read just enough to name a generated line and column: each generated line's
// segments [column, source, line, column] from the base64 VLQ 'mappings'.
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function decodeMappings(mappings) {
  const lines = [];
  const state = [0, 0, 0, 0];
  for (const line of mappings.split(';')) {
    const segments = [];
    state[0] = 0;
    for (const text of line.split(',')) {
      if (!text) continue;
      const fields = [];
      for (let i = 0, value = 0, shift = 0; i < text.length; i++) {
        const digit = BASE64.indexOf(text[i]);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = shift = 0;
        }
      }
      for (let f = 0; f < 4 && f < fields.length; f++) state[f] += fields[f];
      if (fields.length >= 4) segments.push([...state]);
    }
    lines.push(segments);
  }
  return lines;
}
const maps = new Map();
function sourceMapOf(url) {
  const path = `${dist}/assets/${url.split('/').pop()}.map`;
  if (!maps.has(path)) {
    const map = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
    maps.set(path, map && { sources: map.sources, lines: decodeMappings(map.mappings) });
  }
  return maps.get(path);
}
/** Generated line and column (0-based) to 'source:line', or undefined. */
function originalPosition(map, line, column) {
  const segments = map.lines[line] ?? [];
  let found;
  for (const segment of segments) {
    if (segment[0] > column) break;
    found = segment;
  }
  if (!found) return undefined;
  const source = map.sources[found[1]].replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, '');
  return `${source}:${found[2] + 1}`;
}
const frameName = ({ functionName, url, lineNumber, columnNumber }) => {
  const name = functionName || '(anonymous)';
  if (!url) return name;
  const map = sourceMapOf(url);
  const original = map && originalPosition(map, lineNumber, columnNumber);
  return original ? `${name} ${original}` : `${name} ${url.split('/').pop()}:${lineNumber + 1}`;
};
const stackOf = (key) => {
  const frames = [];
  for (let node = nodes.get(key); node; node = nodes.get(`${node.profile}:${node.parent}`))
    frames.push(node.callFrame);
  return frames;
};
const top = (counts, n) =>
  [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, count]) => `${name} ×${count}`)
    .join(' | ');

const longestWall = Math.max(0, ...tasks.map((t) => t.dur));
const longestCpu = Math.max(0, ...tasks.map(cpu));
console.log(
  `batch ${at(until)}: ${tasks.length} main-thread tasks, ${tasks.filter((t) => t.dur > 50_000).length} over 50 ms; ` +
    `longest ${ms(longestWall)} ms wall, longest ${ms(longestCpu)} ms CPU; ` +
    `all tasks ${ms(tasks.reduce((s, t) => s + t.dur, 0))} ms wall, ${ms(tasks.reduce((s, t) => s + cpu(t), 0))} ms CPU`,
);
for (const task of tasks.filter((t) => t.dur > overMs * 1000 || cpu(t) > cpuOverMs * 1000)) {
  const end = task.ts + task.dur;
  const inner = new Map();
  for (const e of onMain) {
    if (e.ts < task.ts || e.ts + e.dur > end || e === task || e.name.includes('RunTask')) continue;
    inner.set(e.name, (inner.get(e.name) ?? 0) + e.dur);
  }
  const leaves = new Map();
  const app = new Map();
  for (const sample of samples) {
    if (sample.ts < task.ts || sample.ts > end) continue;
    const stack = stackOf(sample.node);
    if (stack.length === 0) continue;
    const leaf = frameName(stack[0]);
    leaves.set(leaf, (leaves.get(leaf) ?? 0) + 1);
    for (const name of new Set(stack.map(frameName).filter((n) => n.includes(' src/'))))
      app.set(name, (app.get(name) ?? 0) + 1);
  }
  console.log(`\n${at(task.ts)}: ${ms(task.dur)} ms wall, ${ms(cpu(task))} ms CPU`);
  console.log(
    `  events (ms, nested): ${[...inner]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([name, us]) => `${name} ${(us / 1000).toFixed(1)}`)
      .join(' | ')}`,
  );
  if (leaves.size > 0) console.log(`  samples, innermost: ${top(leaves, 8)}`);
  if (app.size > 0) console.log(`  samples, app code on the stack: ${top(app, 6)}`);
}
