import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteAdapter } from "./sqlite";

// The update log and the compaction worker write through connections of their own. A transaction
// of the app's Prisma connection that read before one of them committed must still be able to
// write: with a deferred BEGIN, SQLite answers its first write "database is locked" at once
// (its snapshot is stale, so no busy wait can help), and the command fails with a 500.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plenary-sqlite-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function openPair() {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.db`);
  const other = new Database(file);
  other.pragma("journal_mode = WAL");
  other.pragma("busy_timeout = 0");
  other.exec(`CREATE TABLE "Row" ("id" INTEGER PRIMARY KEY, "by" TEXT NOT NULL)`);
  const db = new PrismaClient({ adapter: sqliteAdapter(`file:${file}`) });
  return { db, other };
}

describe("SQLite transactions of the app's connection", () => {
  it("write after another connection committed between their first read and first write", async () => {
    const { db, other } = openPair();
    let otherRefused = false;
    await db.$transaction(async (tx) => {
      await tx.$queryRawUnsafe(`SELECT COUNT(*) FROM "Row"`);
      try {
        other.prepare(`INSERT INTO "Row" ("by") VALUES ('update log')`).run();
      } catch (error) {
        // The transaction holds the write lock from its start: the other writer is told to retry.
        expect((error as { code?: string }).code).toBe("SQLITE_BUSY");
        otherRefused = true;
      }
      await tx.$executeRawUnsafe(`INSERT INTO "Row" ("by") VALUES ('command')`);
    });
    if (otherRefused) other.prepare(`INSERT INTO "Row" ("by") VALUES ('update log')`).run();
    const rows = other.prepare(`SELECT "by" FROM "Row" ORDER BY "by"`).all();
    expect(rows).toEqual([{ by: "command" }, { by: "update log" }]);
    other.close();
    await db.$disconnect();
  });
});
