import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { updateDocumentSettings } from "./updateDocumentSettings";

// In process, on a real migrated SQLite file: a stage moved from the settings page is a stage move
// like any other (announced, notified, the left stage's deadline ended), not a bare column write.

const { ctx, db, make, close } = domainUnderTest();

let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

describe("document settings", () => {
  it("moves the stage through the stage machine: announced, notified, pending deadlines ended, audited once", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const document = await make.document(processId, "amendments_open");
    await db.deadline.create({
      data: {
        documentId: document.id,
        kind: "amendments_close",
        dueAt: new Date(Date.now() + 86_400_000),
        createdById: secretariat.userId,
      },
    });
    const settings = { documentId: document.id, title: document.title, symbol: document.symbol, language: "en" };

    await updateDocumentSettings(ctx, secretariat, { ...settings, stage: "consolidation" });

    expect((await db.document.findUniqueOrThrow({ where: { id: document.id } })).stage).toBe("consolidation");
    const notice = await db.notification.findFirstOrThrow({
      where: { userId: secretariat.userId, documentId: document.id, kind: "stage" },
    });
    expect(notice.text).toContain("the document moved to the stage “Consolidation”.");
    expect(await db.deadline.count({ where: { documentId: document.id, cancelledAt: null, firedAt: null } })).toBe(0);
    const entries = await db.auditEntry.findMany({ where: { subjectId: document.id } });
    expect(entries.map((entry) => entry.action)).toEqual(["document.setStage"]);
    expect(JSON.parse(entries[0]!.details)).toMatchObject({ from: "amendments_open", to: "consolidation" });

    // A title change alone is a settings change, audited as such, with no announcement.
    await updateDocumentSettings(ctx, secretariat, { ...settings, title: "Renamed declaration", stage: "consolidation" });
    expect(await db.auditEntry.count({ where: { subjectId: document.id, action: "document.update" } })).toBe(1);
    expect(await db.notification.count({ where: { userId: secretariat.userId, documentId: document.id, kind: "stage" } })).toBe(1);

    // Two moves that both saw "consolidation": the stage is claimed, so only one lands.
    const race = await Promise.all(
      (["amendments_open", "amendments_open"] as const).map((stage) =>
        refusal(() => updateDocumentSettings(ctx, secretariat, { ...settings, stage })),
      ),
    );
    expect(race.filter((outcome) => outcome === null)).toHaveLength(1);
    expect(race.find((outcome) => outcome !== null)).toMatchObject({ status: 409 });
  });
});
