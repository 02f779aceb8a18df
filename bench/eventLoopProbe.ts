// Preloaded into a server under benchmark (`--import`): measures event-loop delay, and on
// SIGUSR2 writes the max and p99 since the previous signal to EVENT_LOOP_PROBE_FILE.
// With EVENT_LOOP_STALLS_FILE set, it also writes each stall over 40 ms as a [start, end] window
// in microseconds of the monotonic clock (the clock of `node --cpu-prof` samples), so a CPU
// profile can be cut down to what ran during the stalls (bench/stalls.ts).
import fs from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

const file = process.env.EVENT_LOOP_PROBE_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let sequence = 0;
  process.on("SIGUSR2", () => {
    sequence += 1;
    const sample = { sequence, maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6 };
    histogram.reset();
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
