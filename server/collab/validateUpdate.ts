import * as Y from "yjs";
import { ACTION_POINT_FIELDS, BLOCK_STATUSES } from "../../app/editor/blocks";
import { editorSchema } from "../../app/editor/documentModel";
import { readOptionSet } from "../../app/editor/options";
import { JUSTIFICATION_FIELD, YJS_FIELD } from "../../app/editor/ydocFields";
import { ScanRefused, scanUpdate } from "./scanUpdate";
import { FIELD_LIMITS, TEXT_LIMITS, characters } from "../../common/limits";

// What writers send is checked against the document schema before it is applied, stored or
// broadcast (docs/decisions/019). The check reads the update itself (Y.decodeUpdate: no copy of
// the document) and looks up in the live document only the items the update attaches to, so a
// typing update costs a few lookups whatever the document's size. Yjs cannot take an applied
// update back, so nothing is applied before the whole update passes.
//
// The Yjs shape of the schema (y-tiptap's mapping) is a grammar of depth three:
//   root "default" (Y.XmlFragment) → block elements (operative, goal, ...; attributes id, status, fields)
//   block → Y.XmlText (strings, formatting by known marks) | inline leaf elements (hardBreak)
// A draft room also holds the justification, a plain Y.Text. Anything else (another top-level
// type, a block inside a block, an XmlHook, embeds, sub-documents, unknown attributes or status
// values, a block id already taken, a block left without its id) refuses the whole update. Size
// and depth are checked first, off the bytes (./scanUpdate). Ids stored before this check
// existed are repaired when the room opens (server/domain/documents/repairBlockIds).

export class UpdateRefused extends Error {}

/** The parent is a type this update creates, not checked yet (another client's items come later). */
class NotPlacedYet extends Error {}

export type RoomKind = "document" | "draft";

/** What a plugged-in rule sees: the room, the document before the update, and the update's facts. */
export interface UpdateFacts {
  roomKind: RoomKind;
  /** The live document, still without this update. */
  doc: Y.Doc;
  update: Uint8Array;
  /** Ids of the blocks the update inserts into, formats, re-attributes or deletes from (existing blocks only). */
  touchedBlockIds(): Set<string>;
  /** Those blocks themselves. */
  touchedBlocks(): Y.XmlElement[];
  /** Attribute values the update sets, by block id (existing blocks only). */
  attributeChanges(): ReadonlyMap<string, Record<string, unknown>>;
  /** Whether the update's delete set covers this id (decoded once, here). */
  deletes(id: Y.ID): boolean;
  /** Whether the update deletes anything at all (most typing updates do not). */
  hasDeletions(): boolean;
}

/** A further rule (for example "agreed paragraphs are locked"): returns the reason to refuse, or null. */
export type UpdateRule = (facts: UpdateFacts) => string | null;

interface Grammar {
  blocks: Set<string>;
  leaves: Set<string>;
  blockAttributes: Map<string, Set<string>>;
  marks: Set<string>;
}

let cachedGrammar: Grammar | null = null;
function grammar(): Grammar {
  if (cachedGrammar) return cachedGrammar;
  const schema = editorSchema();
  const blocks = new Set<string>();
  const leaves = new Set<string>();
  const blockAttributes = new Map<string, Set<string>>();
  for (const type of Object.values(schema.nodes)) {
    if (type.isInGroup("block")) {
      blocks.add(type.name);
      // "number" is a rendering-only attribute, never stored.
      blockAttributes.set(type.name, new Set(Object.keys(type.spec.attrs ?? {}).filter((name) => name !== "number")));
    } else if (type.isInline && type.isLeaf && !type.isText) {
      leaves.add(type.name);
    }
  }
  cachedGrammar = { blocks, leaves, blockAttributes, marks: new Set(Object.keys(schema.marks)) };
  return cachedGrammar;
}

const MAX_NODE_NAME = 64;
const MAX_ATTRIBUTE_CHARS = 4000;
const BLOCK_ID = new RegExp(`^[A-Za-z0-9_-]{1,${FIELD_LIMITS.id}}$`);
const HASHED_MARK = /^(.+)--[a-zA-Z0-9+/=]{8}$/;

