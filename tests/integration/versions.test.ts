import { YJS_FIELD } from "../../app/editor/ydocFields";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { listDocumentBlocks } from "../../app/editor/documentModel";
import { documentRoom } from "../../common/collab";
import { isDomainError } from "../../server/domain/kernel/errors";
import { versionContentHash } from "../../server/domain/versions/contentHash";
import { issueVersion } from "../../server/domain/versions/issueVersion";
import type { NumberChange } from "../../server/domain/versions/freezeText";
import type { Actor } from "../../server/policies";
import { domainHarness, type DomainHarness } from "../support/domain";
import { rawDatabase } from "../support/rawDatabase";

let harness: DomainHarness;
let chair: Actor;
let documentId = "";
let room = "";

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

const blocksNow = () => harness.ctx.liveDocuments.read(room, listDocumentBlocks);

/** Inserts a new operative paragraph after the block with `afterId`, as the chair's editor would. */
async function insertAfter(afterId: string, text: string) {
  const id = crypto.randomUUID();
  await harness.ctx.liveDocuments.change(room, (doc) => {
    const fragment = doc.getXmlFragment(YJS_FIELD);
    const index = fragment.toArray().findIndex((node) => (node as Y.XmlElement).getAttribute("id") === afterId);
    const element = new Y.XmlElement("operative");
    element.setAttribute("id", id);
    element.setAttribute("status", "open");
    element.insert(0, [new Y.XmlText(text)]);
    fragment.insert(index + 1, [element]);
  });
  return id;
}

async function deleteBlock(id: string) {
  await harness.ctx.liveDocuments.change(room, (doc) => {
    const fragment = doc.getXmlFragment(YJS_FIELD);
    fragment.delete(
      fragment.toArray().findIndex((node) => (node as Y.XmlElement).getAttribute("id") === id),
      1,
    );
  });
}

async function tabledAmendment(targetBlockId: string, baseText: string, status = "tabled") {
  const pakistan = await harness.db.participant.findFirstOrThrow({ where: { name: "Pakistan" } });
  const user = await harness.db.user.findUniqueOrThrow({ where: { email: "head@pakistan.example" } });
  return harness.db.amendment.create({
    data: {
      documentId,
      participantId: pakistan.id,
      targetBlockId,
      operation: "replace",
      status,
      createdById: user.id,
      tabledAt: new Date(),
      revisions: {
        create: {
          number: 1,
          contentJson: "[]",
          proposedText: `${baseText} (amended)`,
          baseText,
          justification: "",
          diffJson: "[]",
          tabledById: user.id,
        },
      },
    },
  });
}

beforeAll(async () => {
  harness = domainHarness();
  chair = await harness.actor("chair@turkiye.example");
  const document = await harness.db.document.findFirstOrThrow({ where: { kind: "declaration" } });
  documentId = document.id;
  room = documentRoom(documentId);
  await harness.db.document.update({ where: { id: documentId }, data: { stage: "consolidation" } });
});
afterAll(async () => harness?.close());

