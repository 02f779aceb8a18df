// The state thread (docs/decisions/097, 118): merges updates into one for the sync step 2 of a client
// that holds nothing, when the event loop must not (a long document's stored rows that are not chunks,
// or its last encoding and the updates applied since: 100-300 ms for 50 pages), and cuts from that
// encoding what a reconnecting client lacks. Plain JavaScript, like the compaction worker, so it loads
// the same under the server, tsx and vitest.
import { parentPort } from "node:worker_threads";
import * as Y from "yjs";
import { lowerThreadPriority } from "./lowerThreadPriority.mjs";
import { joinChunks } from "./stateChunks.mjs";

// Background work: on a core shared with the event loop, the event loop goes first (decision 119).
lowerThreadPriority();

// A snapshot's chunks, or an encoding and the updates that follow it, are joined by copying their
// bytes (stateChunks.mjs); Yjs merges anything else.
const merge = (updates) => (updates.length === 1 ? updates[0] : (joinChunks(updates) ?? Y.mergeUpdates(updates)));

parentPort.on("message", ({ id, updates, stateVector }) => {
  try {
    // A diff: the encoding and the rest each cut to what the state vector lacks (with their whole delete sets).
    const result = stateVector
      ? [updates[0], ...(updates.length > 1 ? [merge(updates.slice(1))] : [])].map((update) => Y.diffUpdate(update, stateVector))
      : [merge(updates)];
    parentPort.postMessage(
      { id, result },
      result.map((update) => update.buffer),
    );
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.stack ?? error) });
  }
});
