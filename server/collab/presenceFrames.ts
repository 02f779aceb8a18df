import * as encoding from "lib0/encoding";
import type { Awareness } from "y-protocols/awareness";
import { MESSAGE_AWARENESS } from "./protocol";

interface EncodedEntry {
  clock: number;
  state: unknown;
  bytes: Uint8Array;
}

/**
 * The room's presence frames, each client's entry encoded once per change. A socket is never sent
 * its own client ids (see ownPresenceLeftOut in ./server), so every writer's socket needs a frame of
 * its own at each presence flush, and a socket that fell behind gets one when it drains: encoding
 * the states again for each (JSON and UTF-8, per entry, per socket) was a tenth of the server's time
 * past saturation in the fan-out bench (docs/decisions/169). Frames are byte for byte what
 * y-protocols' `encodeAwarenessUpdate` would write, inside the y-websocket awareness message.
 */
export class PresenceFrames {
  private readonly entries = new Map<number, EncodedEntry>();

  constructor(private readonly awareness: Awareness) {}

  /** The awareness message of these client ids with their current states; null when the room knows none of them. */
  message(clientIds: Iterable<number>): Uint8Array | null {
    const parts: Uint8Array[] = [];
    let length = 0;
    for (const clientId of clientIds) {
      const entry = this.entry(clientId);
      if (!entry) continue;
      parts.push(entry);
      length += entry.byteLength;
    }
    if (parts.length === 0) return null;
    const count = encoding.createEncoder();
    encoding.writeVarUint(count, parts.length);
    const countBytes = encoding.toUint8Array(count);
    const header = encoding.createEncoder();
    encoding.writeVarUint(header, MESSAGE_AWARENESS);
    encoding.writeVarUint(header, countBytes.byteLength + length);
    const headerBytes = encoding.toUint8Array(header);
    const frame = new Uint8Array(headerBytes.byteLength + countBytes.byteLength + length);
    frame.set(headerBytes, 0);
    frame.set(countBytes, headerBytes.byteLength);
    let offset = headerBytes.byteLength + countBytes.byteLength;
    for (const part of parts) {
      frame.set(part, offset);
      offset += part.byteLength;
    }
    return frame;
  }

  /**
   * One client's entry (id, clock, state as JSON). Kept while its clock and state object are the
   * room's: y-protocols replaces the state object and moves the clock on every change, including
   * the removals that emit no event.
   */
  private entry(clientId: number): Uint8Array | null {
    const meta = this.awareness.meta.get(clientId);
    if (!meta) {
      this.entries.delete(clientId);
      return null;
    }
    const state: unknown = this.awareness.states.get(clientId) ?? null;
    const known = this.entries.get(clientId);
    if (known && known.clock === meta.clock && known.state === state) return known.bytes;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, meta.clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
    const bytes = encoding.toUint8Array(encoder);
    this.entries.set(clientId, { clock: meta.clock, state, bytes });
    return bytes;
  }
}
