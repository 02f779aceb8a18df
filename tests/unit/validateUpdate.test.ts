import { describe, expect, it } from "vitest";
import { TEXT_LIMITS } from "../../common/limits";
import * as Y from "yjs";
import { block, jsonToYUpdate } from "../../app/editor/documentModel";
import { YJS_FIELD } from "../../app/editor/ydocFields";
import { UpdateRefused, validateUpdate, type UpdateRule } from "../../server/collab/validateUpdate";

const FIRST = "11111111-1111-4111-8111-111111111111";
const SECOND = "22222222-2222-4222-8222-222222222222";

/** The server's live document and a client synced with it. */
function room() {
  const server = new Y.Doc();
  Y.applyUpdate(
    server,
    jsonToYUpdate({
      type: "doc",
      content: [
        block("title", "Istanbul Commitments"),
        block("operative", "Strengthen partnerships.", { id: FIRST }),
        block("actionPoint", "Lead it.", { id: SECOND, lead: "ICMPD" }),
      ],
    }),
  );
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client, fragment: client.getXmlFragment(YJS_FIELD) };
}

/** What the client sends for `change`, checked the way the collaboration server does. */
function check(server: Y.Doc, client: Y.Doc, change: () => void, kind: "document" | "draft" = "document", rules: UpdateRule[] = []) {
  const updates: Uint8Array[] = [];
  const listener = (update: Uint8Array) => updates.push(update);
  client.on("update", listener);
  client.transact(change);
  client.off("update", listener);
  const update = Y.mergeUpdates(updates);
  try {
    validateUpdate(server, kind, update, rules);
  } catch (error) {
    if (error instanceof UpdateRefused) return error.message;
    throw error;
  }
  Y.applyUpdate(server, update);
  return "ok";
}

/** The verdict on `change` made by a fresh client of a fresh room (a refused change leaves a client behind). */
function verdict(
  change: (fragment: Y.XmlFragment, client: Y.Doc) => void,
  kind: "document" | "draft" = "document",
  rules: UpdateRule[] = [],
) {
  const { server, client, fragment } = room();
  return check(server, client, () => change(fragment, client), kind, rules);
}

const element = (fragment: Y.XmlFragment, index: number) => fragment.get(index) as Y.XmlElement;
const textOf = (fragment: Y.XmlFragment, index: number) => element(fragment, index).get(0) as Y.XmlText;

function newBlock(kind: string, id: string, text: string) {
  const created = new Y.XmlElement(kind);
  created.setAttribute("id", id);
  created.setAttribute("status", "open");
  created.insert(0, [new Y.XmlText(text)]);
  return created;
}

