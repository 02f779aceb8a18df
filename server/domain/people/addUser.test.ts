import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { addUser } from "./addUser";
import { verifyPassword } from "./passwords";

const { ctx, db, make, close } = domainUnderTest();
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

const PASSWORD = "a long enough password";

describe("addUser", () => {
  it("adds a member with a delegation role and a hashed password, and audits it; a secretariat officer gets no delegation role", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const state = await make.participant(processId, "state", "Hungary");
    const user = await addUser(ctx, secretariat, {
      participantId: state.id,
      name: "  Anna Kovács ",
      email: "Anna.Kovacs@Example.org",
      delegationRole: "head",
      password: PASSWORD,
    });
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored).toMatchObject({
      participantId: state.id,
      name: "Anna Kovács",
      email: "anna.kovacs@example.org",
      delegationRole: "head",
    });
    expect(stored.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(stored.passwordHash, PASSWORD)).toBe(true);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "user.create", subjectId: user.id } });
    expect(entry.actorUserId).toBe(secretariat.userId);
    expect(JSON.parse(entry.details)).toEqual({
      name: "Anna Kovács",
      email: "anna.kovacs@example.org",
      participant: "Hungary",
      delegationRole: "head",
    });

    // The secretariat's own officers hold no delegation role, whatever the form sent.
    const officer = await addUser(ctx, secretariat, {
      participantId: secretariat.participantId,
      name: "Officer",
      email: "officer@example.org",
      delegationRole: "head",
      password: PASSWORD,
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: officer.id } })).delegationRole).toBeNull();
  });

  it("refuses anyone but the secretariat, with the reason", async () => {
    const head = await make.user(processId, "head");
    const chair = await make.user(processId, "chair");
    const input = {
      participantId: head.participantId,
      name: "Intruder",
      email: "intruder@example.org",
      delegationRole: "delegate",
      password: PASSWORD,
    };
    for (const actor of [head, chair])
      expect(await refusal(() => addUser(ctx, actor, input))).toEqual({
        status: 403,
        message: "Only the secretariat manages participants and users.",
      });
    expect(await db.user.count({ where: { email: "intruder@example.org" } })).toBe(0);
  });

  it("refuses invalid input, a state member without a delegation role and a taken email, storing nothing", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const state = await make.participant(processId, "state");
    const before = await db.user.count();
    const valid = {
      participantId: state.id,
      name: "New member",
      email: "new.member@example.org",
      delegationRole: "delegate",
      password: PASSWORD,
    };
    const invalid = await refusal(() => addUser(ctx, secretariat, { ...valid, email: "not an email", password: "short" }));
    expect(invalid).toEqual({ status: 422, message: "Please correct the highlighted fields." });
    await expect(addUser(ctx, secretariat, { ...valid, email: "x@example.org", password: "short" })).rejects.toMatchObject({
      fieldErrors: { password: "At least 12 characters." },
    });
    // Roles outside head / delegate are refused by the schema, not stored.
    expect(await refusal(() => addUser(ctx, secretariat, { ...valid, delegationRole: "chair" as "head" }))).toMatchObject({ status: 422 });
    await expect(addUser(ctx, secretariat, { ...valid, delegationRole: "" })).rejects.toMatchObject({
      status: 422,
      fieldErrors: { delegationRole: "Choose head or delegate." },
    });
    expect(await db.user.count()).toBe(before);

    await addUser(ctx, secretariat, valid);
    await expect(addUser(ctx, secretariat, { ...valid, email: "NEW.member@example.org" })).rejects.toMatchObject({
      status: 409,
      message: "A user with this email already exists.",
      fieldErrors: { email: "Already in use." },
    });
    expect(await db.user.count()).toBe(before + 1);
  });

  it("answers not found for a participant that does not exist or belongs to another process", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const elsewhere = await make.participant((await make.process()).id, "state");
    for (const participantId of ["no-such-participant", elsewhere.id])
      expect(
        await refusal(() =>
          addUser(ctx, secretariat, {
            participantId,
            name: "Stray",
            email: "stray@example.org",
            delegationRole: "head",
            password: PASSWORD,
          }),
        ),
      ).toEqual({ status: 404, message: "Participant not found." });
    expect(await db.user.count({ where: { email: "stray@example.org" } })).toBe(0);
  });
});
