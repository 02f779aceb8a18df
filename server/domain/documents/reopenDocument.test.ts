import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDomainError } from "../kernel/errors";
import { domainUnderTest } from "../../../tests/factories";
import { reopenDocument } from "./reopenDocument";
import { updateDocumentSettings } from "./updateDocumentSettings";

// In process, on a real migrated SQLite file: the stage machine as the commands apply it.

const { ctx, db, make, close } = domainUnderTest();

async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
    return null;
  } catch (error) {
    if (isDomainError(error)) return { status: error.status, message: error.message };
    throw error;
  }
}

let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

describe("stage moves and reopening", () => {
  it("moves only along the allowed transitions, and reopens an adopted text only explicitly, audited", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const document = await make.document(processId, "drafting");
    const settings = { documentId: document.id, title: document.title, symbol: document.symbol, language: "en" };
    expect(await refusal(() => updateDocumentSettings(ctx, secretariat, { ...settings, stage: "adopted" }))).toMatchObject({ status: 409 });
    await updateDocumentSettings(ctx, secretariat, { ...settings, stage: "amendments_open" });
    await db.document.update({ where: { id: document.id }, data: { stage: "adopted" } });
    expect(await refusal(() => updateDocumentSettings(ctx, secretariat, { ...settings, stage: "drafting" }))).toMatchObject({
      status: 409,
    });
    const chair = await make.user(processId, "chair");
    expect(
      await refusal(() => reopenDocument(ctx, chair, { documentId: document.id, stage: "drafting", reason: "The chair wants it back." })),
    ).toMatchObject({
      status: 403,
    });
    expect(
      await refusal(() => reopenDocument(ctx, secretariat, { documentId: document.id, stage: "drafting", reason: "short" })),
    ).toMatchObject({ status: 422 });
    await reopenDocument(ctx, secretariat, { documentId: document.id, stage: "drafting", reason: "Reopened after the meeting." });
    expect((await db.document.findUniqueOrThrow({ where: { id: document.id } })).stage).toBe("drafting");
    const entry = await db.auditEntry.findFirstOrThrow({ where: { subjectId: document.id, action: "document.reopen" } });
    expect(JSON.parse(entry.details)).toMatchObject({
      before: { stage: "adopted" },
      after: { stage: "drafting" },
      reason: "Reopened after the meeting.",
    });
    // Announced like every other stage move: a notification for each member, an email in the outbox.
    const notice = await db.notification.findFirstOrThrow({
      where: { userId: secretariat.userId, documentId: document.id, kind: "stage", text: { contains: "reopened" } },
    });
    expect(notice.text).toContain("reopened to the stage “Drafting”: Reopened after the meeting.");
    expect(await db.outboxEmail.count({ where: { toEmail: secretariat.email, subject: { contains: "reopened" } } })).toBe(1);

    // Two reopenings that both saw "adopted": the stage is claimed, so only one moves it.
    await db.document.update({ where: { id: document.id }, data: { stage: "adopted" } });
    const race = await Promise.all(
      (["amendments_open", "consolidation"] as const).map((stage) =>
        refusal(() => reopenDocument(ctx, secretariat, { documentId: document.id, stage, reason: `Back to ${stage} after the meeting.` })),
      ),
    );
    expect(race.filter((outcome) => outcome === null)).toHaveLength(1);
    expect(race.find((outcome) => outcome !== null)).toMatchObject({ status: 409 });
    expect(await db.auditEntry.count({ where: { subjectId: document.id, action: "document.reopen" } })).toBe(2);

    await db.document.update({ where: { id: document.id }, data: { stage: "published" } });
    expect(
      await refusal(() =>
        reopenDocument(ctx, secretariat, { documentId: document.id, stage: "consolidation", reason: "Reopened after the meeting." }),
      ),
    ).toMatchObject({
      status: 409,
    });
  });
});
