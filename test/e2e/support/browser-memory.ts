// Memory of the Chromium this test worker launched, read from /proc (Linux): the proportional
// set size (PSS, shared pages split between the processes that share them, so the sum is not
// inflated) of the browser process and every process under it (renderers, GPU, workers' hosts).
import { readdirSync, readFileSync } from 'node:fs';

function parentOf(pid: number): number {
  try {
    // "pid (comm) state ppid ...": comm may hold spaces, so split after its closing bracket.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

function pssKb(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** MB of PSS of every process descending from this Node process's Chromium. */
export function browserMemoryMb(): number {
  const pids = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
  const parents = new Map(pids.map((pid) => [pid, parentOf(pid)]));
  const descendsFromUs = (pid: number) => {
    for (let p = parents.get(pid) ?? 0, depth = 0; p > 1 && depth < 12; depth++) {
      if (p === process.pid) return true;
      p = parents.get(p) ?? parentOf(p);
    }
    return false;
  };
  let kb = 0;
  for (const pid of pids) if (descendsFromUs(pid)) kb += pssKb(pid);
  return kb / 1024;
}

/** Samples browserMemoryMb every `intervalMs` until stopped; returns the peak seen. */
export function samplePeakMemory(intervalMs = 100): { stop(): number } {
  let peak = browserMemoryMb();
  const timer = setInterval(() => (peak = Math.max(peak, browserMemoryMb())), intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, browserMemoryMb());
    },
  };
}
