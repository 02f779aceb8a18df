import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@prisma/client";
import type { Db } from "../../server/db/client";
import { visibleAmendmentsSql, visibleAmendmentsWhere } from "../../server/domain/amendments/amendmentAccess";
import { visibleThreadsWhere } from "../../server/domain/comments/threadAccess";
import { ROLES, amendmentResource, can, threadResource, type Actor } from "../../server/policies";
import { AMENDMENT_STATUSES, THREAD_VISIBILITIES } from "../../common/vocabulary";
import { factories, migratedDatabase } from "../factories";

// Where a database condition mirrors a policy row, the two must agree on every combination:
// each role reading rows written by itself, by a colleague of its delegation and by every other
// role, under every visibility and status. A difference means a page and a policy disagree.

let db: Db;
let readers: Actor[] = [];
let document: { id: string; processId: string; stage: string };

beforeAll(async () => {
  db = migratedDatabase().db;
  const make = factories(db);
  const process = await make.process();
  document = await make.document(process.id);
  readers = await Promise.all(ROLES.map((role) => make.user(process.id, role)));
  const colleagues = await Promise.all(readers.map((reader) => make.user(process.id, "delegate", reader.participantId)));
  const authors = [...readers, ...colleagues];
  for (const author of authors) {
    for (const visibility of THREAD_VISIBILITIES) await make.thread(document.id, author, visibility);
    for (const status of AMENDMENT_STATUSES) {
      await make.amendment(document.id, author, status);
      // A draft withdrawn before it was ever tabled.
      if (status === "withdrawn") await make.amendment(document.id, author, status, null);
    }
  }
});
afterAll(async () => {
  await db?.$disconnect();
});

describe("the database conditions agree with the policies", () => {
  it("for threads: visibleThreadsWhere and thread.read, every role × visibility × author", async () => {
    const all = await db.commentThread.findMany({ where: { documentId: document.id } });
    expect(all).toHaveLength(ROLES.length * 2 * THREAD_VISIBILITIES.length);
    for (const reader of readers) {
      const fromDatabase = (
        await db.commentThread.findMany({ where: { documentId: document.id, ...visibleThreadsWhere(reader) }, select: { id: true } })
      )
        .map((thread) => thread.id)
        .sort();
      const fromPolicy = all
        .filter((thread) => can(reader, "thread.read", threadResource(thread, document)))
        .map((thread) => thread.id)
        .sort();
      expect(fromDatabase, reader.name).toEqual(fromPolicy);
      // Neither side is trivially "everything" or "only public threads".
      expect(fromPolicy.length, reader.name).toBeGreaterThan(all.filter((thread) => thread.visibility === "everyone").length);
      expect(fromPolicy.length, reader.name).toBeLessThan(all.length);
    }
  });

  it("for amendments: visibleAmendmentsWhere, its SQL twin and amendment.read, every role × status × owner", async () => {
    const all = await db.amendment.findMany({ where: { documentId: document.id } });
    for (const reader of readers) {
      const fromPolicy = all
        .filter((amendment) => can(reader, "amendment.read", amendmentResource(amendment, document)))
        .map((amendment) => amendment.id)
        .sort();
      const fromPrisma = (
        await db.amendment.findMany({ where: { documentId: document.id, ...visibleAmendmentsWhere(reader) }, select: { id: true } })
      )
        .map((amendment) => amendment.id)
        .sort();
      const fromSql = (
        await db.$queryRaw<{ id: string }[]>(
          Prisma.sql`SELECT a."id" FROM "Amendment" a WHERE a."documentId" = ${document.id} AND ${visibleAmendmentsSql(reader)}`,
        )
      )
        .map((amendment) => amendment.id)
        .sort();
      expect(fromPrisma, reader.name).toEqual(fromPolicy);
      expect(fromSql, reader.name).toEqual(fromPolicy);
      expect(fromPolicy.length, reader.name).toBeLessThan(all.length);
      const ownDrafts = all.filter((amendment) => amendment.participantId === reader.participantId && amendment.tabledAt === null);
      expect(ownDrafts.length).toBeGreaterThan(0);
      for (const draft of ownDrafts) expect(fromPolicy, "own drafts are visible").toContain(draft.id);
    }
  });
});