type Place =
  | { kind: "fragment" }
  | { kind: "justification" }
  | { kind: "block"; element: Y.XmlElement | null; key: string }
  | { kind: "text"; block: Place & { kind: "block" } }
  | { kind: "leaf" }
  | { kind: "gone" };

interface Resolved {
  parent: Place;
  parentSub: string | null;
}

type DeleteSet = ReturnType<typeof Y.createDeleteSet>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyType = Y.AbstractType<any>;

const NO_ATTRIBUTE_CHANGES: ReadonlyMap<string, Record<string, unknown>> = new Map();
const NO_IDS: ReadonlyMap<string, Y.ID> = new Map();

const idKey = (id: Y.ID) => `${id.client}:${id.clock}`;

/**
 * Checks an update a writer sent to a room; throws UpdateRefused with the reason. `rules` are
 * further checks (paragraph locks and the like) that run once the update is well-formed.
 */
export function validateUpdate(doc: Y.Doc, roomKind: RoomKind, update: Uint8Array, rules: readonly UpdateRule[] = []): void {
  // Size and depth first, off the bytes: a hostile update stops here before it is decoded.
  try {
    scanUpdate(doc, update);
  } catch (error) {
    throw new UpdateRefused(error instanceof ScanRefused ? error.message : "Malformed update");
  }
  let decoded: Decoded;
  try {
    decoded = Y.decodeUpdate(update) as Decoded;
  } catch {
    throw new UpdateRefused("Malformed update");
  }
  const check = new UpdateCheck(doc, roomKind, decoded);
  check.placeItems();
  check.checkIds();

  if (rules.length === 0) return;
  // Methods, not arrow properties: the server runs through tsx, whose esbuild keeps function names
  // by wrapping every function made per call (a quarter of this check's time under load, issue 15).
  // They capture `check`, not `this`: a rule may call them unbound.
  const facts: UpdateFacts = {
    roomKind,
    doc,
    update,
    touchedBlockIds() {
      return check.touchedBlockIds();
    },
    touchedBlocks() {
      return check.touchedBlocks();
    },
    attributeChanges() {
      return check.attributeChanges ?? NO_ATTRIBUTE_CHANGES;
    },
    deletes(id) {
      return Y.isDeleted(decoded.ds, id);
    },
    hasDeletions() {
      return decoded.ds.clients.size > 0;
    },
  };
  for (const rule of rules) {
    const refusal = rule(facts);
    if (refusal) throw new UpdateRefused(refusal);
  }
}

type Decoded = { structs: (Y.Item | Y.GC | Y.Skip)[]; ds: DeleteSet };

const blockPlace = (element: Y.XmlElement | null, key: string): Place & { kind: "block" } => ({ kind: "block", element, key });

/**
 * One update's check against the document (see validateUpdate). A class, so that its steps are
 * made once, not per update (see the note on tsx in validateUpdate).
 */
class UpdateCheck {
  private readonly grammar = grammar();
  private readonly items: Y.Item[];
  private readonly store: Y.Doc["store"];
  private readonly fragment: Y.XmlFragment;
  /** Items of the update by client, in clock order, to find the one holding an id. */
  private readonly byClient = new Map<number, Y.Item[]>();
  /** Where each new type of the update sits, once its own item has been checked. */
  // Made on first use (below, likewise): a typing update needs none of them, and their
  // allocation was a tenth of checking one past saturation.
  private placeOfNew: Map<string, Place> | null = null;
  private readonly placeOfLive = new Map<AnyType, Place>();
  private readonly resolved = new Map<Y.Item, Resolved>();
  /** Block ids the update assigns, by block key ("client:clock" of the block's item). */
  private assignedIds: Map<string, string> | null = null;
  private assignedIdItems: Map<string, Y.ID> | null = null;
  attributeChanges: Map<string, Record<string, unknown>> | null = null;
  /** Existing blocks the update writes into (their own live elements: no lookup later). */
  private readonly touched = new Set<Y.XmlElement>();
  private readonly newBlocks: Y.Item[] = [];

