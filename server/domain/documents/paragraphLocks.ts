import * as Y from "yjs";
import { YJS_FIELD } from "../../../app/editor/ydocFields";

// The agreed-paragraph lock on the collaboration endpoint (docs/decisions/028). A rule of the shape the
// update validator calls (server/collab validateUpdate's UpdateRule): given the document before
// an update and the update's facts, the reason to refuse it, or null. Whatever a client sends,
// it cannot edit, re-format, re-status or delete an agreed paragraph: status changes go through
// setBlockStatus on the server, audited.

export interface LockFacts {
  roomKind: "document" | "draft";
  doc: Y.Doc;
  update: Uint8Array;
  /** Existing blocks the update inserts into, formats, re-attributes or deletes from. */
  touchedBlockIds(): Set<string>;
  /** The same blocks themselves (when known: typing is then checked without listing every agreed block). */
  touchedBlocks?(): Y.XmlElement[];
  /** Attribute values the update sets, by existing block id. */
  attributeChanges(): ReadonlyMap<string, Record<string, unknown>>;
  /** Whether the update's delete set covers this id (the validator's, already decoded). */
  deletes?(id: Y.ID): boolean;
  /** Whether the update deletes anything (when known: the scan below is skipped for pure insertions). */
  hasDeletions?(): boolean;
}

/** Each document's agreed paragraphs, kept until a change could alter them (see agreedBlocks). */
const agreedByDoc = new WeakMap<Y.Doc, { agreed: Map<string, Y.XmlElement> | null }>();

/**
 * The document's agreed paragraphs by id. Walking every paragraph was about half of an update's
 * validation on a long text, for every keystroke; the map is kept per document and dropped by any
 * transaction that adds or removes paragraphs or sets a paragraph's attributes (its status, its id),
 * the only changes that can alter it: typing inside paragraphs keeps it.
 */
function agreedBlocks(doc: Y.Doc): Map<string, Y.XmlElement> {
  let entry = agreedByDoc.get(doc);
  if (!entry) {
    const kept: { agreed: Map<string, Y.XmlElement> | null } = { agreed: null };
    const fragment = doc.getXmlFragment(YJS_FIELD);
    fragment.observeDeep((events) => {
      const altered = events.some(
        (event) => event.target === fragment || (event.target.parent === fragment && (event as Y.YXmlEvent).attributesChanged?.size > 0),
      );
      if (altered) kept.agreed = null;
    });
    agreedByDoc.set(doc, (entry = kept));
  }
  return (entry.agreed ??= scanAgreed(doc));
}

function scanAgreed(doc: Y.Doc): Map<string, Y.XmlElement> {
  const agreed = new Map<string, Y.XmlElement>();
  for (const node of doc.getXmlFragment(YJS_FIELD).toArray()) {
    if (node instanceof Y.XmlElement && node.getAttribute("status") === "agreed") agreed.set(String(node.getAttribute("id") ?? ""), node);
  }
  return agreed;
}

/** The update's delete set, decoded once (not once per agreed paragraph: a big update cost that many decodes). */
function deletesFrom(update: Uint8Array): (id: Y.ID) => boolean {
  let ds: { clients: Map<number, { clock: number; len: number }[]> } | null = null;
  return (id) => {
    ds ??= (Y.decodeUpdate(update) as unknown as { ds: NonNullable<typeof ds> }).ds;
    return (ds.clients.get(id.client) ?? []).some((range) => range.clock <= id.clock && id.clock < range.clock + range.len);
  };
}

export function agreedParagraphLock(facts: LockFacts): string | null {
  if (facts.roomKind !== "document") return null;
  // Typing (no attribute set, nothing deleted) reaches an agreed paragraph only by editing inside
  // it: the blocks it touches say so, without listing the document's agreed blocks for every
  // update (a walk over every block, per update, under the fan-out load of issue 15).
  if (facts.touchedBlocks && facts.hasDeletions?.() === false && facts.attributeChanges().size === 0) {
    for (const block of facts.touchedBlocks()) {
      if (block.getAttribute("status") === "agreed") return "This paragraph is agreed and cannot be edited";
    }
    return null;
  }
  const agreed = agreedBlocks(facts.doc);
  for (const [blockId, attributes] of facts.attributeChanges()) {
    if ("status" in attributes) return "Paragraph status is set by the Chair through Plenary, not by editing";
    if (agreed.has(blockId)) return "This paragraph is agreed and cannot be edited";
  }
  if (agreed.size === 0) return null;
  for (const blockId of facts.touchedBlockIds()) if (agreed.has(blockId)) return "This paragraph is agreed and cannot be edited";
  // An update that deletes nothing (most typing) cannot delete an agreed paragraph.
  if (facts.hasDeletions?.() === false) return null;
  const deletes = facts.deletes ?? deletesFrom(facts.update);
  for (const element of agreed.values()) {
    if (element._item && deletes(element._item.id)) return "This paragraph is agreed and cannot be deleted";
  }
  return null;
}

/**
 * Option sets (docs/decisions/081) are opened by the Chair accepting an alternative and closed by the Chair
 * resolving them (resolveOptionSet), both audited: no client sets, changes or removes the option
 * set of a paragraph in the text. A paragraph that carries its set along (a deletion undone, a
 * paragraph re-typed as another kind) arrives as a new paragraph, checked for form by the
 * update validator.
 */
export function optionSetLock(facts: LockFacts): string | null {
  if (facts.roomKind !== "document") return null;
  for (const attributes of facts.attributeChanges().values()) {
    if ("options" in attributes) return "Options are set and resolved by the Chair through Plenary, not by editing";
  }
  // Dropping a set is a deletion: an update that deletes nothing (most typing) needs no scan.
  if (facts.hasDeletions?.() === false) return null;
  const deletes = facts.deletes ?? deletesFrom(facts.update);
  for (const node of facts.doc.getXmlFragment(YJS_FIELD).toArray()) {
    if (!(node instanceof Y.XmlElement) || !node._item) continue;
    const options = node._map.get("options");
    if (!options || options.deleted || !deletes(options.id) || deletes(node._item.id)) continue;
    return "Options are set and resolved by the Chair through Plenary, not by editing";
  }
  return null;
}