describe("update validation against the document schema", () => {
  it("accepts what the editor writes: typing, marks, line breaks, new blocks, status and fields", () => {
    const { server, client, fragment } = room();
    expect(check(server, client, () => textOf(fragment, 1).insert(0, "Further "))).toBe("ok");
    expect(check(server, client, () => textOf(fragment, 1).format(0, 7, { bold: {} }))).toBe("ok");
    expect(check(server, client, () => element(fragment, 1).insert(1, [new Y.XmlElement("hardBreak"), new Y.XmlText("more")]))).toBe("ok");
    expect(check(server, client, () => fragment.insert(3, [newBlock("operative", crypto.randomUUID(), "New paragraph")]))).toBe("ok");
    expect(check(server, client, () => element(fragment, 1).setAttribute("status", "agreed"))).toBe("ok");
    expect(check(server, client, () => element(fragment, 2).setAttribute("timeline", "2026"))).toBe("ok");
    expect(check(server, client, () => textOf(fragment, 1).delete(0, 3))).toBe("ok");
    expect(check(server, client, () => fragment.delete(3, 1))).toBe("ok");
    // A block moved (deleted and re-created with its id in one change) keeps its id.
    expect(
      check(server, client, () => {
        fragment.delete(1, 1);
        fragment.insert(2, [newBlock("operative", FIRST, "Moved")]);
      }),
    ).toBe("ok");
  });

  it("accepts a whole document as y-tiptap writes it (first sync of an editor)", () => {
    const server = new Y.Doc();
    server.getXmlFragment(YJS_FIELD);
    const json = {
      type: "doc",
      content: [
        block("goal", "Goal"),
        {
          ...block("actionPoint", "Point", { lead: "IOM", partners: "ICMPD" }),
          content: [
            { type: "text", text: "Bold", marks: [{ type: "bold" }] },
            { type: "hardBreak" },
            { type: "text", text: "x", marks: [{ type: "italic" }, { type: "underline" }] },
          ],
        },
      ],
    };
    expect(() => validateUpdate(server, "document", jsonToYUpdate(json))).not.toThrow();
  });

  it("refuses blocks nested 20,000 deep, and stores none of them", () => {
    const { server, client, fragment } = room();
    const result = check(server, client, () => {
      // Each level is inserted once its parent is in the document, as an attacker's client can.
      let outer = new Y.XmlElement("operative");
      fragment.insert(0, [outer]);
      outer.setAttribute("id", crypto.randomUUID());
      for (let depth = 0; depth < 20_000; depth++) {
        const inner = new Y.XmlElement("operative");
        outer.insert(0, [inner]);
        outer = inner;
      }
    });
    // Refused off the bytes, by the section header's struct count, before a struct is decoded.
    expect(result).toBe("This change is too large to save at once (over 1,000 edits); paste it in smaller parts");
    expect(server.getXmlFragment(YJS_FIELD).length).toBe(3);
  });

  it("refuses deep nesting at its first levels, without reading the rest of the update", () => {
    const { server, client, fragment } = room();
    const updates: Uint8Array[] = [];
    client.on("update", (update: Uint8Array) => updates.push(update));
    client.transact(() => {
      let outer = new Y.XmlElement("operative");
      fragment.insert(0, [outer]);
      outer.setAttribute("id", crypto.randomUUID());
      for (let depth = 0; depth < 500; depth++) {
        const inner = new Y.XmlElement("operative");
        outer.insert(0, [inner]);
        outer = inner;
      }
    });
    const update = Y.mergeUpdates(updates);
    // Cut in half: a check that decoded the whole update would only see malformed bytes.
    const truncated = update.slice(0, update.byteLength >> 1);
    expect(() => Y.decodeUpdate(truncated)).toThrow();
    expect(() => validateUpdate(server, "document", truncated)).toThrow(new UpdateRefused("Update nests deeper than the document allows"));
    expect(() => validateUpdate(server, "document", update)).toThrow(new UpdateRefused("Update nests deeper than the document allows"));
  });

  it("refuses nesting that hangs on another client's items further on in the update", () => {
    const { server } = room();
    // Yjs writes clients by descending id: the nesting client (9) comes before the block's (1).
    const first = new Y.Doc();
    first.clientID = 1;
    Y.applyUpdate(first, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(first);
    const outer = new Y.XmlElement("operative");
    first.getXmlFragment(YJS_FIELD).insert(0, [outer]);
    outer.setAttribute("id", crypto.randomUUID());
    const second = new Y.Doc();
    second.clientID = 9;
    Y.applyUpdate(second, Y.encodeStateAsUpdate(first));
    const secondBefore = Y.encodeStateVector(second);
    let parent = second.getXmlFragment(YJS_FIELD).get(0) as Y.XmlElement;
    for (let depth = 0; depth < 10; depth++) {
      const inner = new Y.XmlElement("operative");
      parent.insert(0, [inner]);
      parent = inner;
    }
    const update = Y.mergeUpdates([Y.encodeStateAsUpdate(first, before), Y.encodeStateAsUpdate(second, secondBefore)]);
    expect(Y.decodeUpdate(update).structs[0]!.id.client).toBe(9);
    expect(() => validateUpdate(server, "document", update)).toThrow(new UpdateRefused("Update nests deeper than the document allows"));
  });

  it("caps the structs and deleted ranges of one update, and accepts a large paste under the caps", () => {
    expect(
      verdict((fragment) => {
        const created = newBlock("operative", crypto.randomUUID(), "Breaks");
        fragment.insert(0, [created]);
        created.insert(
          1,
          Array.from({ length: 1_100 }, () => new Y.XmlElement("hardBreak")),
        );
      }),
    ).toBe("This change is too large to save at once (over 1,000 edits); paste it in smaller parts");

    // Many values in one item (a Y.Array insert) count like structs, before they are decoded.
    expect(
      verdict((_fragment, client) =>
        client.getArray("values").insert(
          0,
          Array.from({ length: 1_100 }, (_, index) => index),
        ),
      ),
    ).toBe("This change is too large to save at once (over 1,000 edits); paste it in smaller parts");

    const { server, client, fragment } = room();
    expect(check(server, client, () => textOf(fragment, 1).insert(0, "ab".repeat(1_100)))).toBe("ok");
    // Every other character: 1,100 separate deleted ranges.
    expect(
      check(server, client, () => {
        for (let position = 0; position < 1_100; position++) textOf(fragment, 1).delete(position + 1, 1);
      }),
    ).toBe("This change deletes too much at once (over 1,000 ranges); delete in smaller parts");

    // 150 paragraphs pasted at once (about 750 structs) pass.
    expect(
      verdict((fragment) =>
        fragment.insert(
          3,
          Array.from({ length: 150 }, (_, index) => newBlock("operative", crypto.randomUUID(), `Pasted paragraph ${index}`)),
        ),
      ),
    ).toBe("ok");
  });

  it("refuses a top-level XmlText, an XmlHook, another top-level type and a justification in the base text", () => {
    expect(verdict((fragment) => fragment.insert(0, [new Y.XmlText("loose")]))).toBe("Only paragraphs may sit at the top of a document");
    expect(verdict((fragment) => fragment.insert(0, [new Y.XmlHook("hook") as never]))).toBe(
      "Only paragraphs may sit at the top of a document",
    );
    expect(verdict((_fragment, client) => client.getText("bench").insert(0, "x"))).toBe('Unknown top-level type "bench"');
    expect(verdict((_fragment, client) => client.getText("justification").insert(0, "x"))).toBe('Unknown top-level type "justification"');
    expect(verdict((_fragment, client) => client.getMap("numbering").set(FIRST, "OP9"))).toBe('Unknown top-level type "numbering"');
    expect(verdict((_fragment, client) => client.getText("justification").insert(0, "Because."), "draft")).toBe("ok");
  });

  it("refuses unknown blocks, attributes, statuses, marks, embeds and nested values", () => {
    expect(verdict((fragment) => fragment.insert(0, [newBlock("script", crypto.randomUUID(), "x")]))).toBe('Unknown block "script"');
    expect(verdict((fragment) => element(fragment, 1).setAttribute("status", "adopted"))).toBe('Unknown status "adopted"');
    expect(verdict((fragment) => element(fragment, 1).setAttribute("onclick", "x"))).toBe('Unknown attribute "onclick"');
    expect(verdict((fragment) => element(fragment, 1).setAttribute("lead", "x"))).toBe('Unknown attribute "lead"');
    expect(verdict((fragment) => element(fragment, 1).setAttribute("id", { nested: true } as never))).toBe("Malformed block id");
    expect(verdict((fragment) => textOf(fragment, 1).format(0, 3, { link: { href: "javascript:x" } }))).toBe('Unknown mark "link"');
    expect(verdict((fragment) => textOf(fragment, 1).insertEmbed(0, { image: "x" }))).toBe("Text holds only characters and marks");
    expect(verdict((fragment) => element(fragment, 1).insert(0, [new Y.XmlElement("operative")]))).toBe(
      "A paragraph holds only text and line breaks",
    );
  });

  it("holds an action point's fields to the length the editor allows", () => {
    const withLead = (lead: string) => (fragment: Y.XmlFragment) => {
      const point = newBlock("actionPoint", crypto.randomUUID(), "Share risk analyses");
      point.setAttribute("lead", lead);
      fragment.insert(3, [point]);
    };
    expect(verdict(withLead("x".repeat(TEXT_LIMITS.actionPointField)))).toBe("ok");
    expect(verdict(withLead("x".repeat(TEXT_LIMITS.actionPointField + 1)))).toBe('An action point\'s "lead" holds at most 300 characters');
  });

  it("refuses a block id already taken", () => {
    expect(verdict((fragment) => fragment.insert(3, [newBlock("operative", FIRST, "Copy")]))).toBe("Duplicate block id");
    expect(verdict((fragment) => element(fragment, 2).setAttribute("id", FIRST))).toBe("Duplicate block id");
    const fresh = crypto.randomUUID();
    expect(verdict((fragment) => fragment.insert(3, [newBlock("operative", fresh, "a"), newBlock("operative", fresh, "b")]))).toBe(
      "Duplicate block id",
    );
  });

  it("refuses an update that takes a block's id away, and accepts one that gives it a new id", () => {
    expect(verdict((fragment) => element(fragment, 1).removeAttribute("id"))).toBe("A paragraph keeps its id");
    // Set and taken away again in the same change: no id left either.
    expect(
      verdict((fragment) => {
        element(fragment, 1).setAttribute("id", crypto.randomUUID());
        element(fragment, 1).removeAttribute("id");
      }),
    ).toBe("A paragraph keeps its id");
    // A new block comes with its id.
    expect(
      verdict((fragment) => {
        const bare = new Y.XmlElement("operative");
        bare.insert(0, [new Y.XmlText("No id")]);
        fragment.insert(3, [bare]);
      }),
    ).toBe("A new paragraph needs an id");
    // What the editor does after a split, and deleting or moving the block, are fine.
    expect(verdict((fragment) => element(fragment, 1).setAttribute("id", crypto.randomUUID()))).toBe("ok");
    expect(verdict((fragment) => fragment.delete(1, 1))).toBe("ok");
    const { server, client, fragment } = room();
    expect(check(server, client, () => element(fragment, 1).setAttribute("id", crypto.randomUUID()))).toBe("ok");
    expect(check(server, client, () => element(fragment, 1).removeAttribute("id"))).toBe("A paragraph keeps its id");
    expect(
      server
        .getXmlFragment(YJS_FIELD)
        .toArray()
        .every((node) => typeof (node as Y.XmlElement).getAttribute("id") === "string"),
    ).toBe(true);
  });

  it("refuses an update that depends on changes the server does not have", () => {
    const { server, client, fragment } = room();
    const hidden: Uint8Array[] = [];
    client.on("update", (update: Uint8Array) => hidden.push(update));
    textOf(fragment, 1).insert(0, "unseen ");
    textOf(fragment, 1).insert(0, "then ");
    expect(() => validateUpdate(server, "document", hidden[1]!)).toThrow("Update depends on changes the server does not have");
  });

  it("gives plugged-in rules the blocks an update touches", () => {
    const lockFirst: UpdateRule = (facts) => (facts.touchedBlockIds().has(FIRST) ? "This paragraph is agreed" : null);
    expect(verdict((fragment) => textOf(fragment, 2).insert(0, "x"), "document", [lockFirst])).toBe("ok");
    expect(verdict((fragment) => textOf(fragment, 1).insert(0, "x"), "document", [lockFirst])).toBe("This paragraph is agreed");
    expect(verdict((fragment) => textOf(fragment, 1).delete(0, 1), "document", [lockFirst])).toBe("This paragraph is agreed");
  });

  it("finds the blocks a deletion touches from the deleted ranges, and only those", () => {
    /** Positions (0 title, 1 operative, 2 action point) of the blocks the rules are told `change` touches. */
    const touchedBy = (change: (fragment: Y.XmlFragment) => void, before: (fragment: Y.XmlFragment) => void = () => {}) => {
      const { server, client, fragment } = room();
      let touched: string[] = [];
      const record: UpdateRule = (facts) => ((touched = [...facts.touchedBlockIds()]), null);
      // Earlier history of the room (items, marks, deletions), synced to the server first.
      expect(check(server, client, () => before(fragment))).toBe("ok");
      const ids = fragment.toArray().map((node) => (node as Y.XmlElement).getAttribute("id"));
      expect(check(server, client, () => change(fragment), "document", [record])).toBe("ok");
      return touched.map((id) => ids.indexOf(id)).sort();
    };
    const history = (fragment: Y.XmlFragment) => {
      for (let index = 0; index < 50; index++) textOf(fragment, 2).insert(0, `${index} `);
      textOf(fragment, 1).format(0, 6, { bold: {} });
    };
    expect(touchedBy((fragment) => textOf(fragment, 2).delete(3, 20), history)).toEqual([2]);
    expect(touchedBy((fragment) => textOf(fragment, 1).delete(0, 3), history)).toEqual([1]);
    // Removing a mark deletes its format items (and inserts new ones): the block is touched.
    expect(touchedBy((fragment) => textOf(fragment, 1).format(0, 6, { bold: null }), history)).toEqual([1]);
    expect(touchedBy((fragment) => element(fragment, 2).removeAttribute("lead"))).toEqual([2]);
    // A deleted block is touched.
    expect(touchedBy((fragment) => fragment.delete(1, 1))).toEqual([1]);
    expect(touchedBy((fragment) => fragment.delete(0, 3), history)).toEqual([0, 1, 2]);
    expect(touchedBy((fragment) => textOf(fragment, 0).delete(0, 3))).toEqual([0]);
  });
});
