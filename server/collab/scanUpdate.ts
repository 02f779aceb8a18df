import * as decoding from "lib0/decoding";
import * as Y from "yjs";

// A bounded first look at a writer's update, read straight off the bytes before Y.decodeUpdate
// builds an object per struct (docs/decisions/041). A hostile update nesting blocks 20,000 deep cost
// ~110 ms of decoding and checking before it was refused; here it is refused by the struct cap
// at its section header, or (kept under the cap) by the depth check at its fourth struct. The
// scan also caps how many structs and deleted ranges one update may carry, which
// bounds what the full check (validateUpdate) and Y.applyUpdate then do with it.
//
// It reads the V1 update format through Yjs's own UpdateDecoderV1 (the reader Yjs uses for
// V1 updates; Yjs does not export its lazy struct reader), skipping content without building it.
// It checks no schema: only size and depth. Everything else is validateUpdate's.

export interface ScanLimits {
  /** Items, GCs and skips in one update. */
  maxStructs: number;
  /** Deleted ranges in one update. */
  maxDeleteRanges: number;
}

/**
 * Typing sends a handful of structs per update; pasting the whole 41-point action plan (with its
 * fields) about 400; a paragraph is about five. New blocks are the costliest kind: checking and
 * applying them (with the Yjs update event's re-encoding) took ~50 µs a struct in a CPU profile on
 * the shared 2-core machine, so 1,000 stay near 50 ms. Larger pastes are refused with a reason.
 */
export const SCAN_LIMITS: ScanLimits = { maxStructs: 1_000, maxDeleteRanges: 1_000 };

/**
 * The grammar is fragment → block → text or line break → characters and marks: an item sits at
 * most three levels under a root type (a block's attribute at two).
 */
const MAX_LEVEL = 3;

export class ScanRefused extends Error {}

const BITS5 = 0b11111;
const BIT6 = 1 << 5;
const BIT7 = 1 << 6;
const BIT8 = 1 << 7;
const CONTENT_DELETED = 1;
const CONTENT_JSON = 2;
const CONTENT_BINARY = 3;
const CONTENT_STRING = 4;
const CONTENT_EMBED = 5;
const CONTENT_FORMAT = 6;
const CONTENT_TYPE = 7;
const CONTENT_ANY = 8;
const CONTENT_DOC = 9;
const SKIP = 10;
const TYPE_XML_ELEMENT = 3;
const TYPE_XML_HOOK = 5;

/** Where an item hangs: a root type, a parent type by id, or beside a sibling (origin) by id. */
interface Scanned {
  clock: number;
  length: number;
  /** 0: parent is a root type; 1: parent by id; 2: beside the item at (refClient, refClock). */
  ref: 0 | 1 | 2;
  refClient: number;
  refClock: number;
  /** Level under the root: 1 for a block; 0 while not known; -1 if it hangs on nothing the server has. */
  level: number;
}

/**
 * Throws ScanRefused if the update is over the limits or nests deeper than the document grammar
 * allows (counting levels it attaches to in `doc`); malformed bytes throw too.
 */
