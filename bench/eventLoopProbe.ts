// Preloaded into a server under benchmark (`--import`): measures event-loop delay, and on
// SIGUSR2 writes the max and p99 since the previous signal to EVENT_LOOP_PROBE_FILE.
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
