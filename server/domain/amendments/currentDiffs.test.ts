import { diffThreadPriorities } from "../../diffs/offThread";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBlock, setBlockText } from "../../../app/editor/yBlocks";
import { documentRoom } from "../../../common/collab";
import { domainUnderTest, TWO_PARAGRAPHS } from "../../../tests/factories";
import { baseTextHash, refreshCurrentDiffs } from "./currentDiffs";

// The stored diffs of outdated amendments against their target's current text, refreshed in
// batches (one message to the diff thread and one short transaction per batch): every
// amendment of a changed paragraph gets its diff, each against the latest text only.
const { ctx, db, make, close } = domainUnderTest({ liveDocuments: { idleUnloadMs: 60_000 } });
afterAll(close);

/** More than one batch of the refresh (25). */
const COUNT = 27;
let documentId = "";
const amendmentIds: string[] = [];
beforeAll(async () => {
  const processId = (await make.process()).id;
  const head = await make.user(processId, "head");
  const document = await make.document(processId, "amendments_open");
  documentId = document.id;
  await make.text(document.id, TWO_PARAGRAPHS);
  for (let index = 0; index < COUNT; index++) {
    const amendment = await make.tabled(document.id, head, { wording: `We agree to cooperate on point ${index}.` });
    amendmentIds.push(amendment.id);
  }
  amendmentIds.push((await make.tabled(document.id, head, { targetBlockId: "block-2", wording: "We share all information." })).id);
});

const rewrite = (blockId: string, text: string) =>
  ctx.liveDocuments.change(documentRoom(documentId), (doc) => setBlockText(findBlock(doc, blockId)!.element, text));

async function storedDiffs() {
  const rows = await db.amendmentCurrentDiff.findMany({ include: { revision: { select: { amendmentId: true } } } });
  return new Map(rows.map((row) => [row.revision.amendmentId, row]));
}

describe("refreshCurrentDiffs", () => {
  it("stores a diff against the current text for every outdated amendment of a changed paragraph, and only the latest", async () => {
    expect(await refreshCurrentDiffs(ctx, documentId)).toBe(0);

    await rewrite("block-1", "We agree to cooperate fully.");
    const notices: { amendmentId: string; status: string; tabledAt: unknown }[] = [];
    const listen = (event: { amendmentId: string; status: string; tabledAt: unknown }) => notices.push(event);
    ctx.events.on("amendment.changed", listen);
    expect(await refreshCurrentDiffs(ctx, documentId)).toBe(COUNT);
    ctx.events.off("amendment.changed", listen);
    // Live listeners hear of each, with the amendment's status and tabling date as stored.
    expect(notices.map((notice) => notice.amendmentId).sort()).toEqual(amendmentIds.slice(0, COUNT).sort());
    for (const notice of notices) {
      expect(notice.status).toBe("tabled");
      expect(notice.tabledAt).toBeInstanceOf(Date);
      expect(Number.isNaN((notice.tabledAt as Date).getTime())).toBe(false);
    }
    let stored = await storedDiffs();
    expect(stored.size).toBe(COUNT);
    for (const [index, id] of amendmentIds.slice(0, COUNT).entries()) {
      const row = stored.get(id)!;
      expect(row.baseTextHash).toBe(baseTextHash("We agree to cooperate fully."));
      // Each amendment's own diff, in its place (a batch's results in the batch's order).
      expect(JSON.parse(row.diffJson)).toEqual([
        { kind: "same", text: "We agree to cooperate " },
        { kind: "deleted", text: "fully" },
        { kind: "inserted", text: `on point ${index}` },
        { kind: "same", text: "." },
      ]);
    }
    // The untouched paragraph's amendment is not outdated.
    expect(stored.has(amendmentIds[COUNT]!)).toBe(false);

    // Again, nothing changed: nothing to do. Then a later text replaces every stored diff.
    expect(await refreshCurrentDiffs(ctx, documentId)).toBe(0);
    await rewrite("block-1", "We agree to cooperate in full.");
    expect(await refreshCurrentDiffs(ctx, documentId)).toBe(COUNT);
    stored = await storedDiffs();
    expect(stored.size).toBe(COUNT);
    expect(await db.amendmentCurrentDiff.count()).toBe(COUNT);
    for (const row of stored.values()) expect(row.baseTextHash).toBe(baseTextHash("We agree to cooperate in full."));
    // Computed on the background diff thread, which yields the core to the event loop (docs/decisions/124).
    expect(diffThreadPriorities().background).toBe(10);
  });
});
