import { afterAll, describe, expect, it } from "vitest";
import { migratedDatabase } from "../../../tests/factories";
import { providerOf } from "../../db/client";
import { insertRows, jsonField, jsonRows, jsonValues, rawQuery, rawSqlOf, rawStatement, rawTransaction } from "./rawSql";
import { driverOf } from "../../db/client";
import { Immutable } from "./errors";
import { AUDIT_COLUMNS } from "./audit";

// The raw statements of bulk writes (docs/decisions/122) pass their rows as one JSON parameter,
// read with each database's own table function: run on SQLite and on PostgreSQL (domain:postgres),
// they must store exactly what Prisma's typed writes store and read back.

const { db } = migratedDatabase();
const provider = providerOf(db);
afterAll(() => db.$disconnect());

const entry = (processId: string, index: number, createdAt: Date) => ({
  processId,
  actorUserId: null,
  actorName: "Elena Ruiz",
  participantId: index % 2 ? null : "p1",
  participantName: null,
  action: "amendment.accept",
  subjectType: "amendment",
  subjectId: `a-${index}`,
  // Quotes, a backslash, non-Latin text and a JSON text inside the JSON parameter.
  details: JSON.stringify({ wording: `“Toutes” les \\ مشاركة ${index}`, index }),
  createdAt,
});

describe("insertRows", () => {
  it("stores shared and varying columns, nulls and dates as typed writes do, in the rows' order", async () => {
    const { id: processId } = await db.process.create({ data: { name: "Raw", slug: "raw" } });
    const at = new Date("2026-11-26T10:13:48.303Z");
    const rows = [0, 1, 2].map((index) => entry(processId, index, at));
    // A varying date column, one null among the shared-looking ones.
    rows.push({ ...entry(processId, 3, new Date("2027-01-02T03:04:05.006Z")), actorUserId: null });
    await db.$transaction((tx) => insertRows(tx, provider, "AuditEntry", AUDIT_COLUMNS, rows));
    const stored = await db.auditEntry.findMany({ where: { processId }, orderBy: { id: "asc" } });
    expect(stored.map(({ id: _id, ...row }) => row)).toEqual(rows);

    // The same row through Prisma's typed write reads back identically (dates stored alike).
    const typed = await db.auditEntry.create({ data: entry(processId, 9, at) });
    const [raw] = await rawQuery<{ typed: number }>(db, [
      'SELECT COUNT(*) AS "typed" FROM "AuditEntry" WHERE "processId" = ',
      { value: processId },
      ' AND "createdAt" = (SELECT "createdAt" FROM "AuditEntry" WHERE "id" = ',
      { value: typed.id },
      ")",
    ]);
    expect(Number(raw!.typed)).toBe(4);
  });

  it("writes more rows than one statement takes, all of them in order, and one row alone", async () => {
    const { id: processId } = await db.process.create({ data: { name: "Many", slug: "many" } });
    const at = new Date();
    const rows = Array.from({ length: 1_001 }, (_, index) => entry(processId, index, at));
    await db.$transaction((tx) => insertRows(tx, provider, "AuditEntry", AUDIT_COLUMNS, rows));
    await db.$transaction((tx) => insertRows(tx, provider, "AuditEntry", AUDIT_COLUMNS, [entry(processId, 1_001, at)]));
    const stored = await db.auditEntry.findMany({ where: { processId }, orderBy: { id: "asc" }, select: { subjectId: true } });
    expect(stored.map((row) => row.subjectId)).toEqual(Array.from({ length: 1_002 }, (_, index) => `a-${index}`));
  });
});

