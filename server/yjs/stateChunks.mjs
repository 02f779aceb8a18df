// Writes a Y.Doc's state as a few updates that apply one after another without waiting on each other
// (docs/decisions/097). Plain JavaScript: the compaction worker (server/db/compactionWorker.mjs), which
// loads no TypeScript, writes its snapshots with it.
//
// The state of a long document holds about 160,000 structs; applying it in one call blocks the event
// loop for 0.6-2.5 s. A chunk whose structs refer (origin, right origin, parent) only to structs of
// earlier chunks or of itself integrates at once when the chunks are applied in order (nothing goes
// pending), so a reader can apply one at a time and yield between them. The structs are put in such
// an order (a topological order of "refers to", each client's structs kept in clock order) and cut
// into chunks; the delete set follows in pieces. Each chunk is an ordinary V1 update, and applying
// all of them in order gives the same document as the whole state.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";

/** Below this many structs (a short text), the state stays one update. */
export const MIN_CHUNK_STRUCTS = 2_000;

/**
 * The state of `doc` as at most `maxChunks` updates to apply in order: one (Y.encodeStateAsUpdate)
 * for a short text, or when the structs cannot be ordered (a reference to a struct the document
 * does not hold, which a loaded document never has).
 * @param {Y.Doc} doc
 * @param {number} maxChunks
 * @returns {Uint8Array[]}
 */
export function stateChunks(doc, maxChunks) {
  const whole = () => [Y.encodeStateAsUpdate(doc)];
  const store = doc.store;
  if (store.pendingStructs || store.pendingDs) return whole();
  let structCount = 0;
  for (const structs of store.clients.values()) structCount += structs.length;
  if (structCount < MIN_CHUNK_STRUCTS * 2 || maxChunks < 4) return whole();
  const order = topologicalOrder(store.clients);
  if (!order) return whole();
  const ds = Y.createDeleteSetFromStructStore(store);
  let rangeCount = 0;
  for (const items of ds.clients.values()) rangeCount += items.length;
  // Three quarters of the chunks for structs, the rest for the delete set.
  const structsPerChunk = Math.max(MIN_CHUNK_STRUCTS / 2, Math.ceil(structCount / Math.floor((maxChunks * 3) / 4)));
  const rangesPerPiece = Math.max(MIN_CHUNK_STRUCTS, Math.ceil(rangeCount / Math.floor(maxChunks / 4)));

  /** @type {Uint8Array[]} */
  const chunks = [];
  for (let start = 0; start < order.length; start += structsPerChunk) {
    /** @type {Map<number, { from: number, to: number }>} */
    const ranges = new Map();
    const end = Math.min(order.length, start + structsPerChunk);
    for (let position = start; position < end; position++) {
      const { client, index } = order[position];
      const range = ranges.get(client);
      if (range) range.to = index + 1;
      else ranges.set(client, { from: index, to: index + 1 });
    }
    const encoder = new Y.UpdateEncoderV1();
    encoding.writeVarUint(encoder.restEncoder, ranges.size);
    for (const [client, { from, to }] of [...ranges].sort((a, b) => b[0] - a[0])) {
      const structs = store.clients.get(client);
      encoding.writeVarUint(encoder.restEncoder, to - from);
      encoder.writeClient(client);
      encoding.writeVarUint(encoder.restEncoder, structs[from].id.clock);
      for (let index = from; index < to; index++) structs[index].write(encoder, 0);
    }
    encoding.writeVarUint(encoder.restEncoder, 0); // no deletions here
    chunks.push(encoder.toUint8Array());
  }

  // The delete set, once every struct is in place (deleted content is already gone from the structs).
  /** @type {[number, { clock: number, len: number }[]][]} */
  let piece = [];
  let inPiece = 0;
  const writePiece = () => {
    if (piece.length === 0) return;
    const encoder = new Y.UpdateEncoderV1();
    encoding.writeVarUint(encoder.restEncoder, 0); // no structs
    encoding.writeVarUint(encoder.restEncoder, piece.length);
    for (const [client, items] of piece.sort((a, b) => b[0] - a[0])) {
      encoder.resetDsCurVal();
      encoding.writeVarUint(encoder.restEncoder, client);
      encoding.writeVarUint(encoder.restEncoder, items.length);
      for (const item of items) {
        encoder.writeDsClock(item.clock);
        encoder.writeDsLen(item.len);
      }
    }
    chunks.push(encoder.toUint8Array());
    piece = [];
    inPiece = 0;
  };
  for (const [client, items] of ds.clients) {
    for (let start = 0; start < items.length;) {
      const take = Math.min(items.length - start, rangesPerPiece - inPiece);
      piece.push([client, items.slice(start, start + take)]);
      inPiece += take;
      start += take;
      if (inPiece >= rangesPerPiece) writePiece();
    }
  }
  writePiece();
  return chunks;
}

