// Preloaded into a server under benchmark (`--import`): measures event-loop delay, and on
// SIGUSR2 writes the max and p99 since the previous signal to EVENT_LOOP_PROBE_FILE, with the longest
// stretch of main-thread CPU and what ran during the longest stall.
// With EVENT_LOOP_THREADS=1 it also reports each thread's CPU and wait during the longest stall
// (which threads took the cores). With EVENT_LOOP_STALLS_FILE set (%p: the process id), it writes
// each stall over EVENT_LOOP_STALL_MS (40) as a [start, end] window in microseconds of the monotonic
// clock (the clock of `node --cpu-prof` samples), so a CPU profile can be cut down to what ran
// during the stalls (bench/stalls.ts).
import fs from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

/**
 * CPU time the main thread has run, in ns (Linux: /proc/self/task/<pid>/schedstat, the main thread's
 * task id is the process id); null elsewhere.
 */
function mainThreadRunNs(): number | null {
  return mainThreadSchedstat()?.runNs ?? null;
}

/** The main thread's CPU time and time spent runnable but waiting for a core, in ns (Linux); null elsewhere. */
function mainThreadSchedstat(): { runNs: number; waitNs: number } | null {
  try {
    const [run, wait] = fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ");
    return { runNs: Number(run), waitNs: Number(wait) };
  } catch {
    return null;
  }
}

/** CPU time of the whole process (every thread), in ns. */
const processRunNs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
};

const names = new Map<string, string>();
/** Every thread's CPU and wait time (EVENT_LOOP_THREADS=1 only: a diagnostic, it reads /proc per tick). */
function perThread() {
  const result = new Map<string, { name: string; runNs: number; waitNs: number; nice: number }>();
  if (process.env.EVENT_LOOP_THREADS !== "1") return result;
  for (const tid of fs.readdirSync("/proc/self/task")) {
    try {
      let name = names.get(tid);
      if (name === undefined) names.set(tid, (name = fs.readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim()));
      const [run, wait] = fs.readFileSync(`/proc/self/task/${tid}/schedstat`, "utf8").split(" ");
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8").split(") ")[1]!.split(" ");
      result.set(tid, { name, runNs: Number(run), waitNs: Number(wait), nice: Number(stat[16]) });
    } catch {
      // ended meanwhile
    }
  }
  return result;
}

const file = process.env.EVENT_LOOP_PROBE_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  // The longest CPU stretch of the main thread between two turns of a 2 ms timer: what the delay
  // would be on a quiet core, since on a shared machine wall-clock delay includes waiting for the CPU.
  let cpuMaxNs = 0;
  // The longest gap between two turns of that timer, and what ran meanwhile: the main thread's CPU, the
  // CPU of the process's other threads (GC helpers, worker threads; on a pinned server they share the
  // event loop's core), and how long the main thread was ready to run but waited for a core.
  let longest = { wallNs: 0, mainNs: 0, otherThreadsNs: 0, mainWaitNs: 0 };
  let longestThreads: Record<string, { runMs: number; waitMs: number }> = {};
  let lastThreads = perThread();
  let last = mainThreadSchedstat();
  if (last !== null) {
    let lastAt = process.hrtime.bigint();
    let lastProcessNs = processRunNs();
    const tick = () => {
      const now = mainThreadSchedstat()!;
      const at = process.hrtime.bigint();
      const processNs = processRunNs();
      const threads = perThread();
      const mainNs = now.runNs - last!.runNs;
      cpuMaxNs = Math.max(cpuMaxNs, mainNs);
      const wallNs = Number(at - lastAt);
      if (wallNs > longest.wallNs) {
        longestThreads = {};
        for (const [tid, t] of threads) {
          const before = lastThreads.get(tid);
          const runMs = (t.runNs - (before?.runNs ?? 0)) / 1e6;
          const waitMs = (t.waitNs - (before?.waitNs ?? 0)) / 1e6;
          if (runMs + waitMs > 0.5)
            longestThreads[`${tid} ${t.name} nice ${t.nice}`] = {
              runMs: Math.round(runMs * 10) / 10,
              waitMs: Math.round(waitMs * 10) / 10,
            };
        }
        longest = {
          wallNs,
          mainNs,
          otherThreadsNs: Math.max(0, processNs - lastProcessNs - mainNs),
          mainWaitNs: now.waitNs - last!.waitNs,
        };
      }
      lastThreads = threads;
      last = now;
      lastAt = at;
      lastProcessNs = processNs;
      setTimeout(tick, 2).unref();
    };
    setTimeout(tick, 2).unref();
  }
  let sequence = 0;
  process.on("SIGUSR2", () => {
    sequence += 1;
    const sample = {
      sequence,
      maxMs: histogram.max / 1e6,
      p99Ms: histogram.percentile(99) / 1e6,
      cpuMaxMs: cpuMaxNs / 1e6,
      longestStall: {
        wallMs: longest.wallNs / 1e6,
        mainCpuMs: longest.mainNs / 1e6,
        otherThreadsCpuMs: longest.otherThreadsNs / 1e6,
        mainWaitMs: longest.mainWaitNs / 1e6,
      },
      threads: longestThreads,
    };
    histogram.reset();
    cpuMaxNs = 0;
    longest = { wallNs: 0, mainNs: 0, otherThreadsNs: 0, mainWaitNs: 0 };
    longestThreads = {};
    fs.writeFileSync(file, JSON.stringify(sample));
  });
}

const stallsFile = process.env.EVENT_LOOP_STALLS_FILE?.replace("%p", String(process.pid));
const stallMs = Number(process.env.EVENT_LOOP_STALL_MS ?? 40);
if (stallsFile) {
  const stalls: [number, number][] = [];
  const now = () => Number(process.hrtime.bigint() / 1000n);
  let last = now();
  const tick = () => {
    const at = now();
    if (at - last > stallMs * 1000) stalls.push([last, at]);
    last = at;
    setTimeout(tick, 2).unref();
  };
  setTimeout(tick, 2).unref();
  process.on("exit", () => fs.writeFileSync(stallsFile, JSON.stringify(stalls)));
}
export {};
