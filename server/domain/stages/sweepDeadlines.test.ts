import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest } from "../../../tests/factories";
import type { Actor } from "../../policies";
import { sweepDeadlines } from "./sweepDeadlines";

// The deadline sweep (docs/decisions/031) on a clock the test moves. It takes no input and no
// actor: what it guards is timing (nothing before it is due), single firing (two sweeps never
// fire one deadline twice) and the stage (a deadline whose stage was left by hand does nothing).
// Silence deadlines concluding a procedure: startSilence.test.ts.
let now = new Date("2026-03-02T09:00:00Z");
const { ctx, db, make, close } = domainUnderTest({ now: () => now });
let processId = "";
let secretariat: Actor;
beforeAll(async () => {
  processId = (await make.process()).id;
  secretariat = await make.user(processId, "secretariat");
});
afterAll(close);

async function amendmentsClosing(dueAt: string) {
  const document = await make.document(processId, "amendments_open");
  const deadline = await db.deadline.create({
    data: { documentId: document.id, kind: "amendments_close", dueAt: new Date(dueAt), createdById: secretariat.userId },
  });
  return { document, deadline };
}
const stageOf = async (id: string) => (await db.document.findUniqueOrThrow({ where: { id } })).stage;

describe("sweepDeadlines", () => {
  it("closes amendments when their deadline passes, once, announced and audited as a system move", async () => {
    now = new Date("2026-03-02T09:00:00Z");
    const { document, deadline } = await amendmentsClosing("2026-03-05T17:00:00Z");
    const changed: string[] = [];
    ctx.events.on("document.changed", (documentId) => changed.push(documentId));
    expect(await sweepDeadlines(ctx)).toBe(0);
    expect(await stageOf(document.id)).toBe("amendments_open");

    now = new Date("2026-03-05T17:00:00Z");
    // Two sweeps at once (two timers, two nodes): the deadline fires once.
    expect((await Promise.all([sweepDeadlines(ctx), sweepDeadlines(ctx)])).reduce((a, b) => a + b)).toBe(1);
    expect(await stageOf(document.id)).toBe("consolidation");
    expect((await db.deadline.findUniqueOrThrow({ where: { id: deadline.id } })).firedAt).toEqual(now);
    expect(changed).toEqual([document.id]);
    const entries = await db.auditEntry.findMany({ where: { subjectId: document.id } });
    expect(entries.map((entry) => [entry.action, entry.actorUserId, JSON.parse(entry.details)])).toEqual([
      ["document.setStage", null, expect.objectContaining({ from: "amendments_open", to: "consolidation", reason: "deadline" })],
    ]);
    const notice = await db.notification.findFirstOrThrow({
      where: { userId: secretariat.userId, documentId: document.id, kind: "stage" },
    });
    expect(notice.text).toContain("the deadline for amendments has passed");
    expect(await sweepDeadlines(ctx)).toBe(0);
  });

  it("leaves a document whose stage was moved by hand, and ignores a cancelled deadline", async () => {
    now = new Date("2026-03-02T09:00:00Z");
    const moved = await amendmentsClosing("2026-03-03T17:00:00Z");
    await db.document.update({ where: { id: moved.document.id }, data: { stage: "drafting" } });
    const cancelled = await amendmentsClosing("2026-03-03T17:00:00Z");
    await db.deadline.update({ where: { id: cancelled.deadline.id }, data: { cancelledAt: now } });
    now = new Date("2026-03-04T09:00:00Z");
    expect(await sweepDeadlines(ctx)).toBe(0);
    expect([await stageOf(moved.document.id), await stageOf(cancelled.document.id)]).toEqual(["drafting", "amendments_open"]);
    expect(await db.auditEntry.count({ where: { subjectId: { in: [moved.document.id, cancelled.document.id] } } })).toBe(0);
  });
});
