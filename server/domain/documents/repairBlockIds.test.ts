import type { JSONContent } from "@tiptap/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { block, jsonToYUpdate } from "../../../app/editor/documentModel";
import { blockText, blocksFragment } from "../../../app/editor/yBlocks";
import { documentRoom, draftRoom } from "../../../common/collab";
import { domainUnderTest } from "../../../tests/factories";
import { repairBlockIds } from "./repairBlockIds";

// Texts stored before the collaboration endpoint refused duplicate or missing block ids get fresh
// ids when their room opens (docs/decisions/041), in process on a real database: what is renamed,
// what keeps its id, the stored server update and the audit entry; a sound text is only read.
const { ctx, db, make, updateLog, close } = domainUnderTest();
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

/** A paragraph stored without an id, as old texts may hold. */
const withoutId = (text: string): JSONContent => ({ type: "operative", attrs: { status: "open" }, content: [{ type: "text", text }] });

const BROKEN = [
  block("operative", "First.", { id: "same" }),
  block("operative", "Second.", { id: "same" }),
  withoutId("Third."),
  block("operative", "Fourth.", { id: "own" }),
];

const blocksIn = (runtime: typeof ctx, room: string) =>
  runtime.liveDocuments.read(room, (doc) =>
    blocksFragment(doc)
      .toArray()
      .map((node) => (node instanceof Y.XmlElement ? { id: node.getAttribute("id") ?? null, text: blockText(node) } : null)),
  );
const blocks = (room: string) => blocksIn(ctx, room);
const serverUpdates = (room: string) => db.yUpdate.count({ where: { room, userId: null } });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("repairBlockIds", () => {
  it("keeps the first of a duplicated id, gives the others and an id-less block derived ids: stored as a server update and audited", async () => {
    const document = await make.document(processId);
    const room = documentRoom(document.id);
    await make.text(document.id, BROKEN);
    const before = await serverUpdates(room);

    expect(await repairBlockIds(ctx, room)).toBe(2);
    const repaired = await blocks(room);
    expect(repaired.map((item) => item?.text)).toEqual(["First.", "Second.", "Third.", "Fourth."]);
    expect([repaired[0]!.id, repaired[3]!.id]).toEqual(["same", "own"]);
    expect(repaired[1]!.id).toMatch(UUID);
    expect(repaired[2]!.id).toMatch(UUID);
    expect(new Set(repaired.map((item) => item!.id)).size).toBe(4);
    expect(await serverUpdates(room)).toBeGreaterThan(before);

    const audit = await db.auditEntry.findFirstOrThrow({ where: { subjectId: document.id, action: "block.repairIds" } });
    expect(audit).toMatchObject({ actorUserId: null, subjectType: "document", processId });
    expect(JSON.parse(audit.details)).toEqual({
      room,
      count: 2,
      repairs: [
        { from: "same", to: repaired[1]!.id, index: 1 },
        { from: null, to: repaired[2]!.id, index: 2 },
      ],
    });

    // Repaired once: opening it again finds nothing to do and writes nothing.
    const after = await serverUpdates(room);
    expect(await repairBlockIds(ctx, room)).toBe(0);
    expect(await serverUpdates(room)).toBe(after);
    expect(await db.auditEntry.count({ where: { subjectId: document.id, action: "block.repairIds" } })).toBe(1);
  });

  it("derives the same ids from the same stored text, so two servers repairing a room converge", async () => {
    const document = await make.document(processId);
    const room = documentRoom(document.id);
    await make.text(document.id, BROKEN);
    const stored = await db.yUpdate.findMany({ where: { room }, orderBy: { id: "asc" } });

    // A second server over its own database, holding the same stored updates for the same room.
    const other = domainUnderTest();
    try {
      const otherProcess = await other.make.process();
      await other.db.document.create({
        data: { id: document.id, processId: otherProcess.id, kind: "declaration", title: "Copy", symbol: "BP/copy", language: "en" },
      });
      await other.updateLog.append(stored.map((row) => ({ room, data: new Uint8Array(row.data), author: null })));
      expect(await repairBlockIds(other.ctx, room)).toBe(2);
      expect(await repairBlockIds(ctx, room)).toBe(2);
      const ours = await blocks(room);
      expect(ours[1]!.id).toMatch(UUID);
      expect(await blocksIn(other.ctx, room)).toEqual(ours);
    } finally {
      await other.close();
    }
  });

  it("repairs a delegation's drafting room, audited on the amendment", async () => {
    const document = await make.document(processId, "amendments_open");
    const head = await make.user(processId, "head");
    const amendment = await make.amendment(document.id, head);
    const room = draftRoom(amendment.id);
    await updateLog.append([{ room, data: jsonToYUpdate({ type: "doc", content: BROKEN }), author: null }]);

    expect(await repairBlockIds(ctx, room)).toBe(2);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { subjectId: amendment.id, action: "block.repairIds" } });
    expect(audit).toMatchObject({ subjectType: "amendment", processId });
  });

  it("only reads a sound text, and ignores a name that is not a room", async () => {
    const document = await make.document(processId);
    const room = documentRoom(document.id);
    await make.text(document.id, [block("operative", "One.", { id: "one" }), block("operative", "Two.", { id: "two" })]);
    const before = await db.yUpdate.count({ where: { room } });

    expect(await repairBlockIds(ctx, room)).toBe(0);
    expect(await blocks(room)).toEqual([
      { id: "one", text: "One." },
      { id: "two", text: "Two." },
    ]);
    expect(await db.yUpdate.count({ where: { room } })).toBe(before);
    expect(await db.auditEntry.count({ where: { subjectId: document.id } })).toBe(0);

    expect(await repairBlockIds(ctx, "not-a-room")).toBe(0);
  });
});