/**
 * Every struct once, each after those it refers to and after its client's earlier ones; null if a
 * reference points to a struct that is not there.
 * @param {Map<number, (Y.Item | Y.GC)[]>} clients
 * @returns {{ client: number, index: number }[] | null}
 */
function topologicalOrder(clients) {
  /** @param {number} client @param {number} clock */
  const indexOf = (client, clock) => {
    const structs = clients.get(client);
    if (!structs || structs.length === 0) return -1;
    const last = structs[structs.length - 1];
    if (clock < structs[0].id.clock || clock >= last.id.clock + last.length) return -1;
    return Y.findIndexSS(structs, clock);
  };
  /** @param {Y.Item | Y.GC} struct */
  const references = (struct) => {
    if (!(struct instanceof Y.Item)) return [];
    const parent = struct.parent instanceof Y.ID ? struct.parent : (struct.parent?._item?.id ?? null);
    return [struct.origin, struct.rightOrigin, parent];
  };
  /** @type {Map<number, number>} how many of each client's structs are placed */
  const placed = new Map([...clients.keys()].map((client) => [client, 0]));
  let total = 0;
  for (const structs of clients.values()) total += structs.length;
  /** @type {{ client: number, index: number }[]} */
  const order = [];
  for (const [client, structs] of clients) {
    // An explicit stack: chains of references run as long as the history.
    const stack = [{ client, index: structs.length - 1 }];
    while (stack.length > 0) {
      // A chain longer than there are structs goes round in a circle: not a history.
      if (stack.length > total) return null;
      const top = stack[stack.length - 1];
      const next = /** @type {number} */ (placed.get(top.client));
      if (next > top.index) {
        stack.pop();
        continue;
      }
      const struct = /** @type {(Y.Item | Y.GC)[]} */ (clients.get(top.client))[next];
      let waiting = false;
      for (const id of references(struct)) {
        if (!id || id.client === top.client) continue;
        const needed = indexOf(id.client, id.clock);
        if (needed < 0) return null;
        if (/** @type {number} */ (placed.get(id.client)) <= needed) {
          stack.push({ client: id.client, index: needed });
          waiting = true;
          break;
        }
      }
      if (waiting) continue;
      order.push({ client: top.client, index: next });
      placed.set(top.client, next + 1);
    }
  }
  return order;
}

/**
 * The chunks `stateChunks` wrote, joined back into the one update of the whole state (the same bytes
 * as Y.encodeStateAsUpdate of the document they came from) without decoding them into structs: each
 * client's structs are found by their encoded sizes and copied in order. Y.mergeUpdates does the same
 * job for any updates, at about 1.5 times the cost of encoding the document; this is a copy (joinChunks,
 * in the state thread and for a batch of ordinary updates). `add` answers false, and `finish` null,
 * once an update is not such a chunk (a client's structs out of order or with a gap, an unknown
 * struct): the caller then merges them the general way.
 */
class ChunkJoiner {
  /** @type {Map<number, { start: number, end: number, count: number, parts: Uint8Array[] }>} */
  clients = new Map();
  /** @type {Map<number, number[]>} clock, length, clock, length… */
  deletions = new Map();
  ok = true;

  /** @param {Uint8Array} update */
  add(update) {
    if (this.ok) this.ok = this.scan(update);
    return this.ok;
  }

  /** @param {Uint8Array} update */
  scan(update) {
    try {
      const decoder = decoding.createDecoder(update);
      const clientCount = decoding.readVarUint(decoder);
      for (let index = 0; index < clientCount; index++) {
        const count = decoding.readVarUint(decoder);
        const client = decoding.readVarUint(decoder);
        let clock = decoding.readVarUint(decoder);
        let entry = this.clients.get(client);
        if (entry ? entry.end !== clock : false) return false;
        if (!entry) this.clients.set(client, (entry = { start: clock, end: clock, count: 0, parts: [] }));
        const from = decoder.pos;
        for (let struct = 0; struct < count; struct++) {
          const length = skipStruct(decoder);
          if (length <= 0) return false;
          clock += length;
        }
        entry.parts.push(update.subarray(from, decoder.pos));
        entry.count += count;
        entry.end = clock;
      }
      const deletedClients = decoding.readVarUint(decoder);
      for (let index = 0; index < deletedClients; index++) {
        const client = decoding.readVarUint(decoder);
        const ranges = decoding.readVarUint(decoder);
        let list = this.deletions.get(client);
        if (!list) this.deletions.set(client, (list = []));
        for (let range = 0; range < ranges; range++) list.push(decoding.readVarUint(decoder), decoding.readVarUint(decoder));
      }
      return decoder.pos === update.byteLength;
    } catch {
      return false; // not a V1 update of this kind
    }
  }

