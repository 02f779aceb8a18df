import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { assignOffice } from "./assignOffice";

const { ctx, db, make, close } = domainUnderTest();
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

const officeOf = async (userId: string) => (await db.user.findUniqueOrThrow({ where: { id: userId } })).office;

describe("assignOffice", () => {
  it("moves the office from its holder to a state's member, tells both users' sockets, and can leave it vacant", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const first = await make.user(processId, "head");
    const second = await make.user(processId, "delegate");
    const changed: string[] = [];
    ctx.events.on("user.accessChanged", (userId) => changed.push(userId));
    await assignOffice(ctx, secretariat, { office: "co_chair", userId: first.userId });
    await assignOffice(ctx, secretariat, { office: "co_chair", userId: second.userId });
    expect([await officeOf(first.userId), await officeOf(second.userId)]).toEqual([null, "co_chair"]);
    expect(changed).toEqual([first.userId, first.userId, second.userId]);
    await assignOffice(ctx, secretariat, { office: "co_chair", userId: "" });
    expect(await officeOf(second.userId)).toBeNull();
    const audit = await db.auditEntry.findMany({
      where: { action: "office.assign", subjectId: "co_chair" },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((entry) => JSON.parse(entry.details))).toEqual([
      { from: [], to: first.name },
      { from: [first.name], to: second.name },
      { from: [second.name], to: null },
    ]);
  });

  it("refuses an observer, a disabled user and anyone but the secretariat", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const observer = await make.user(processId, "observer");
    const head = await make.user(processId, "head");
    expect(await refusal(() => assignOffice(ctx, secretariat, { office: "chair", userId: observer.userId }))).toEqual({
      status: 422,
      message: "Only a member of a participating state can hold an office.",
    });
    await db.user.update({ where: { id: head.userId }, data: { disabledAt: new Date() } });
    expect(await refusal(() => assignOffice(ctx, secretariat, { office: "chair", userId: head.userId }))).toEqual({
      status: 422,
      message: "This user is disabled.",
    });
    expect(await refusal(() => assignOffice(ctx, head, { office: "chair", userId: head.userId }))).toMatchObject({ status: 403 });
    expect(await db.user.count({ where: { office: "chair", participant: { processId } } })).toBe(0);
  });
});