export function scanUpdate(doc: Y.Doc, update: Uint8Array, limits: ScanLimits = SCAN_LIMITS): void {
  const decoder = new Y.UpdateDecoderV1(decoding.createDecoder(update));
  const rest = decoder.restDecoder;
  const byClient = new Map<number, Scanned[]>();
  const unresolved: Scanned[] = [];
  let structs = 0;

  const clients = decoding.readVarUint(rest);
  for (let c = 0; c < clients; c++) {
    const count = decoding.readVarUint(rest);
    const client = decoder.readClient();
    let clock = decoding.readVarUint(rest);
    structs += count;
    if (structs > limits.maxStructs) throw new ScanRefused(tooLarge(limits));
    // Yjs writes each client once, in clock order; the lookups below rely on it.
    if (byClient.has(client)) throw new ScanRefused("Malformed update");
    const list: Scanned[] = [];
    byClient.set(client, list);
    for (let s = 0; s < count; s++) {
      const info = decoder.readInfo();
      if (info === SKIP) {
        clock += decoding.readVarUint(rest);
        continue;
      }
      if ((info & BITS5) === 0) {
        clock += decoder.readLen();
        continue;
      }
      const origin = (info & BIT8) === BIT8 ? decoder.readLeftID() : null;
      const rightOrigin = (info & BIT7) === BIT7 ? decoder.readRightID() : null;
      const scanned: Scanned = { clock, length: 1, ref: 0, refClient: 0, refClock: 0, level: 0 };
      if ((info & (BIT7 | BIT8)) === 0) {
        if (decoder.readParentInfo()) {
          decoder.readString();
          scanned.level = 1;
        } else {
          const parent = decoder.readLeftID();
          scanned.ref = 1;
          scanned.refClient = parent.client;
          scanned.refClock = parent.clock;
        }
        if ((info & BIT6) === BIT6) decoder.readString();
      } else {
        const sibling = (origin ?? rightOrigin)!;
        scanned.ref = 2;
        scanned.refClient = sibling.client;
        scanned.refClock = sibling.clock;
      }
      scanned.length = skipContent(decoder, info & BITS5);
      // An item may carry many values (a Y.Array insert): each counts like a struct.
      if (scanned.length > 1 && (info & BITS5) !== CONTENT_STRING && (info & BITS5) !== CONTENT_DELETED) {
        structs += scanned.length - 1;
        if (structs > limits.maxStructs) throw new ScanRefused(tooLarge(limits));
      }
      clock += scanned.length;
      list.push(scanned);
      if (scanned.level === 0) {
        // Most items hang on something already seen: checked here, so a deep chain stops early.
        const level = levelFromRef(scanned);
        if (level !== null) scanned.level = level;
        else unresolved.push(scanned);
      }
      if (scanned.level > MAX_LEVEL) throw new ScanRefused("Update nests deeper than the document allows");
    }
  }

  const deleteClients = decoding.readVarUint(rest);
  let ranges = 0;
  for (let c = 0; c < deleteClients; c++) {
    decoding.readVarUint(rest);
    const count = decoding.readVarUint(rest);
    ranges += count;
    if (ranges > limits.maxDeleteRanges)
      throw new ScanRefused(
        `This change deletes too much at once (over ${limits.maxDeleteRanges.toLocaleString("en")} ranges); delete in smaller parts`,
      );
    for (let r = 0; r < count; r++) {
      decoding.readVarUint(rest);
      decoding.readVarUint(rest);
    }
  }

  // Items that hang on something later in the update (another client's): resolved by walking
  // up, remembering every level found (or -1: hangs on nothing the server has), so the pass is linear.
  for (const start of unresolved) {
    if (start.level !== 0) continue;
    const chain: Scanned[] = [];
    let current = start;
    let level: number | null = null;
    for (;;) {
      chain.push(current);
      if (chain.length > structs + 1) throw new ScanRefused("Update items refer to each other in a loop");
      level = levelFromRef(current);
      if (level !== null) break;
      const next = findInUpdate(current.refClient, current.refClock);
      if (!next || next.level !== 0) break;
      current = next;
    }
    // A reference to nothing the server has: validateUpdate refuses it with its own reason.
    if (level === null) {
      for (const item of chain) item.level = -1;
      continue;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const item = chain[i]!;
      const above = chain[i + 1];
      item.level = above === undefined ? level : item.ref === 1 ? above.level + 1 : above.level;
      if (item.level > MAX_LEVEL) throw new ScanRefused("Update nests deeper than the document allows");
    }
  }

  function findInUpdate(client: number, clock: number): Scanned | null {
    const list = byClient.get(client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const candidate = list[middle]!;
      if (clock < candidate.clock) high = middle - 1;
      else if (clock >= candidate.clock + candidate.length) low = middle + 1;
      else return candidate;
    }
    return null;
  }

  /** The level of an item from what it refers to, if that is known now (null: not yet). */
  function levelFromRef(item: Scanned): number | null {
    const inUpdate = findInUpdate(item.refClient, item.refClock);
    let refLevel: number;
    if (inUpdate) {
      if (inUpdate.level <= 0) return null;
      refLevel = inUpdate.level;
    } else {
      const live = liveLevel(doc, item.refClient, item.refClock);
      if (live === null) return null;
      refLevel = live;
    }
    return item.ref === 1 ? refLevel + 1 : refLevel;
  }
}

function tooLarge(limits: ScanLimits): string {
  return `This change is too large to save at once (over ${limits.maxStructs.toLocaleString("en")} edits); paste it in smaller parts`;
}

/** Skips one item's content, returning its length in clock ticks. */
function skipContent(decoder: Y.UpdateDecoderV1, content: number): number {
  switch (content) {
    case CONTENT_DELETED:
      return decoder.readLen();
    case CONTENT_JSON: {
      const length = decoder.readLen();
      for (let i = 0; i < length; i++) decoder.readString();
      return length;
    }
    case CONTENT_BINARY:
      decoding.readVarUint8Array(decoder.restDecoder);
      return 1;
    case CONTENT_STRING:
      return decoder.readString().length;
    case CONTENT_EMBED:
      decoder.readString();
      return 1;
    case CONTENT_FORMAT:
      decoder.readKey();
      decoder.readString();
      return 1;
    case CONTENT_TYPE: {
      const type = decoder.readTypeRef();
      if (type === TYPE_XML_ELEMENT || type === TYPE_XML_HOOK) decoder.readKey();
      else if (type > 6) throw new ScanRefused("Malformed update");
      return 1;
    }
    case CONTENT_ANY: {
      const length = decoder.readLen();
      for (let i = 0; i < length; i++) decoder.readAny();
      return length;
    }
    case CONTENT_DOC:
      decoder.readString();
      decoder.readAny();
      return 1;
    default:
      throw new ScanRefused("Malformed update");
  }
}

/** How deep an item of the live document sits (1: a root type's child), or null if the server lacks it. */
function liveLevel(doc: Y.Doc, client: number, clock: number): number | null {
  if (clock >= Y.getState(doc.store, client)) return null;
  let item = Y.getItem(doc.store, Y.createID(client, clock)) as Y.Item | Y.GC;
  let level = 1;
  // A stored document is flat; anything deeper than the grammar is refused, however deep it goes.
  while (item instanceof Y.Item && item.parent instanceof Y.AbstractType && item.parent._item) {
    item = item.parent._item;
    level += 1;
    if (level > MAX_LEVEL + 1) break;
  }
  return level;
}
