import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import type { Actor } from "../../policies";
import { issueVersion } from "../versions/issueVersion";
import { moveStage } from "./moveStage";
import { recordAdoption } from "./recordAdoption";
import { startSilence } from "./startSilence";

// Adoption at a meeting, in process (docs/decisions/032); publication: publishVersion.test.ts.
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
const stageOf = async (id: string) => (await db.document.findUniqueOrThrow({ where: { id } })).stage;

describe("recordAdoption", () => {
  it("records the meeting that adopted the latest version; the text is then adopted", async () => {
    const { document, version } = await withVersion();
    const adoption = await recordAdoption(ctx, secretariat, {
      documentId: document.id,
      versionId: version.id,
      meetingDate: "2026-02-27",
      meetingPlace: "Istanbul",
    });
    expect(adoption).toMatchObject({ versionId: version.id, meetingPlace: "Istanbul" });
    expect(await stageOf(document.id)).toBe("adopted");
    expect(await db.auditEntry.count({ where: { subjectId: document.id, action: "document.adopt" } })).toBe(1);
    expect(
      await refusal(() =>
        recordAdoption(ctx, secretariat, {
          documentId: document.id,
          versionId: version.id,
          meetingDate: "2026-02-27",
          meetingPlace: "Istanbul",
        }),
      ),
    ).toMatchObject({
      status: 409,
    });
  });

  it("refuses the chair, a meeting in the future, a place left empty and an earlier version", async () => {
    const { document, version } = await withVersion();
    const input = { documentId: document.id, versionId: version.id, meetingDate: "2026-02-27", meetingPlace: "Istanbul" };
    expect(await refusal(() => recordAdoption(ctx, chair, input))).toMatchObject({ status: 403 });
    expect(await refusal(() => recordAdoption(ctx, secretariat, { ...input, meetingDate: "2026-03-20" }))).toEqual({
      status: 409,
      message: "The meeting date lies in the future: record the adoption once it has happened.",
    });
    expect(await refusal(() => recordAdoption(ctx, secretariat, { ...input, meetingPlace: " " }))).toMatchObject({ status: 422 });
    const rev = await issueVersion(ctx, chair, { documentId: document.id });
    expect(await refusal(() => recordAdoption(ctx, secretariat, input))).toEqual({
      status: 409,
      message: `Only the latest version (${rev.label}) can be adopted.`,
    });
    expect(await stageOf(document.id)).toBe("consolidation");
    expect(await db.adoption.count({ where: { documentId: document.id } })).toBe(0);
  });

  it("refuses while a silence procedure runs, naming its deadline; once the secretariat returns the text to consolidation, the procedure is withdrawn and the meeting's adoption recorded", async () => {
    const { document, version } = await withVersion();
    const silence = await startSilence(ctx, chair, { documentId: document.id, versionId: version.id, deadline: "2026-03-09T17:00:00Z" });
    const input = { documentId: document.id, versionId: version.id, meetingDate: "2026-03-01", meetingPlace: "Istanbul" };
    expect(await refusal(() => recordAdoption(ctx, secretariat, input))).toEqual({
      status: 409,
      message: `A silence procedure on ${version.label} is running until 2026-03-09 17:00 UTC: participating states may object until then. Let it end, or return the text to consolidation (which ends it), before recording an adoption at a meeting.`,
    });
    // Nothing moved: still under silence, the procedure open, its deadline pending, no adoption.
    expect(await stageOf(document.id)).toBe("silence_procedure");
    expect(await db.silenceProcedure.findUniqueOrThrow({ where: { id: silence.id } })).toMatchObject({ outcome: "open", endedAt: null });
    expect(await db.deadline.findUniqueOrThrow({ where: { id: silence.deadlineId } })).toMatchObject({ cancelledAt: null });
    expect(await db.adoption.count({ where: { documentId: document.id } })).toBe(0);

    await moveStage(ctx, secretariat, { documentId: document.id, stage: "consolidation" });
    expect(await db.silenceProcedure.findUniqueOrThrow({ where: { id: silence.id } })).toMatchObject({
      outcome: "withdrawn",
      endedAt: NOW,
    });
    const adoption = await recordAdoption(ctx, secretariat, input);
    expect(adoption).toMatchObject({ method: "meeting", silenceId: null });
    expect(await stageOf(document.id)).toBe("adopted");
  });
});
