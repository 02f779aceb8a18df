import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { block, jsonToYUpdate } from "../../app/editor/documentModel";
import { YJS_FIELD } from "../../app/editor/ydocFields";
import { findBlock } from "../../app/editor/yBlocks";
import { agreedParagraphLock, type LockFacts } from "../../server/domain/documents/paragraphLocks";
import { UpdateRefused, validateUpdate } from "../../server/collab/validateUpdate";

function roomWith() {
  const doc = new Y.Doc();
  Y.applyUpdate(
    doc,
    jsonToYUpdate({
      type: "doc",
      content: [block("operative", "Agreed words.", { id: "agreed", status: "agreed" }), block("operative", "Open words.", { id: "open" })],
    }),
  );
  return doc;
}

/** A client's copy edits; returns the facts the validator would report for its update. */
function clientUpdate(
  server: Y.Doc,
  edit: (doc: Y.Doc) => void,
  touched: string[] = [],
  attributes = new Map<string, Record<string, unknown>>(),
): LockFacts {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(client);
  edit(client);
  return {
    roomKind: "document",
    doc: server,
    update: Y.encodeStateAsUpdate(client, before),
    touchedBlockIds: () => new Set(touched),
    attributeChanges: () => attributes,
  };
}

describe("the agreed-paragraph lock", () => {
  it("lets edits of open paragraphs through", () => {
    const server = roomWith();
    const facts = clientUpdate(server, (doc) => (findBlock(doc, "open")!.element.get(0) as Y.XmlText).insert(0, "More "), ["open"]);
    expect(agreedParagraphLock(facts)).toBeNull();
  });

  it("refuses typing into an agreed paragraph", () => {
    const server = roomWith();
    const facts = clientUpdate(server, (doc) => (findBlock(doc, "agreed")!.element.get(0) as Y.XmlText).insert(0, "Not "), ["agreed"]);
    expect(agreedParagraphLock(facts)).toMatch(/agreed/);
  });

  it("refuses deleting an agreed paragraph, whatever the client reports", () => {
    const server = roomWith();
    const facts = clientUpdate(server, (doc) => doc.getXmlFragment(YJS_FIELD).delete(0, 1));
    expect(agreedParagraphLock(facts)).toMatch(/cannot be deleted/);
  });

  it("reads deletions from the validator's decoded delete set when given, not by decoding the update again", () => {
    const server = roomWith();
    const facts = clientUpdate(server, (doc) => doc.getXmlFragment(YJS_FIELD).delete(0, 1));
    const { ds } = Y.decodeUpdate(facts.update);
    // Bytes that would not decode: only the given delete set can answer.
    const given = { ...facts, update: new Uint8Array([255, 255, 255]), deletes: (id: Y.ID) => Y.isDeleted(ds, id) };
    expect(agreedParagraphLock(given)).toMatch(/cannot be deleted/);
  });

  it("follows the document as paragraphs are agreed, reopened and added between updates", () => {
    const server = roomWith();
    const typeInto = (id: string) =>
      agreedParagraphLock(clientUpdate(server, (doc) => (findBlock(doc, id)!.element.get(0) as Y.XmlText).insert(0, "x"), [id]));
    expect(typeInto("open")).toBeNull();
    // Typing on the server keeps what it knows; the chair agreeing a paragraph changes it.
    (findBlock(server, "open")!.element.get(0) as Y.XmlText).insert(0, "Typed ");
    expect(typeInto("open")).toBeNull();
    findBlock(server, "open")!.element.setAttribute("status", "agreed");
    expect(typeInto("open")).toMatch(/agreed/);
    findBlock(server, "agreed")!.element.setAttribute("status", "open");
    expect(typeInto("agreed")).toBeNull();
    // A paragraph that arrives already agreed (an undone deletion).
    Y.applyUpdate(
      server,
      jsonToYUpdate({ type: "doc", content: [block("operative", "Restored words.", { id: "restored", status: "agreed" })] }),
    );
    expect(typeInto("restored")).toMatch(/agreed/);
  });

  it("skips the deletion scan for an update that deletes nothing", () => {
    const server = roomWith();
    const facts = clientUpdate(server, (doc) => doc.getXmlFragment(YJS_FIELD).delete(0, 1));
    expect(agreedParagraphLock({ ...facts, hasDeletions: () => true })).toMatch(/cannot be deleted/);
    expect(agreedParagraphLock({ ...facts, hasDeletions: () => false })).toBeNull();
  });

  it("refuses a client setting any paragraph's status (the chair does it through Plenary, audited)", () => {
    const server = roomWith();
    const facts = clientUpdate(
      server,
      (doc) => findBlock(doc, "open")!.element.setAttribute("status", "agreed"),
      ["open"],
      new Map([["open", { status: "agreed" }]]),
    );
    expect(agreedParagraphLock(facts)).toMatch(/status/);
  });

  it("through the real validator: typing into an agreed paragraph is refused, into an open one taken, deleting from an agreed one refused", () => {
    const server = roomWith();
    const verdict = (edit: (doc: Y.Doc) => void) => {
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
      const before = Y.encodeStateVector(client);
      edit(client);
      try {
        validateUpdate(server, "document", Y.encodeStateAsUpdate(client, before), [agreedParagraphLock]);
        return "ok";
      } catch (error) {
        if (error instanceof UpdateRefused) return error.message;
        throw error;
      }
    };
    const text = (doc: Y.Doc, id: string) => findBlock(doc, id)!.element.get(0) as Y.XmlText;
    expect(verdict((doc) => text(doc, "agreed").insert(3, "x"))).toMatch(/agreed and cannot be edited/);
    expect(verdict((doc) => text(doc, "open").insert(0, "More "))).toBe("ok");
    expect(verdict((doc) => text(doc, "agreed").delete(0, 3))).toMatch(/agreed and cannot be edited/);
    expect(verdict((doc) => text(doc, "open").delete(0, 3))).toBe("ok");
  });
});
