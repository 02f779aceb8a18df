// Preloaded into a server under benchmark (`--import`): measures event-loop delay, and on
// SIGUSR2 writes the max and p99 since the previous signal to EVENT_LOOP_PROBE_FILE.
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
  try {
    return Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]);
  } catch {
    return null;
  }
}

const file = process.env.EVENT_LOOP_PROBE_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  // The longest CPU stretch of the main thread between two turns of a 2 ms timer: what the delay
  // would be on a quiet core, since on a shared machine wall-clock delay includes waiting for the CPU.
  let cpuMaxNs = 0;
  let lastRunNs = mainThreadRunNs();
  if (lastRunNs !== null) {
    const tick = () => {
      const runNs = mainThreadRunNs()!;
      cpuMaxNs = Math.max(cpuMaxNs, runNs - lastRunNs!);
      lastRunNs = runNs;
      setTimeout(tick, 2).unref();
    };
    setTimeout(tick, 2).unref();
  }
  let sequence = 0;
  process.on("SIGUSR2", () => {
    sequence += 1;
    const sample = { sequence, maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, cpuMaxMs: cpuMaxNs / 1e6 };
    histogram.reset();
    cpuMaxNs = 0;
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