describe("issuing versions", () => {
  it("is for the chair only", async () => {
    for (const email of ["head@pakistan.example", "observer@iom.example", "secretariat@icmpd.example"]) {
      const error = await refusal(issueVersion(harness.ctx, await harness.actor(email), { documentId }));
      expect(isDomainError(error) && error.status).toBe(403);
    }
    expect(await harness.db.version.count()).toBe(0);
  });

  it("freezes the Zero draft: blocks, Yjs state, content hash, the new baseline in the live text, attributed to the chair", async () => {
    const before = await blocksNow();
    const zero = await issueVersion(harness.ctx, chair, { documentId, note: "Circulated on 1 March" });
    expect(zero).toMatchObject({ label: "Zero draft", sequence: 0, final: false, note: "Circulated on 1 March" });
    const blocks = await harness.db.versionBlock.findMany({ where: { versionId: zero.id }, orderBy: { position: "asc" } });
    expect(blocks.map((block) => [block.blockId, block.number, block.text])).toEqual(
      before.map((block) => [block.id, block.number, block.text]),
    );
    expect(zero.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(versionContentHash({ documentId, label: "Zero draft", blocks })).toBe(zero.contentHash);

    // The stored Yjs state is the text.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, zero.yState);
    expect(listDocumentBlocks(doc).map((block) => block.text)).toEqual(before.map((block) => block.text));

    // The live document now carries the numbering baseline, written as the chair's update.
    const baseline = await harness.ctx.liveDocuments.read(room, (live) => live.getMap("numbering").toJSON());
    expect(Object.keys(baseline).length).toBe(before.filter((block) => block.number).length);
    const lastRow = (await harness.updateLog.load(room)).at(-1)!;
    const author = await harness.db.yUpdate.findUniqueOrThrow({ where: { id: lastRow.id }, select: { userId: true, participantId: true } });
    expect(author).toEqual({ userId: chair.userId, participantId: chair.participantId });
    const audit = await harness.db.auditEntry.findFirstOrThrow({ where: { action: "version.issue", subjectId: documentId } });
    expect(JSON.parse(audit.details)).toMatchObject({ version: "Zero draft", contentHash: zero.contentHash });
  });

  it("shows new paragraphs as bis until Rev.1 renumbers them, and keeps the old-to-new map", async () => {
    const [op1, op2] = (await blocksNow()).filter((block) => block.kind === "operative");
    const fresh = await insertAfter(op2!.id, "The participating states will review progress annually.");
    await deleteBlock(op1!.id);
    const provisional = (await blocksNow()).filter((block) => block.kind === "operative");
    expect(provisional.slice(0, 3).map((block) => block.number)).toEqual(["OP2", "OP2bis", "OP3"]);

    const rev1 = await issueVersion(harness.ctx, chair, { documentId });
    expect(rev1.label).toBe("Rev.1");
    const map = JSON.parse(rev1.numberMap) as NumberChange[];
    expect(map).toContainEqual({ blockId: op2!.id, before: "OP2", after: "OP1" });
    expect(map).toContainEqual({ blockId: fresh, before: "OP2bis", after: "OP2" });
    expect(map).toContainEqual({ blockId: op1!.id, before: "OP1", after: null });
    const stored = await harness.db.versionBlock.findFirstOrThrow({ where: { versionId: rev1.id, blockId: fresh } });
    expect(stored.number).toBe("OP2");
    // The live text is renumbered too: no bis label left.
    expect((await blocksNow()).filter((block) => block.kind === "operative").map((block) => block.number)).toEqual(
      provisional.map((_, index) => `OP${index + 1}`),
    );
  });

  it("records each amendment's fate once it is settled, and carries undecided ones forward flagged outdated", async () => {
    const [first, second] = (await blocksNow()).filter((block) => block.kind === "operative");
    const carried = await tabledAmendment(first!.id, first!.text);
    const stale = await tabledAmendment(second!.id, "An older wording of this paragraph.");
    const withdrawn = await tabledAmendment(second!.id, second!.text, "withdrawn");
    const rev2 = await issueVersion(harness.ctx, chair, { documentId });
    const fates = await harness.db.amendmentFate.findMany({ where: { versionId: rev2.id } });
    const fateOf = (id: string) => fates.find((fate) => fate.amendmentId === id);
    expect(fateOf(carried.id)).toMatchObject({ fate: "carried_forward", outdated: false });
    expect(fateOf(stale.id)).toMatchObject({ fate: "carried_forward", outdated: true });
    expect(fateOf(withdrawn.id)).toMatchObject({ fate: "withdrawn" });

    const rev3 = await issueVersion(harness.ctx, chair, { documentId });
    const later = await harness.db.amendmentFate.findMany({ where: { versionId: rev3.id } });
    expect(later.map((fate) => fate.amendmentId).sort()).toEqual([carried.id, stale.id].sort());
  });

  it("ends with Final, after which nothing can be issued", async () => {
    const final = await issueVersion(harness.ctx, chair, { documentId, final: true });
    expect(final.label).toBe("Final");
    const error = await refusal(issueVersion(harness.ctx, chair, { documentId }));
    expect(isDomainError(error) && error.status).toBe(409);
  });
});

describe("version immutability", () => {
  it("is enforced by the database: no update or delete of a version, its blocks or its fates", async () => {
    const version = await harness.db.version.findFirstOrThrow({ where: { documentId, label: "Rev.2" } });
    const fates = await harness.db.amendmentFate.count({ where: { versionId: version.id } });
    expect(fates).toBeGreaterThan(0);
    // Through Prisma (the adapter reports the trigger's abort as a constraint violation)…
    await expect(harness.db.version.update({ where: { id: version.id }, data: { label: "Rev.9" } })).rejects.toThrow();
    await expect(harness.db.version.delete({ where: { id: version.id } })).rejects.toThrow();
    await expect(harness.db.versionBlock.updateMany({ where: { versionId: version.id }, data: { text: "forged" } })).rejects.toThrow();
    await expect(harness.db.versionBlock.deleteMany({ where: { versionId: version.id } })).rejects.toThrow();
    await expect(
      harness.db.amendmentFate.updateMany({ where: { versionId: version.id }, data: { fate: "incorporated" } }),
    ).rejects.toThrow();
    await expect(harness.db.amendmentFate.deleteMany({ where: { versionId: version.id } })).rejects.toThrow();

    // …and through any other connection to the database, with the trigger's own message.
    const raw = rawDatabase(harness.url);
    for (const sql of [
      `UPDATE "Version" SET "contentHash" = 'x' WHERE "id" = $1`,
      `DELETE FROM "Version" WHERE "id" = $1`,
      `UPDATE "VersionBlock" SET "text" = 'forged' WHERE "versionId" = $1`,
      `DELETE FROM "VersionBlock" WHERE "versionId" = $1`,
      `UPDATE "AmendmentFate" SET "fate" = 'incorporated' WHERE "versionId" = $1`,
      `DELETE FROM "AmendmentFate" WHERE "versionId" = $1`,
    ]) {
      await expect(raw.execute(sql, [version.id]), sql).rejects.toThrow(/Version is immutable/);
    }
    // No block can be added to an issued version, at a new position or a taken one.
    const blockCount = await harness.db.versionBlock.count({ where: { versionId: version.id } });
    expect(version.blockCount).toBe(blockCount);
    const insert = `INSERT INTO "VersionBlock" ("versionId", "position", "blockId", "kind", "number", "status", "text", "json") VALUES ($1, $2, $3, 'operative', 'OP99', 'open', 'forged', '{}')`;
    await expect(raw.execute(insert, [version.id, blockCount, crypto.randomUUID()])).rejects.toThrow(/Version is immutable/);
    await expect(raw.execute(insert, [version.id, -1, crypto.randomUUID()])).rejects.toThrow(/Version is immutable/);
    await expect(raw.execute(insert, [version.id, 0, crypto.randomUUID()])).rejects.toThrow(/UNIQUE|duplicate key/i);
    await expect(
      harness.db.versionBlock.create({
        data: {
          versionId: version.id,
          position: blockCount + 5,
          blockId: crypto.randomUUID(),
          kind: "operative",
          status: "open",
          text: "forged",
          json: "{}",
        },
      }),
    ).rejects.toThrow();
    expect(await harness.db.versionBlock.count({ where: { versionId: version.id } })).toBe(blockCount);
    await raw.close();
    expect(await harness.db.amendmentFate.count({ where: { versionId: version.id } })).toBe(fates);

    const unchanged = await harness.db.version.findUniqueOrThrow({
      where: { id: version.id },
      include: { blocks: { orderBy: { position: "asc" } } },
    });
    expect(versionContentHash({ documentId, label: unchanged.label, blocks: unchanged.blocks })).toBe(unchanged.contentHash);
  });
});
