import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentRoom, draftRoom } from "../../../common/collab";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { authorizeRoom } from "./authorizeRoom";

// Who joins a collaboration room and whether their updates are applied, as the collaboration
// server asks on upgrade and again when rights or the stage change. Read-only is not a refusal.
const { ctx, make, close } = domainUnderTest();
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

describe("authorizeRoom", () => {
  it("lets every participant read a document's room and only the chair and the secretariat write, while the text is open", async () => {
    const document = await make.document(processId, "consolidation");
    const room = documentRoom(document.id);
    for (const role of ["chair", "secretariat"] as const)
      expect(await authorizeRoom(ctx, await make.user(processId, role), room)).toEqual({ room, canWrite: true });
    for (const role of ["head", "delegate", "observer"] as const)
      expect(await authorizeRoom(ctx, await make.user(processId, role), room)).toEqual({ room, canWrite: false });
    const chair = await make.user(processId, "chair");
    for (const stage of ["silence_procedure", "adopted", "published"] as const) {
      const closed = await make.document(processId, stage);
      expect(await authorizeRoom(ctx, chair, documentRoom(closed.id))).toEqual({ room: documentRoom(closed.id), canWrite: false });
    }
  });

  it("opens a drafting room to its own delegation alone, writable while the wording can still be tabled", async () => {
    const head = await make.user(processId, "head");
    const delegate = await make.user(processId, "delegate", head.participantId);
    const document = await make.document(processId, "amendments_open");
    const draft = await make.amendment(document.id, head, "draft");
    const room = draftRoom(draft.id);
    expect(await authorizeRoom(ctx, delegate, room)).toEqual({ room, canWrite: true });
    const withdrawn = await make.amendment(document.id, head, "withdrawn");
    expect(await authorizeRoom(ctx, head, draftRoom(withdrawn.id))).toEqual({ room: draftRoom(withdrawn.id), canWrite: false });
    for (const outsider of [
      await make.user(processId, "head"),
      await make.user(processId, "chair"),
      await make.user(processId, "secretariat"),
    ])
      expect(await refusal(() => authorizeRoom(ctx, outsider, room))).toEqual({
        status: 403,
        message: "This drafting space belongs to another delegation.",
      });
  });

  it("refuses a malformed room name, a missing actor, unknown ids and another process's rooms", async () => {
    const head = await make.user(processId, "head");
    for (const name of ["", "document.", "nonsense", "settings.abc", `document.${"x".repeat(500)}`])
      expect(await refusal(() => authorizeRoom(ctx, head, name))).toEqual({ status: 422, message: "Malformed room name." });
    const document = await make.document(processId);
    expect(await refusal(() => authorizeRoom(ctx, null, documentRoom(document.id)))).toEqual({ status: 401, message: "Please sign in." });
    expect(await refusal(() => authorizeRoom(ctx, head, documentRoom("nosuchdocument0000000000")))).toEqual({
      status: 404,
      message: "Document not found.",
    });
    expect(await refusal(() => authorizeRoom(ctx, head, draftRoom("nosuchamendment000000000")))).toEqual({
      status: 404,
      message: "Amendment not found.",
    });
    const stranger = await make.user((await make.process()).id, "chair");
    const foreign = await make.document(stranger.processId);
    expect(await refusal(() => authorizeRoom(ctx, head, documentRoom(foreign.id)))).toMatchObject({ status: 403 });
    const foreignDraft = await make.amendment(foreign.id, stranger, "draft");
    expect(await refusal(() => authorizeRoom(ctx, head, draftRoom(foreignDraft.id)))).toMatchObject({ status: 403 });
  });
});
