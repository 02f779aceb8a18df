import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBlock, setBlockText } from "../../../app/editor/yBlocks";
import { documentRoom } from "../../../common/collab";
import { domainUnderTest } from "../../../tests/factories";
import { refreshCurrentDiffs } from "./currentDiffs";

// Every text counts as long here (offThreadStateBytes 0), so its views are made in a render thread
// (decision 118). The base blocks behind current diffs are background work: they must come from the
// thread at nice 10, never from the one a reader's page waits for (decision 127), or they take the
// core from a cold open.
const { ctx, make, close } = domainUnderTest({ liveDocuments: { idleUnloadMs: 60_000, offThreadStateBytes: 0 } });
afterAll(close);

let documentId = "";
beforeAll(async () => {
  const processId = (await make.process()).id;
  const head = await make.user(processId, "head");
  const document = await make.document(processId, "amendments_open");
  documentId = document.id;
  await make.text(document.id);
  await make.tabled(document.id, head, { wording: "We agree to cooperate closely." });
});

describe("views the server makes for itself", () => {
  it("come from the background render thread; a reader's page from the other", async () => {
    const room = documentRoom(documentId);
    await ctx.liveDocuments.change(room, (doc) => setBlockText(findBlock(doc, "block-1")!.element, "We agree to cooperate fully."));
    const before = ctx.liveDocuments.viewThreadStats();

    expect(await refreshCurrentDiffs(ctx, documentId)).toBe(1);
    const refreshed = ctx.liveDocuments.viewThreadStats();
    expect(refreshed.background.made.baseBlocks).toBe((before.background.made.baseBlocks ?? 0) + 1);
    expect(refreshed.reader.made).toEqual(before.reader.made);

    const page = await ctx.liveDocuments.readView(room, "documentPage");
    expect(page.blocks.map((block) => block.text)).toEqual(["We agree to cooperate fully."]);
    const read = ctx.liveDocuments.viewThreadStats();
    expect(read.reader.made.documentPage).toBe((refreshed.reader.made.documentPage ?? 0) + 1);
    expect(read.background.made).toEqual(refreshed.background.made);

    // Where threads have their own priority (Linux), the background one yields the core.
    if (process.platform === "linux") expect(read.background.nice).toBeGreaterThanOrEqual(Math.max(10, read.reader.nice! + 1));
  });
});