  constructor(
    private readonly doc: Y.Doc,
    private readonly roomKind: RoomKind,
    private readonly decoded: Decoded,
  ) {
    this.items = decoded.structs.filter((struct): struct is Y.Item => struct instanceof Y.Item);
    this.store = doc.store;
    this.fragment = doc.getXmlFragment(YJS_FIELD);
    for (const item of this.items) {
      let list = this.byClient.get(item.id.client);
      if (!list) this.byClient.set(item.id.client, (list = []));
      list.push(item);
    }
    // Each client's structs must continue what the room holds: a gap would sit unapplied
    // (pending) and slip in unchecked once the missing part arrives.
    for (const struct of decoded.structs) {
      if (struct instanceof Y.Skip) continue;
      const list = this.byClient.get(struct.id.client);
      const first = list?.[0] ?? struct;
      if (first.id.clock > Y.getState(this.store, struct.id.client))
        throw new UpdateRefused("Update depends on changes the server does not have");
    }
  }

  private inUpdate(id: Y.ID): Y.Item | null {
    const list = this.byClient.get(id.client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const candidate = list[middle]!;
      if (id.clock < candidate.id.clock) high = middle - 1;
      else if (id.clock >= candidate.id.clock + candidate.length) low = middle + 1;
      else return candidate;
    }
    return null;
  }

  private inDoc(id: Y.ID): Y.Item | Y.GC | null {
    if (id.clock >= Y.getState(this.store, id.client)) return null;
    return Y.getItem(this.store, id) as Y.Item | Y.GC;
  }

  private classifyLive(type: AnyType): Place {
    const known = this.placeOfLive.get(type);
    if (known) return known;
    const { blocks, leaves } = this.grammar;
    let place: Place = { kind: "gone" };
    const item = type._item;
    if (type === this.fragment) place = { kind: "fragment" };
    else if (item && type instanceof Y.XmlElement) {
      if (blocks.has(type.nodeName) && item.parent === this.fragment) place = blockPlace(type, idKey(item.id));
      else if (leaves.has(type.nodeName) && item.parent instanceof Y.XmlElement && this.classifyLive(item.parent).kind === "block")
        place = { kind: "leaf" };
      else throw new UpdateRefused("Update writes into a node the schema does not allow");
    } else if (item && type instanceof Y.XmlText) {
      const parent = item.parent instanceof Y.AbstractType ? this.classifyLive(item.parent) : null;
      if (parent?.kind !== "block") throw new UpdateRefused("Update writes into text outside a paragraph");
      place = { kind: "text", block: parent };
    } else if (!item) {
      place = this.rootPlace(Y.findRootTypeKey(type));
    } else {
      throw new UpdateRefused("Update writes into a type the schema does not allow");
    }
    this.placeOfLive.set(type, place);
    return place;
  }

  private rootPlace(name: string): Place {
    if (name === YJS_FIELD) return { kind: "fragment" };
    if (name === JUSTIFICATION_FIELD && this.roomKind === "draft") return { kind: "justification" };
    throw new UpdateRefused(`Unknown top-level type "${name.slice(0, 40)}"`);
  }

  /**
   * The parent of an item that names it, or the parent of its neighbour (Yjs leaves the parent
   * out when an origin gives it). Followed iteratively: a chain of neighbours can be long.
   */
  private resolve(start: Y.Item): Resolved {
    const chain: Y.Item[] = [];
    let current: Y.Item = start;
    let result: Resolved | undefined;
    for (;;) {
      const cached = this.resolved.get(current);
      if (cached) {
        result = cached;
        break;
      }
      if (current.parent !== null) {
        result = { parent: this.placeOfParent(current.parent as string | Y.ID), parentSub: current.parentSub };
        this.resolved.set(current, result);
        break;
      }
      const neighbour = current.origin ?? current.rightOrigin;
      if (!neighbour) throw new UpdateRefused("Update item without a place");
      chain.push(current);
      if (chain.length > this.items.length + 1) throw new UpdateRefused("Update items refer to each other in a loop");
      const live = this.inDoc(neighbour);
      if (!live) {
        const next = this.inUpdate(neighbour);
        if (!next) throw new UpdateRefused("Update depends on changes the server does not have");
        current = next;
        continue;
      }
      result =
        live instanceof Y.Item && live.parent instanceof Y.AbstractType
          ? { parent: this.classifyLive(live.parent), parentSub: live.parentSub }
          : { parent: { kind: "gone" }, parentSub: null };
      break;
    }
    for (const item of chain) this.resolved.set(item, result);
    return result;
  }

