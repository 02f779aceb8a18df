// Preloaded into a server under benchmark (`--import`): measures event-loop delay, and on
// SIGUSR2 writes the max and p99 since the previous signal to EVENT_LOOP_PROBE_FILE, with the longest
// stretch of main-thread CPU and what ran during the longest stall.
// With EVENT_LOOP_STALLS_FILE set, it also writes each stall over 40 ms as a [start, end] window
// in microseconds of the monotonic clock (the clock of `node --cpu-prof` samples), so a CPU
// profile can be cut down to what ran during the stalls (bench/stalls.ts).
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
  let last = mainThreadSchedstat();
  if (last !== null) {
    let lastAt = process.hrtime.bigint();
    let lastProcessNs = processRunNs();
    const tick = () => {
      const now = mainThreadSchedstat()!;
      const at = process.hrtime.bigint();
      const processNs = processRunNs();
      const mainNs = now.runNs - last!.runNs;
      cpuMaxNs = Math.max(cpuMaxNs, mainNs);
      const wallNs = Number(at - lastAt);
      if (wallNs > longest.wallNs)
        longest = {
          wallNs,
          mainNs,
          otherThreadsNs: Math.max(0, processNs - lastProcessNs - mainNs),
          mainWaitNs: now.waitNs - last!.waitNs,
        };
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
    };
    histogram.reset();
    cpuMaxNs = 0;
    longest = { wallNs: 0, mainNs: 0, otherThreadsNs: 0, mainWaitNs: 0 };
    fs.writeFileSync(file, JSON.stringify(sample));
  });
}

const stallsFile = process.env.EVENT_LOOP_STALLS_FILE;
if (stallsFile) {
  const stalls: [number, number][] = [];
  const now = () => Number(process.hrtime.bigint() / 1000n);
  let last = now();
  const tick = () => {
    const at = now();
    if (at - last > 40_000) stalls.push([last, at]);
    last = at;
    setTimeout(tick, 2).unref();
  };
  setTimeout(tick, 2).unref();
  process.on("exit", () => fs.writeFileSync(stallsFile, JSON.stringify(stalls)));
}
export {};
