// The state thread (docs/decisions/097): merges updates into one for the sync step 2 of a client that
// holds nothing, when the event loop must not (a long document's stored rows that are not chunks, or
// its last encoding and the updates applied since: 100-300 ms for 50 pages). Plain JavaScript, like
// the compaction worker, so it loads the same under the server, tsx and vitest.
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
