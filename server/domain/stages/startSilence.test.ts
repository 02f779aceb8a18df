import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import type { Actor } from "../../policies";
import { issueVersion } from "../versions/issueVersion";
import { startSilence } from "./startSilence";
import { sweepDeadlines } from "./sweepDeadlines";

// The silence procedure in process (docs/decisions/032), on a clock the test moves: started on the
// latest version and concluded by its deadline (breaking and extending: breakSilence.test.ts,
// extendDeadline.test.ts).
let now = new Date("2026-03-02T09:00:00Z");
const { ctx, db, make, close } = domainUnderTest({ now: () => now, liveDocuments: { idleUnloadMs: 60_000 } });
let processId = "";
let chair: Actor;
beforeAll(async () => ({ processId, chair } = await make.chairedProcess()));
afterAll(close);

/** A document in consolidation with Rev.… issued; returns it and its latest version. */
const withVersion = () => make.versioned(processId, chair);
const stageOf = async (id: string) => (await db.document.findUniqueOrThrow({ where: { id } })).stage;

describe("startSilence", () => {
  it("puts the latest version under silence until a deadline, audited, and the deadline concludes it as adopted", async () => {
    now = new Date("2026-03-02T09:00:00Z");
    const { document, version } = await withVersion();
    const silence = await startSilence(ctx, chair, { documentId: document.id, versionId: version.id, deadline: "2026-03-09T17:00:00Z" });
    expect(await stageOf(document.id)).toBe("silence_procedure");
    expect(silence).toMatchObject({ versionId: version.id, outcome: "open", startedById: chair.userId });
    const deadline = await db.deadline.findUniqueOrThrow({ where: { id: silence.deadlineId } });
    expect(deadline).toMatchObject({ kind: "silence_end", dueAt: new Date("2026-03-09T17:00:00Z") });
    expect(await db.auditEntry.count({ where: { subjectId: document.id, action: "silence.start" } })).toBe(1);

    // Not before the deadline; once it has passed, without objection, the version is adopted.
    expect(await sweepDeadlines(ctx)).toBe(0);
    now = new Date("2026-03-09T17:00:01Z");
    expect(await sweepDeadlines(ctx)).toBeGreaterThanOrEqual(1);
    expect(await stageOf(document.id)).toBe("adopted");
    expect((await db.silenceProcedure.findUniqueOrThrow({ where: { id: silence.id } })).outcome).toBe("adopted");
    expect(await db.adoption.count({ where: { documentId: document.id, versionId: version.id } })).toBe(1);
  });

  it("refuses a head, an earlier version, a deadline in the past, and a text not in consolidation", async () => {
    now = new Date("2026-03-02T09:00:00Z");
    const { document, version } = await withVersion();
    const input = { documentId: document.id, versionId: version.id, deadline: "2026-03-09T17:00:00Z" };
    const head = await make.user(processId, "head");
    expect(await refusal(() => startSilence(ctx, head, input))).toMatchObject({ status: 403 });
    const rev = await issueVersion(ctx, chair, { documentId: document.id });
    expect(await refusal(() => startSilence(ctx, chair, input))).toEqual({
      status: 409,
      message: `Only the latest version (${rev.label}) can go under silence.`,
    });
    expect(await refusal(() => startSilence(ctx, chair, { ...input, versionId: rev.id, deadline: "2026-03-01T17:00:00Z" }))).toMatchObject({
      status: 422,
    });
    expect(await stageOf(document.id)).toBe("consolidation");
    const drafting = await make.document(processId, "drafting");
    expect(await refusal(() => startSilence(ctx, chair, { ...input, documentId: drafting.id }))).toMatchObject({ status: 409 });
    expect(await db.silenceProcedure.count({ where: { documentId: { in: [document.id, drafting.id] } } })).toBe(0);
  });
});