  private placeOfParent(parent: string | Y.ID): Place {
    if (typeof parent === "string") return this.rootPlace(parent);
    const live = this.inDoc(parent);
    if (!live) {
      const local = this.inUpdate(parent);
      if (!local) throw new UpdateRefused("Update depends on changes the server does not have");
      const place = this.placeOfNew?.get(idKey(local.id));
      if (!place) throw new NotPlacedYet();
      return place;
    }
    if (!(live instanceof Y.Item)) return { kind: "gone" };
    if (!(live.content instanceof Y.ContentType)) throw new UpdateRefused("Update writes into a value that is not a node");
    return this.classifyLive(live.content.type);
  }

  /**
   * Items arrive grouped by client: a type created by one client may be filled by another later
   * in the list. Check in passes until nothing more can be placed.
   */
  placeItems() {
    let remaining = this.items;
    while (remaining.length > 0) {
      const deferred: Y.Item[] = [];
      for (const item of remaining) {
        // Already in the room (sent again): Yjs skips it.
        if (item.id.clock + item.length <= Y.getState(this.store, item.id.client)) continue;
        let where: Resolved;
        try {
          where = this.resolve(item);
        } catch (error) {
          if (!(error instanceof NotPlacedYet)) throw error;
          deferred.push(item);
          continue;
        }
        this.checkItem(item, where);
      }
      if (deferred.length === remaining.length) throw new UpdateRefused("Update writes into a node the schema does not allow");
      remaining = deferred;
    }
  }

  private checkItem(item: Y.Item, { parent, parentSub }: Resolved) {
    const { blocks, leaves, marks } = this.grammar;
    const content = item.content;
    if (content instanceof Y.ContentDeleted || parent.kind === "gone") return;
    switch (parent.kind) {
      case "fragment": {
        if (parentSub !== null || !(content instanceof Y.ContentType) || !(content.type instanceof Y.XmlElement)) {
          throw new UpdateRefused("Only paragraphs may sit at the top of a document");
        }
        const name = content.type.nodeName;
        if (name.length > MAX_NODE_NAME || !blocks.has(name)) throw new UpdateRefused(`Unknown block "${name.slice(0, MAX_NODE_NAME)}"`);
        (this.placeOfNew ??= new Map()).set(idKey(item.id), blockPlace(null, idKey(item.id)));
        this.newBlocks.push(item);
        return;
      }
      case "justification":
        if (parentSub !== null || !(content instanceof Y.ContentString)) throw new UpdateRefused("The justification is plain text");
        return;
      case "block": {
        const nodeName = parent.element ? parent.element.nodeName : this.blockName(parent.key);
        if (parent.element) this.touched.add(parent.element);
        if (parentSub !== null) return this.checkAttribute(parent, nodeName, parentSub, content, item.id);
        if (content instanceof Y.ContentType && content.type instanceof Y.XmlText && !(content.type instanceof Y.XmlElement)) {
          (this.placeOfNew ??= new Map()).set(idKey(item.id), { kind: "text", block: parent });
          return;
        }
        if (content instanceof Y.ContentType && content.type instanceof Y.XmlElement && leaves.has(content.type.nodeName)) {
          (this.placeOfNew ??= new Map()).set(idKey(item.id), { kind: "leaf" });
          return;
        }
        throw new UpdateRefused("A paragraph holds only text and line breaks");
      }
      case "text":
        if (parent.block.element) this.touched.add(parent.block.element);
        if (parentSub !== null) throw new UpdateRefused("Text carries no attributes");
        if (content instanceof Y.ContentString) return;
        if (content instanceof Y.ContentFormat) {
          const name = HASHED_MARK.exec(content.key)?.[1] ?? content.key;
          if (!marks.has(name)) throw new UpdateRefused(`Unknown mark "${content.key.slice(0, 40)}"`);
          const value: unknown = content.value;
          if (value !== null && !(typeof value === "object" && !Array.isArray(value) && JSON.stringify(value).length <= 200)) {
            throw new UpdateRefused("Malformed mark");
          }
          return;
        }
        throw new UpdateRefused("Text holds only characters and marks");
      case "leaf":
        throw new UpdateRefused("A line break holds nothing");
    }
  }

