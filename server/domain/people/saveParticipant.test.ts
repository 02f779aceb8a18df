import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { saveParticipant } from "./saveParticipant";

const { ctx, db, make, close } = domainUnderTest();
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

describe("saveParticipant", () => {
  it("adds a participant with a palette colour, edits it, re-checks its users' sockets, and audits both", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const created = await saveParticipant(ctx, secretariat, { kind: "state", name: "Pakistan", code: "pak", colour: "" });
    expect(await db.participant.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      processId,
      kind: "state",
      name: "Pakistan",
      code: "PAK",
      colour: expect.stringMatching(/^#[0-9a-f]{6}$/i),
    });
    const member = await make.user(processId, "head", created.id);
    const changed: string[] = [];
    ctx.events.on("user.accessChanged", (userId) => changed.push(userId));

    await saveParticipant(ctx, secretariat, {
      participantId: created.id,
      kind: "observer",
      name: "Pakistan",
      code: "PK",
      colour: "#123456",
    });
    expect(await db.participant.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      kind: "observer",
      code: "PK",
      colour: "#123456",
    });
    // Becoming an observer takes the write rights of its users away at once.
    expect(changed).toEqual([member.userId]);
    const entries = await db.auditEntry.findMany({ where: { subjectId: created.id }, orderBy: { id: "asc" } });
    expect(entries.map((entry) => [entry.action, JSON.parse(entry.details)])).toEqual([
      ["participant.create", { kind: "state", name: "Pakistan", code: "PAK", colour: created.colour }],
      [
        "participant.update",
        {
          before: { kind: "state", name: "Pakistan", code: "PAK", colour: created.colour },
          after: { kind: "observer", name: "Pakistan", code: "PK", colour: "#123456" },
        },
      ],
    ]);
  });

  it("refuses anyone but the secretariat, with the reason", async () => {
    const chair = await make.user(processId, "chair");
    expect(await refusal(() => saveParticipant(ctx, chair, { kind: "state", name: "Atlantis", code: "ATL" }))).toEqual({
      status: 403,
      message: "Only the secretariat manages participants and users.",
    });
    expect(await db.participant.count({ where: { name: "Atlantis" } })).toBe(0);
  });

  it("refuses invalid input and a name or code another participant uses, storing nothing", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const before = await db.participant.count();
    await expect(
      saveParticipant(ctx, secretariat, { kind: "secretariat" as "state", name: "Second secretariat", code: "SEC" }),
    ).rejects.toMatchObject({
      status: 422,
      fieldErrors: { kind: "Choose participating state or observer." },
    });
    await expect(saveParticipant(ctx, secretariat, { kind: "state", name: "Bad code", code: "a", colour: "red" })).rejects.toMatchObject({
      status: 422,
      fieldErrors: { code: "2–12 letters, digits or dashes.", colour: "Use a colour like #1f6feb." },
    });
    const existing = await make.participant(processId, "state", "Türkiye");
    await expect(saveParticipant(ctx, secretariat, { kind: "state", name: "Türkiye", code: "TR2" })).rejects.toMatchObject({
      status: 409,
      message: "Another participant already uses this name.",
    });
    await expect(saveParticipant(ctx, secretariat, { kind: "state", name: "Another", code: existing.code })).rejects.toMatchObject({
      status: 409,
      message: "Another participant already uses this code.",
    });
    expect(await db.participant.count()).toBe(before + 1);
  });

  it("answers not found for a participant of another process, and for the secretariat itself", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const elsewhere = await make.participant((await make.process()).id, "state", "Elsewhere");
    for (const participantId of ["no-such-participant", elsewhere.id, secretariat.participantId])
      expect(
        await refusal(() => saveParticipant(ctx, secretariat, { participantId, kind: "state", name: "Renamed", code: "REN" })),
      ).toEqual({
        status: 404,
        message: "Participant not found.",
      });
    expect((await db.participant.findUniqueOrThrow({ where: { id: secretariat.participantId } })).kind).toBe("secretariat");
    expect(await db.participant.count({ where: { name: "Renamed" } })).toBe(0);
  });
});
