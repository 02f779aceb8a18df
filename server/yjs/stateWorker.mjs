// The state thread (docs/decisions/097): merges a document's stored rows, or its last encoding and
// the updates applied since, into one update for the sync step 2 of a client that holds nothing.
// Merging a 50-page document takes 100-300 ms, which the event loop must not wait for. Plain
// JavaScript, like the compaction worker, so it loads the same under the server, tsx and vitest.
import { parentPort } from "node:worker_threads";
import * as Y from "yjs";

parentPort.on("message", ({ id, updates }) => {
  try {
    const merged = updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
    parentPort.postMessage({ id, merged }, [merged.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.stack ?? error) });
  }
});
