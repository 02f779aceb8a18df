// The word-diff thread (docs/decisions/073). Plain JavaScript, like the compaction worker, so it
// starts the same way under the server, tsx and vitest; it loads the one diff module of the
// browser and the server (app/editor/diff.ts) through tsx, so the diffs it returns are exactly
// those the event loop would have computed.
import { parentPort, workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";
import { lowerThreadPriority, threadPriority } from "../yjs/lowerThreadPriority.mjs";

// The background refresh's thread yields the core to the event loop (docs/decisions/124).
if (workerData?.background) lowerThreadPriority();

const { diffAmendment } = await tsImport("../../app/editor/diff.ts", import.meta.url);

parentPort.on("message", ({ id, operation, targetText, proposedText, language, batch }) => {
  try {
    // A batch (the background refresh of current diffs): one message there and back for many diffs.
    if (batch) {
      const diffs = batch.map((job) => diffAmendment(job.operation, job.targetText, job.proposedText, job.language));
      parentPort.postMessage({ id, diffs });
      return;
    }
    parentPort.postMessage({ id, diff: diffAmendment(operation, targetText, proposedText, language) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
parentPort.postMessage({ ready: true, nice: threadPriority() });
