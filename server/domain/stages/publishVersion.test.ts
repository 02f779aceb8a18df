import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import type { Actor } from "../../policies";
import { issueVersion } from "../versions/issueVersion";
import { publishVersion } from "./publishVersion";
import { recordAdoption } from "./recordAdoption";

// Publication of the adopted version, in process (docs/decisions/032).
const NOW = new Date("2026-03-02T09:00:00Z");
const { ctx, db, make, close } = domainUnderTest({ now: () => NOW, liveDocuments: { idleUnloadMs: 60_000 } });
let processId = "";
let chair: Actor;
let secretariat: Actor;
beforeAll(async () => {
  processId = (await make.process()).id;
  chair = await make.user(processId, "chair");
  secretariat = await make.user(processId, "secretariat");
});
afterAll(close);

const withVersion = () => make.versioned(processId, chair);
async function adopted() {
  const { document, version } = await withVersion();
  await recordAdoption(ctx, secretariat, {
    documentId: document.id,
    versionId: version.id,
    meetingDate: "2026-02-27",
    meetingPlace: "Istanbul",
  });
  return { document, version };
}
const stageOf = async (id: string) => (await db.document.findUniqueOrThrow({ where: { id } })).stage;
const publications = (documentId: string) => db.publication.count({ where: { documentId } });

describe("publishVersion", () => {
  it("publishes the adopted version at a stable address with its content hash, announced and audited, once", async () => {
    const { document, version } = await adopted();
    const changed: string[] = [];
    ctx.events.on("document.changed", (documentId) => changed.push(documentId));
    const publication = await publishVersion(ctx, secretariat, { documentId: document.id });
    expect(publication).toMatchObject({
      versionId: version.id,
      contentHash: version.contentHash,
      publishedById: secretariat.userId,
      publishedAt: NOW,
    });
    expect(await stageOf(document.id)).toBe("published");
    expect(changed).toEqual([document.id]);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { subjectId: document.id, action: "document.publish" } });
    expect(JSON.parse(audit.details)).toMatchObject({
      version: version.label,
      contentHash: version.contentHash,
      path: expect.stringMatching(/^\/p\//),
    });
    expect(await refusal(() => publishVersion(ctx, secretariat, { documentId: document.id }))).toEqual({
      status: 409,
      message: "This text is already published.",
    });
    expect(await publications(document.id)).toBe(1);
  });

  it("refuses anyone but the secretariat, with the reason", async () => {
    const { document } = await adopted();
    for (const actor of [chair, await make.user(processId, "head")])
      expect(await refusal(() => publishVersion(ctx, actor, { documentId: document.id }))).toEqual({
        status: 403,
        message: "Only the secretariat publishes a text.",
      });
    expect([await stageOf(document.id), await publications(document.id)]).toEqual(["adopted", 0]);
  });

  it("refuses an empty id, and answers not found for an unknown document and another process's document", async () => {
    expect(await refusal(() => publishVersion(ctx, secretariat, { documentId: " " }))).toEqual({
      status: 422,
      message: "Please correct the highlighted fields.",
    });
    const elsewhere = await make.document((await make.process()).id, "adopted");
    for (const documentId of ["no-such-document", elsewhere.id])
      expect(await refusal(() => publishVersion(ctx, secretariat, { documentId }))).toEqual({
        status: 404,
        message: "Document not found.",
      });
    expect(await publications(elsewhere.id)).toBe(0);
  });

  it("publishes only an adopted text with its adoption recorded", async () => {
    const { document } = await withVersion();
    expect(await refusal(() => publishVersion(ctx, secretariat, { documentId: document.id }))).toEqual({
      status: 409,
      message: "Only an adopted text can be published.",
    });
    const adoptedWithoutRecord = await make.document(processId, "adopted");
    expect(await refusal(() => publishVersion(ctx, secretariat, { documentId: adoptedWithoutRecord.id }))).toEqual({
      status: 409,
      message: "No adoption is recorded for this text.",
    });
    expect([await publications(document.id), await publications(adoptedWithoutRecord.id)]).toEqual([0, 0]);
    expect([await stageOf(document.id), await stageOf(adoptedWithoutRecord.id)]).toEqual(["consolidation", "adopted"]);
  });
});
