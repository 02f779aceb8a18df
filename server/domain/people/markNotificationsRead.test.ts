import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest } from "../../../tests/factories";
import { markNotificationsRead } from "./markNotificationsRead";

// "Mark all as read" in process on a real database: the actor's unread notifications only, at
// the domain's clock; one already read keeps when it was read, and nobody else's change.
const now = new Date("2026-05-04T10:00:00Z");
const { ctx, db, make, close } = domainUnderTest({ now: () => now });
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

describe("markNotificationsRead", () => {
  it("marks the actor's unread notifications read now, and leaves earlier reads and other people's alone", async () => {
    const [reader, other] = [await make.user(processId, "head"), await make.user(processId, "delegate")];
    const document = await make.document(processId);
    const earlier = new Date("2026-05-01T08:00:00Z");
    const notify = (userId: string, text: string, readAt: Date | null = null) =>
      db.notification.create({ data: { userId, kind: "stage", documentId: document.id, text, readAt } });
    await notify(reader.userId, "Amendments are open.");
    await notify(reader.userId, "Amendments are closed.");
    await notify(reader.userId, "Read already.", earlier);
    await notify(other.userId, "Someone else's.");

    expect(await markNotificationsRead(ctx, reader)).toBe(2);
    const readAt = async (userId: string) =>
      Object.fromEntries(
        (await db.notification.findMany({ where: { userId }, select: { text: true, readAt: true } })).map((row) => [row.text, row.readAt]),
      );
    expect(await readAt(reader.userId)).toEqual({ "Amendments are open.": now, "Amendments are closed.": now, "Read already.": earlier });
    expect(await readAt(other.userId)).toEqual({ "Someone else's.": null });
    // Nothing left to mark.
    expect(await markNotificationsRead(ctx, reader)).toBe(0);
  });
});
