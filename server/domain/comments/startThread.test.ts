import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { replyToThread } from "./replyToThread";
import { startThread } from "./startThread";

// startThread and replyToThread as the visibility rule applies them (docs/decisions/023): a thread
// one may not see is not there (404), whatever the reason.
const { ctx, db, make, close } = domainUnderTest();
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

async function documentWithText() {
  const document = await make.document(processId, "amendments_open");
  await make.text(document.id);
  return document;
}

describe("startThread and replyToThread", () => {
  it("anchors a thread on a range of words, keeping the quote", async () => {
    const head = await make.user(processId, "head");
    const document = await documentWithText();
    const { thread } = await startThread(ctx, head, {
      documentId: document.id,
      blockId: "block-1",
      visibility: "everyone",
      body: "Which cooperation?",
      start: 10,
      end: 19,
      quote: "cooperate",
    });
    const stored = await db.commentThread.findUniqueOrThrow({ where: { id: thread.id } });
    expect(stored.quote).toBe("cooperate");
    expect(
      await refusal(() => startThread(ctx, head, { documentId: document.id, blockId: "block-9", visibility: "everyone", body: "Where?" })),
    ).toEqual({ status: 422, message: "That paragraph is no longer in the text." });
  });

  it("lets the delegation reply to its own thread, and hides it from another delegation as 404", async () => {
    const head = await make.user(processId, "head");
    const colleague = await make.user(processId, "delegate", head.participantId);
    const otherHead = await make.user(processId, "head");
    const document = await documentWithText();
    const { thread } = await startThread(ctx, head, {
      documentId: document.id,
      blockId: "block-1",
      visibility: "delegation",
      body: "Our line on this paragraph.",
    });
    await replyToThread(ctx, colleague, { threadId: thread.id, body: "Agreed." });
    expect(await refusal(() => replyToThread(ctx, otherHead, { threadId: thread.id, body: "Let me in." }))).toMatchObject({
      status: 404,
    });
    const bodies = (await db.comment.findMany({ where: { threadId: thread.id }, orderBy: { createdAt: "asc" } })).map((c) => c.body);
    expect(bodies).toEqual(["Our line on this paragraph.", "Agreed."]);
  });

  it("keeps a chair-and-secretariat thread from the states' delegations", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const chair = await make.user(processId, "chair");
    const head = await make.user(processId, "head");
    const document = await documentWithText();
    const { thread } = await startThread(ctx, secretariat, {
      documentId: document.id,
      blockId: "block-1",
      visibility: "chair_secretariat",
      body: "A note for the chair.",
    });
    await replyToThread(ctx, chair, { threadId: thread.id, body: "Noted." });
    expect(await refusal(() => replyToThread(ctx, head, { threadId: thread.id, body: "What note?" }))).toMatchObject({ status: 404 });
  });
});