  private blockName(key: string): string {
    const [client, clock] = key.split(":").map(Number) as [number, number];
    const item = this.inUpdate(Y.createID(client, clock));
    return item && item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement ? item.content.type.nodeName : "";
  }

  private checkAttribute(block: Place & { kind: "block" }, nodeName: string, name: string, content: Y.Item["content"], item: Y.ID) {
    if (!this.grammar.blockAttributes.get(nodeName)?.has(name)) throw new UpdateRefused(`Unknown attribute "${name.slice(0, 40)}"`);
    if (!(content instanceof Y.ContentAny) || content.arr.length !== 1) throw new UpdateRefused(`Malformed attribute "${name}"`);
    const value: unknown = content.arr[0];
    if (name === "id") {
      if (typeof value !== "string" || !BLOCK_ID.test(value)) throw new UpdateRefused("Malformed block id");
      (this.assignedIds ??= new Map()).set(block.key, value);
      (this.assignedIdItems ??= new Map()).set(block.key, item);
    } else if (name === "status") {
      if (!BLOCK_STATUSES.includes(value as never)) throw new UpdateRefused(`Unknown status "${String(value).slice(0, 40)}"`);
    } else if (name === "options") {
      // An option set rides with its paragraph (an undone deletion, a paragraph re-typed): it
      // must be a well-formed set. Opening or changing one on a paragraph is the server's
      // (server/domain/documents/paragraphLocks.ts).
      if (readOptionSet(value) === null) throw new UpdateRefused("Malformed option set");
    } else if (typeof value !== "string" || value.length > MAX_ATTRIBUTE_CHARS) {
      throw new UpdateRefused(`Malformed attribute "${name}"`);
    } else if (ACTION_POINT_FIELDS.includes(name as never) && value.length > TEXT_LIMITS.actionPointField) {
      // The bound the editor's field shows (maxlength), held whatever a client sends.
      throw new UpdateRefused(`An action point's "${name}" holds at most ${characters(TEXT_LIMITS.actionPointField)}`);
    }
    if (block.element) {
      const id = block.element.getAttribute("id");
      if (typeof id === "string") {
        const changes = (this.attributeChanges ??= new Map());
        (changes.get(id) ?? changes.set(id, {}).get(id)!)[name] = value;
      }
    }
  }

  checkIds() {
    const { ds } = this.decoded;
    if (this.assignedIds) checkUniqueIds(this.fragment, ds, this.newBlocks, this.assignedIds);
    if (ds.clients.size > 0) checkIdsKept(this.fragment, ds, this.assignedIdItems ?? NO_IDS);
    // A new block arrives with its id (the editor assigns one before it syncs).
    for (const item of this.newBlocks) {
      if (Y.isDeleted(ds, item.id)) continue;
      const id = this.assignedIdItems?.get(idKey(item.id));
      if (!id || Y.isDeleted(ds, id)) throw new UpdateRefused("A new paragraph needs an id");
    }
  }

  touchedBlockIds(): Set<string> {
    const ids = new Set<string>();
    for (const block of this.touchedBlocks()) {
      const id = block.getAttribute("id");
      if (typeof id === "string") ids.add(id);
    }
    return ids;
  }

  /** The existing blocks the update inserts into, formats, re-attributes or deletes from, still in the document. */
  touchedBlocks(): Y.XmlElement[] {
    const blocks: Y.XmlElement[] = [];
    // Blocks still in the document, as the rules see it (a deleted one's id may be reused).
    for (const block of this.touched) if (!block._item?.deleted) blocks.push(block);
    for (const block of blocksWithDeletions(this.store, this.fragment, this.decoded.ds)) if (!block._item?.deleted) blocks.push(block);
    return blocks;
  }
}

