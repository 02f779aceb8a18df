import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { FIELD_LIMITS } from "../../../common/limits";
import { setParticipantTimeZone, timeZoneInput } from "./setParticipantTimeZone";

const { ctx, db, make, close } = domainUnderTest();
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

const zoneOf = async (participantId: string) => (await db.participant.findUniqueOrThrow({ where: { id: participantId } })).timeZone;

describe("setParticipantTimeZone", () => {
  it("sets a participant's zone (the secretariat's own too) by its IANA name and audits the change", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const state = await make.participant(processId, "state", "Pakistan");
    await setParticipantTimeZone(ctx, secretariat, { participantId: state.id, timeZone: " Asia/Karachi " });
    await setParticipantTimeZone(ctx, secretariat, { participantId: secretariat.participantId, timeZone: "Europe/Vienna" });
    expect([await zoneOf(state.id), await zoneOf(secretariat.participantId)]).toEqual(["Asia/Karachi", "Europe/Vienna"]);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "participant.timeZone", subjectId: state.id } });
    expect(JSON.parse(entry.details)).toEqual({ name: "Pakistan", before: "UTC", after: "Asia/Karachi" });
  });

  it("refuses anyone but the secretariat, with the reason, even for their own delegation", async () => {
    const head = await make.user(processId, "head");
    expect(await refusal(() => setParticipantTimeZone(ctx, head, { participantId: head.participantId, timeZone: "Asia/Karachi" }))).toEqual(
      {
        status: 403,
        message: "Only the secretariat manages participants and users.",
      },
    );
    expect(await zoneOf(head.participantId)).toBe("UTC");
  });

  it("refuses an offset, an abbreviation or an unknown zone, changing nothing", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const state = await make.participant(processId, "state");
    for (const timeZone of ["+05:00", "CEST", "Mars/Olympus", ""])
      expect(await refusal(() => setParticipantTimeZone(ctx, secretariat, { participantId: state.id, timeZone }))).toEqual({
        status: 422,
        message: "Please correct the highlighted fields.",
      });
    expect(await zoneOf(state.id)).toBe("UTC");
    expect(await db.auditEntry.count({ where: { subjectId: state.id } })).toBe(0);
    // The bound the form's maxlength shows (common/limits), said beside the field.
    const tooLong = timeZoneInput.safeParse({ participantId: state.id, timeZone: `Europe/${"x".repeat(FIELD_LIMITS.timeZone)}` });
    expect(tooLong.error?.issues[0]?.message).toBe(`At most ${FIELD_LIMITS.timeZone} characters.`);
  });

  it("answers not found for a participant that does not exist or belongs to another process", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const elsewhere = await make.participant((await make.process()).id, "state");
    for (const participantId of ["no-such-participant", elsewhere.id])
      expect(await refusal(() => setParticipantTimeZone(ctx, secretariat, { participantId, timeZone: "Asia/Karachi" }))).toEqual({
        status: 404,
        message: "Participant not found.",
      });
    expect(await zoneOf(elsewhere.id)).toBe("UTC");
  });
});
