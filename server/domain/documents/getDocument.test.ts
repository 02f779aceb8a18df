import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import type { Stage } from "../../../common/vocabulary";
import { getDocument } from "./getDocument";

// A document's metadata as the pages read it, in process on a real database: the actor checked,
// what each role may do on it at its stage, the stage moves and the closed-text notice; unknown
// documents and other processes' documents alike are not found.
const { ctx, db, make, close } = domainUnderTest();
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

describe("getDocument", () => {
  it("gives the document with the actor's abilities at its stage and the moves from it", async () => {
    const document = await make.document(processId, "amendments_open");
    const [head, secretariat] = [await make.user(processId, "head"), await make.user(processId, "secretariat")];

    const forHead = await getDocument(ctx, head, document.id);
    expect(forHead.me).toEqual(head);
    expect(forHead.document).toMatchObject({ id: document.id, symbol: document.symbol, stage: "amendments_open" });
    expect(forHead.abilities).toMatchObject({ "amendment.draft": true, "document.setStage": false, "block.setStatus": false });
    expect(forHead.closedNotice).toBeNull();
    expect(forHead.plainMoves).toEqual(["consolidation"]);
    expect(forHead.reopenings).toEqual([]);

    expect(forHead.settingsRefusal).toBe("Only the secretariat changes document settings.");

    const forSecretariat = await getDocument(ctx, secretariat, document.id);
    expect(forSecretariat.abilities).toMatchObject({ "document.setStage": true, "block.setStatus": true });
    expect(forSecretariat.settingsRefusal).toBeNull();
  });

  it("gives an adopted text its closed notice and its reopenings, and refuses edits in its abilities", async () => {
    const document = await make.document(processId, "adopted");
    const secretariat = await make.user(processId, "secretariat");
    const read = await getDocument(ctx, secretariat, document.id);
    expect(read.closedNotice).toBe("This document is adopted: its text, amendments and comments are closed.");
    // Publication records a publication: the stage page's own form, never a bare move.
    expect(read.plainMoves).toEqual([]);
    expect(read.reopenings).toEqual(["drafting", "amendments_open", "consolidation"]);
    expect(read.abilities).toMatchObject({ "block.setStatus": false, "comment.create": false, "document.reopen": true });
  });

  it("offers as plain moves only those that record nothing but the stage", async () => {
    const secretariat = await make.user(processId, "secretariat");
    const plainMovesAt = async (stage: Stage) =>
      (await getDocument(ctx, secretariat, (await make.document(processId, stage)).id)).plainMoves;
    // Opening amendments needs a deadline; silence and adoption need their records.
    expect(await plainMovesAt("drafting")).toEqual([]);
    expect(await plainMovesAt("consolidation")).toEqual([]);
    expect(await plainMovesAt("silence_procedure")).toEqual(["consolidation"]);
    expect(await plainMovesAt("published")).toEqual([]);
  });

  it("asks a signed-out reader to sign in, and does not find an unknown document or another process's", async () => {
    const document = await make.document(processId);
    const head = await make.user(processId, "head");
    const elsewhere = await make.user((await make.process()).id, "secretariat");
    expect(await refusal(() => getDocument(ctx, null, document.id))).toEqual({ status: 401, message: "Please sign in." });
    expect(await refusal(() => getDocument(ctx, head, "no-such-document"))).toEqual({ status: 404, message: "Document not found." });
    expect(await refusal(() => getDocument(ctx, elsewhere, document.id))).toEqual({ status: 404, message: "Document not found." });
    expect(await db.auditEntry.count()).toBe(0);
  });
});