/** A block id may be used once: the ids after the update (surviving, re-assigned and new) are unique. */
function checkUniqueIds(fragment: Y.XmlFragment, ds: DeleteSet, newBlocks: readonly Y.Item[], assigned: ReadonlyMap<string, string>) {
  const seen = new Set<string>();
  const claim = (id: unknown) => {
    if (typeof id !== "string") return;
    if (seen.has(id)) throw new UpdateRefused("Duplicate block id");
    seen.add(id);
  };
  for (const child of fragment.toArray()) {
    if (!(child instanceof Y.XmlElement) || !child._item || Y.isDeleted(ds, child._item.id)) continue;
    claim(assigned.get(idKey(child._item.id)) ?? child.getAttribute("id"));
  }
  for (const item of newBlocks) if (!Y.isDeleted(ds, item.id)) claim(assigned.get(idKey(item.id)));
}

/**
 * A block keeps an id: the update may give it a new one (the editor does, after a split), but
 * not delete the one it has without a replacement that survives the update.
 */
function checkIdsKept(fragment: Y.XmlFragment, ds: DeleteSet, assigned: ReadonlyMap<string, Y.ID>) {
  for (const child of fragment.toArray()) {
    if (!(child instanceof Y.XmlElement) || !child._item || Y.isDeleted(ds, child._item.id)) continue;
    const current = child._map.get("id");
    if (!current || current.deleted || !Y.isDeleted(ds, current.id)) continue;
    const replacement = assigned.get(idKey(child._item.id));
    if (!replacement || Y.isDeleted(ds, replacement)) throw new UpdateRefused("A paragraph keeps its id");
  }
}

/**
 * The existing blocks the delete set removes, or removes anything inside (text, marks, breaks,
 * attributes). Found from the deleted ranges, up each item's parents: a typing update costs a
 * few lookups, not a walk over every item of the document (which grew with its history and was
 * most of the server's time under load: docs/decisions/093).
 */
function blocksWithDeletions(store: Y.Doc["store"], fragment: Y.XmlFragment, ds: DeleteSet): Set<Y.XmlElement> {
  const blocks = new Set<Y.XmlElement>();
  // Most typing deletes nothing: return before making `topBlock`, whose tsx name wrapper alone was
  // a fifth of checking a typing update under the fan-out bench (docs/decisions/117).
  if (ds.clients.size === 0) return blocks;
  const blockOf = new Map<AnyType, Y.XmlElement | null>();
  const topBlock = (start: AnyType): Y.XmlElement | null => {
    const path: AnyType[] = [];
    let block: Y.XmlElement | null = null;
    for (let type: AnyType | null = start; type;) {
      const known = blockOf.get(type);
      if (known !== undefined) {
        block = known;
        break;
      }
      path.push(type);
      const item: Y.Item | null = type._item;
      if (item && item.parent === fragment) {
        block = type instanceof Y.XmlElement ? type : null;
        break;
      }
      type = item && item.parent instanceof Y.AbstractType ? item.parent : null;
    }
    for (const type of path) blockOf.set(type, block);
    return block;
  };
  for (const [client, ranges] of ds.clients) {
    const structs = store.clients.get(client);
    if (!structs || structs.length === 0) continue;
    const state = Y.getState(store, client);
    for (const { clock, len } of ranges) {
      const end = Math.min(clock + len, state);
      if (clock >= end) continue;
      for (let index = Y.findIndexSS(structs, clock); index < structs.length; index++) {
        const struct = structs[index]!;
        if (struct.id.clock >= end) break;
        if (!(struct instanceof Y.Item) || !(struct.parent instanceof Y.AbstractType)) continue;
        // The deleted item is a block itself, or sits somewhere inside one.
        const block =
          struct.parent === fragment
            ? struct.content instanceof Y.ContentType && struct.content.type instanceof Y.XmlElement
              ? struct.content.type
              : null
            : topBlock(struct.parent);
        if (block) blocks.add(block);
      }
    }
  }
  return blocks;
}
