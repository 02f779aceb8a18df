import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { joinChunks } from "./stateChunks.mjs";

/** Updates merged in one `Y.mergeUpdates` call at most: see `mergeBatch`. */
const MERGE_FAN_IN = 32;

/**
 * Several updates as one, for one frame to every socket (a committed batch, a slow socket's queue,
 * the relay). `Y.mergeUpdates` re-sorts all its inputs for every run of structs it writes, so its
 * cost grows with the square of the batch: under overload, batches grow and merging them took 60%
 * of the server (docs/decisions/115). A batch of ordinary updates (each client's structs following
 * on from its previous update) is joined by copying their bytes (`joinChunks`, linear); anything
 * else (a gap, a Skip, a struct type it does not know) is merged by Yjs in groups of
 * MERGE_FAN_IN, each client's updates next to each other, so a level costs about its bytes.
 */
export function mergeBatch(updates: readonly Uint8Array[]): Uint8Array {
  if (updates.length === 1) return updates[0]!;
  return joinChunks(updates) ?? mergeInGroups(updates);
}

function mergeInGroups(updates: readonly Uint8Array[]): Uint8Array {
  // Sorting is stable: a client's updates keep their order.
  const sorted = updates.map((update, index) => ({ update, index, client: firstClient(update) }));
  sorted.sort((a, b) => a.client - b.client || a.index - b.index);
  let merged = sorted.map(({ update }) => update);
  while (merged.length > 1) {
    const next: Uint8Array[] = [];
    for (let start = 0; start < merged.length; start += MERGE_FAN_IN) {
      const group = merged.slice(start, start + MERGE_FAN_IN);
      next.push(group.length === 1 ? group[0]! : Y.mergeUpdates(group));
    }
    merged = next;
  }
  return merged[0]!;
}

/** The client of an update's first struct (V1: client count, struct count, client), or -1. */
function firstClient(update: Uint8Array): number {
  try {
    const decoder = decoding.createDecoder(update);
    if (decoding.readVarUint(decoder) === 0) return -1;
    decoding.readVarUint(decoder);
    return decoding.readVarUint(decoder);
  } catch {
    return -1; // Yjs will say what is wrong with it
  }
}
