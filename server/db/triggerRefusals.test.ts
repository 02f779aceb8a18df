import { afterAll, describe, expect, it } from "vitest";
import { factories, migratedDatabase } from "../../tests/factories";
import { isDomainError } from "../domain/kernel/errors";

// The database triggers of the migrations refuse writes to immutable records; the client must
// report them as what they are (409, the record's rule in words), not as foreign-key violations.

const { db } = migratedDatabase();
const make = factories(db);
afterAll(() => db.$disconnect());

async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    return isDomainError(error) ? { name: error.name, status: error.status, message: error.message } : { foreign: error };
  }
  throw new Error("the write was not refused");
}

describe("trigger refusals", () => {
  it("report an append-only audit log as immutable, for model operations, raw SQL and inside transactions", async () => {
    const process = await make.process();
    const entry = await db.auditEntry.create({
      data: { processId: process.id, actorName: "Elena", action: "user.add", subjectType: "user", subjectId: "u1", details: "{}" },
    });
    const expected = {
      name: "Immutable",
      status: 409,
      message: "The audit log is append-only: its entries are never changed or deleted.",
    };
    expect(await refusal(() => db.auditEntry.update({ where: { id: entry.id }, data: { action: "tampered" } }))).toEqual(expected);
    expect(await refusal(() => db.auditEntry.deleteMany({ where: { id: entry.id } }))).toEqual(expected);
    expect(await refusal(() => db.$executeRaw`DELETE FROM "AuditEntry" WHERE "id" = ${entry.id}`)).toEqual(expected);
    expect(
      await refusal(() => db.$transaction((tx) => tx.auditEntry.update({ where: { id: entry.id }, data: { details: "{}" } }))),
    ).toEqual(expected);
    expect(await db.auditEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ action: "user.add" });
  });

  it("report a change to a published text as immutable", async () => {
    const process = await make.process();
    const document = await make.document(process.id, "published");
    expect(await refusal(() => db.document.update({ where: { id: document.id }, data: { title: "Rewritten" } }))).toEqual({
      name: "Immutable",
      status: 409,
      message: "A published text is immutable: its text, its document and its publication record never change.",
    });
    expect(await refusal(() => db.document.updateMany({ where: { id: document.id }, data: { stage: "consolidation" } }))).toMatchObject({
      name: "Immutable",
    });
    expect(await db.document.findUniqueOrThrow({ where: { id: document.id } })).toMatchObject({
      title: document.title,
      stage: "published",
    });
  });

  it("leave real foreign-key violations alone", async () => {
    const outcome = await refusal(() =>
      db.document.create({ data: { processId: "no-such-process", kind: "declaration", title: "T", symbol: "S", language: "en" } }),
    );
    expect(outcome).toHaveProperty("foreign");
    expect((outcome as { foreign: { code?: string } }).foreign.code).toBe("P2003");
  });
});