describe("jsonValues and jsonRows", () => {
  it("select by a list of ids and update rows from a list, counting the rows changed", async () => {
    const { id: processId } = await db.process.create({ data: { name: "Update", slug: "update" } });
    const participants = await Promise.all(
      ["A", "B", "C"].map((code) =>
        db.participant.create({ data: { processId, kind: "state", name: `State ${code}`, code, colour: "#336699" } }),
      ),
    );
    const ids = participants.map((participant) => participant.id);
    const found = await rawQuery<{ id: string }>(db, [
      'SELECT "id" FROM "Participant" WHERE "id" IN (',
      ...jsonValues(provider, [ids[0]!, ids[2]!, "missing"]),
      ') ORDER BY "code"',
    ]);
    expect(found.map((row) => row.id)).toEqual([ids[0], ids[2]]);

    const changed = await rawStatement(db, [
      `UPDATE "Participant" SET "name" = ${jsonField(provider, 1, "text")} FROM `,
      ...jsonRows(provider, [
        [ids[0], "Türkiye"],
        [ids[1], 'O\'Brien "quoted"'],
        ["missing", "nobody"],
      ]),
      ` WHERE "Participant"."id" = ${jsonField(provider, 0, "text")}`,
    ]);
    expect(changed).toBe(2);
    const names = await db.participant.findMany({ where: { processId }, orderBy: { code: "asc" }, select: { name: true } });
    expect(names.map((row) => row.name)).toEqual(["Türkiye", 'O\'Brien "quoted"', "State C"]);
  });
});

describe("rawTransaction and the driver adapter (docs/decisions/163)", () => {
  it("goes to the client's driver adapter, and reads rows as Prisma's raw path does", async () => {
    const driver = await driverOf(db);
    expect(driver?.provider).toBe(provider);
    const sql = await rawSqlOf(db);
    expect(sql).toBe(driver);
    const { id: processId } = await db.process.create({ data: { name: "Driver", slug: "driver" } });
    const query = ['SELECT "id", "name", "slug" FROM "Process" WHERE "id" = ', { value: processId }, ' AND "name" <> ', { value: "x" }];
    expect(await rawQuery(sql, query)).toEqual(await rawQuery(db, query));
  });

  it("commits what it wrote, or nothing when it fails, and reports a trigger's refusal as the domain's error", async () => {
    const { id: processId } = await db.process.create({ data: { name: "Transactions", slug: "transactions" } });
    const at = new Date("2026-11-26T16:20:00.000Z");
    const written = await rawTransaction(db, async (tx) => {
      await insertRows(tx, provider, "AuditEntry", AUDIT_COLUMNS, [entry(processId, 0, at), entry(processId, 1, at)]);
      return rawQuery<{ subjectId: string }>(tx, ['SELECT "subjectId" FROM "AuditEntry" WHERE "processId" = ', { value: processId }]);
    });
    expect(written.map((row) => row.subjectId).sort()).toEqual(["a-0", "a-1"]);

    const failure = new Error("half-way");
    await expect(
      rawTransaction(db, async (tx) => {
        await insertRows(tx, provider, "AuditEntry", AUDIT_COLUMNS, [entry(processId, 2, at)]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    // The append-only trigger refuses; the entry inserted before it in the same transaction goes too.
    await expect(
      rawTransaction(db, async (tx) => {
        await insertRows(tx, provider, "AuditEntry", AUDIT_COLUMNS, [entry(processId, 3, at)]);
        await rawStatement(tx, [
          'UPDATE "AuditEntry" SET "actorName" = ',
          { value: "someone" },
          ' WHERE "processId" = ',
          { value: processId },
        ]);
      }),
    ).rejects.toBeInstanceOf(Immutable);

    const stored = await db.auditEntry.findMany({ where: { processId }, orderBy: { id: "asc" } });
    expect(stored.map(({ id: _id, ...row }) => row)).toEqual([entry(processId, 0, at), entry(processId, 1, at)]);
    // The connection is free again: a typed transaction runs.
    await db.$transaction((tx) => tx.auditEntry.create({ data: entry(processId, 4, at) }));
    expect(await db.auditEntry.count({ where: { processId } })).toBe(3);
  });
});
