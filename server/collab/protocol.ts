import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

// y-websocket message types (the wire format WebsocketProvider speaks).
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

// y-protocols/sync sub-types.
export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

export function encodeMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export function syncStep1Message(stateVector: Uint8Array) {
  return encodeMessage((encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, SYNC_STEP_1);
    encoding.writeVarUint8Array(encoder, stateVector);
  });
}

/** A state vector naming no client: the sender holds nothing of the document yet. */
export function isEmptyStateVector(stateVector: Uint8Array) {
  return stateVector.byteLength === 1 && stateVector[0] === 0;
}

/** An update with no structs and no deletions (`[0, 0]`): what a client in step answers to sync step 1. */
export function isEmptyUpdate(update: Uint8Array) {
  return update.byteLength === 2 && update[0] === 0 && update[1] === 0;
}

export function syncStep2Message(update: Uint8Array) {
  return encodeMessage((encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, SYNC_STEP_2);
    encoding.writeVarUint8Array(encoder, update);
  });
}

export function updateMessage(update: Uint8Array) {
  return encodeMessage((encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, SYNC_UPDATE);
    encoding.writeVarUint8Array(encoder, update);
  });
}

export function awarenessMessage(update: Uint8Array) {
  return encodeMessage((encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, update);
  });
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}

/**
 * Decodes an awareness update so the server can check and stamp each entry. Throws on garbage.
 * A client speaks for a few ids; another node's frame (already checked there) for all its sockets.
 */
export function decodeAwarenessUpdate(update: Uint8Array, maxEntries = 64): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > maxEntries) throw new Error("too many awareness entries");
  const entries: AwarenessEntry[] = [];
  for (let index = 0; index < count; index++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    if (state !== null && (typeof state !== "object" || Array.isArray(state))) throw new Error("bad awareness state");
    entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
  }
  return entries;
}

export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}