  /** @returns {Uint8Array | null} */
  finish() {
    if (!this.ok) return null;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, this.clients.size);
    for (const [client, entry] of [...this.clients].sort((a, b) => b[0] - a[0])) {
      encoding.writeVarUint(encoder, entry.count);
      encoding.writeVarUint(encoder, client);
      encoding.writeVarUint(encoder, entry.start);
      for (const part of entry.parts) encoding.writeUint8Array(encoder, part);
    }
    encoding.writeVarUint(encoder, this.deletions.size);
    for (const [client, list] of [...this.deletions].sort((a, b) => b[0] - a[0])) {
      const ranges = sortedRanges(list);
      encoding.writeVarUint(encoder, client);
      encoding.writeVarUint(encoder, ranges.length / 2);
      for (const value of ranges) encoding.writeVarUint(encoder, value);
    }
    return encoding.toUint8Array(encoder);
  }
}

/**
 * A client's deleted ranges (clock, length, clock, length…) in clock order, overlapping and adjacent
 * ones joined, as Yjs writes a delete set (sortAndMergeDeleteSet). Concatenated from several updates
 * they are neither, and a reader that holds only some of the deleted structs keeps the rest pending
 * re-encoded as a V2 delete set, whose clocks are written as differences from the previous one: out
 * of order, a difference is negative, the pending deletions come out garbled and the text never
 * converges (docs/decisions/144).
 * @param {number[]} list
 * @returns {number[]}
 */
function sortedRanges(list) {
  let sorted = true;
  for (let index = 2; index < list.length && sorted; index += 2) sorted = list[index - 2] + list[index - 1] < list[index];
  if (sorted) return list;
  /** @type {[number, number][]} */
  const pairs = [];
  for (let index = 0; index < list.length; index += 2) pairs.push([list[index], list[index] + list[index + 1]]);
  pairs.sort((a, b) => a[0] - b[0]);
  /** @type {number[]} */
  const merged = [];
  let [start, end] = pairs[0];
  for (const [from, to] of pairs) {
    if (from <= end) end = Math.max(end, to);
    else {
      merged.push(start, end - start);
      [start, end] = [from, to];
    }
  }
  merged.push(start, end - start);
  return merged;
}

/**
 * `updates` (chunks from `stateChunks`, in order) joined into one update, or null (see ChunkJoiner).
 * @param {readonly Uint8Array[]} updates
 * @returns {Uint8Array | null}
 */
export function joinChunks(updates) {
  const joiner = new ChunkJoiner();
  for (const update of updates) if (!joiner.add(update)) return null;
  return joiner.finish();
}

/** @param {decoding.Decoder} decoder */
function skipString(decoder) {
  const length = decoding.readVarUint(decoder); // read before `pos` is: reading moves it
  decoder.pos += length;
}

/**
 * Reads past one struct of a V1 update (as Yjs writes them: utils/UpdateEncoder.js, structs/*.js)
 * and returns how many clocks it covers; 0 for what this does not know (a Skip, a new content type).
 * @param {decoding.Decoder} decoder
 */
function skipStruct(decoder) {
  const info = decoding.readUint8(decoder);
  const content = info & 31;
  if (content === 0) return decoding.readVarUint(decoder); // GC
  if (content === 10) return 0; // Skip: a gap
  if (info & 128) (decoding.readVarUint(decoder), decoding.readVarUint(decoder)); // origin
  if (info & 64) (decoding.readVarUint(decoder), decoding.readVarUint(decoder)); // right origin
  if ((info & 192) === 0) {
    if (decoding.readVarUint(decoder) === 1)
      skipString(decoder); // parent: a root type's name
    else (decoding.readVarUint(decoder), decoding.readVarUint(decoder)); // parent: an item
    if (info & 32) skipString(decoder); // key in a map
  }
  switch (content) {
    case 1: // deleted
      return decoding.readVarUint(decoder);
    case 2: {
      // JSON
      const count = decoding.readVarUint(decoder);
      for (let index = 0; index < count; index++) skipString(decoder);
      return count;
    }
    case 3: // binary
      skipString(decoder);
      return 1;
    case 4: {
      // string: its length in UTF-16 code units, as Yjs counts it, from its UTF-8 bytes
      const bytes = decoding.readVarUint(decoder);
      let length = 0;
      for (let index = decoder.pos; index < decoder.pos + bytes; index++) {
        const byte = decoder.arr[index];
        if ((byte & 0xc0) !== 0x80) length += byte >= 0xf0 ? 2 : 1;
      }
      decoder.pos += bytes;
      return length;
    }
    case 5: // embed
      skipString(decoder);
      return 1;
    case 6: // format: key and value
      skipString(decoder);
      skipString(decoder);
      return 1;
    case 7: {
      // type: an XmlElement or XmlHook carries its name
      const type = decoding.readVarUint(decoder);
      if (type === 3 || type === 5) skipString(decoder);
      return 1;
    }
    case 8: {
      // any
      const count = decoding.readVarUint(decoder);
      for (let index = 0; index < count; index++) decoding.readAny(decoder);
      return count;
    }
    case 9: // subdocument
      skipString(decoder);
      decoding.readAny(decoder);
      return 1;
    default:
      return 0;
  }
}
