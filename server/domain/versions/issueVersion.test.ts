import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal, TWO_PARAGRAPHS } from "../../../tests/factories";
import type { Actor } from "../../policies";
import { decideAmendment } from "../amendments/decideAmendment";
import { issueVersion } from "./issueVersion";

// In process on a real SQLite file (tests/factories.ts); rooms stay loaded (see decideAmendment.test.ts).
const { ctx, db, make, close } = domainUnderTest({ liveDocuments: { idleUnloadMs: 60_000 } });
let processId = "";
let chair: Actor;
beforeAll(async () => ({ processId, chair } = await make.chairedProcess()));
afterAll(close);

async function documentInConsolidation() {
  const document = await make.document(processId, "amendments_open");
  await make.text(document.id, TWO_PARAGRAPHS);
  return document;
}

describe("issueVersion", () => {
  it("freezes the text with its hash and records each tabled amendment's fate; the next one is Rev.1", async () => {
    const document = await documentInConsolidation();
    const accepted = await make.tabled(document.id, await make.user(processId, "head"), { wording: "We agree to cooperate closely." });
    const open = await make.tabled(document.id, await make.user(processId, "head"), {
      targetBlockId: "block-2",
      wording: "We share data.",
    });
    await db.document.update({ where: { id: document.id }, data: { stage: "consolidation" } });
    await decideAmendment(ctx, chair, { amendmentId: accepted.id, decision: "accept" });

    // Deciding first froze the text as it stood before any decision: the zero draft.
    const zero = await db.version.findFirstOrThrow({ where: { documentId: document.id, sequence: 0 } });
    expect(zero.label).toBe("Zero draft");
    const version = await issueVersion(ctx, chair, { documentId: document.id, note: "After the first reading." });
    expect(version).toMatchObject({ label: "Rev.1", note: "After the first reading.", issuedById: chair.userId, final: false });
    expect(version.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const blocks = await db.versionBlock.findMany({ where: { versionId: version.id }, orderBy: { position: "asc" } });
    expect(blocks.map((row) => [row.blockId, row.text])).toEqual([
      ["block-1", "We agree to cooperate closely."],
      ["block-2", "We share information."],
    ]);
    const fates = await db.amendmentFate.findMany({ where: { versionId: version.id } });
    expect(Object.fromEntries(fates.map((fate) => [fate.amendmentId, fate.fate]))).toEqual({
      [accepted.id]: "incorporated",
      [open.id]: "carried_forward",
    });
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { subjectId: document.id, action: "version.issue" },
      orderBy: { id: "desc" },
    });
    expect(JSON.parse(audit.details)).toMatchObject({ version: "Rev.1", contentHash: version.contentHash, blocks: 2, amendments: 2 });
  });

  it("refuses a head and the secretariat, and any version after the Final one", async () => {
    const document = await documentInConsolidation();
    await db.document.update({ where: { id: document.id }, data: { stage: "consolidation" } });
    const head = await make.user(processId, "head");
    const secretariat = await make.user(processId, "secretariat");
    expect(await refusal(() => issueVersion(ctx, head, { documentId: document.id }))).toMatchObject({ status: 403 });
    expect(await refusal(() => issueVersion(ctx, secretariat, { documentId: document.id }))).toMatchObject({ status: 403 });
    expect(await db.version.count({ where: { documentId: document.id } })).toBe(0);

    const final = await issueVersion(ctx, chair, { documentId: document.id, final: true });
    expect(final).toMatchObject({ label: "Final", final: true });
    expect(await refusal(() => issueVersion(ctx, chair, { documentId: document.id }))).toEqual({
      status: 409,
      message: "The Final version has been issued: no version can follow it.",
    });
    expect(await db.version.count({ where: { documentId: document.id } })).toBe(1);
  });
});
