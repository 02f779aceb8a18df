import { afterAll, describe, expect, it } from "vitest";
import { providerOf } from "../../server/db/client";
import { isDomainError } from "../../server/domain/kernel/errors";
import { freshDatabase } from "../support/database";
import { onPostgres } from "../support/postgres";
import { rawDatabase } from "../support/rawDatabase";

// Runs in both integration projects: the triggers that keep records as written refuse on SQLite
// and on Postgres alike, and the client reports both as the same Immutable (409) with the rule in
// words (server/db/triggerRefusals.ts, docs/decisions/053).
const database = freshDatabase();
const db = database.db;
afterAll(() => db.$disconnect());

async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    return isDomainError(error) ? { name: error.name, status: error.status, message: error.message } : { foreign: error };
  }
  throw new Error("the database accepted the change");
}

const APPEND_ONLY = { name: "Immutable", status: 409, message: "The audit log is append-only: its entries are never changed or deleted." };

describe("database refusals", () => {
  it("runs on the provider the project names", () => {
    expect(providerOf(db)).toBe(onPostgres() ? "postgres" : "sqlite");
  });

  it("an audit entry cannot be changed or deleted, through the ORM, raw SQL or a transaction", async () => {
    const entry = await db.auditEntry.findFirstOrThrow();
    expect(await refusal(() => db.auditEntry.update({ where: { id: entry.id }, data: { action: "forged" } }))).toEqual(APPEND_ONLY);
    expect(await refusal(() => db.auditEntry.deleteMany({}))).toEqual(APPEND_ONLY);
    expect(await refusal(() => db.$transaction((tx) => tx.auditEntry.updateMany({ data: { actorName: "someone else" } })))).toEqual(
      APPEND_ONLY,
    );
    expect(await refusal(() => db.$executeRawUnsafe(`DELETE FROM "AuditEntry" WHERE "id" = ${entry.id}`))).toEqual(APPEND_ONLY);
    expect(await db.auditEntry.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry);
  });

  it("any other client gets the trigger's own words", async () => {
    const raw = rawDatabase(database.url);
    try {
      await expect(raw.execute(`UPDATE "AuditEntry" SET "action" = 'forged'`)).rejects.toThrow("AuditEntry is append-only");
      if (onPostgres()) {
        // Postgres also refuses TRUNCATE, which skips row triggers.
        await expect(raw.execute(`TRUNCATE "AuditEntry"`)).rejects.toThrow("AuditEntry is append-only");
      }
    } finally {
      await raw.close();
    }
    expect(await db.auditEntry.count()).toBeGreaterThan(0);
  });

  it("leaves other errors as they are", async () => {
    const outcome = await refusal(() =>
      db.document.create({ data: { processId: "no-such-process", kind: "declaration", title: "T", symbol: "S", language: "en" } }),
    );
    expect(outcome).toHaveProperty("foreign");
  });
});
