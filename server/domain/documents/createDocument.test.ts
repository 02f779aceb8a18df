import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainUnderTest, refusal } from "../../../tests/factories";
import { createDocument } from "./createDocument";
import { readBaseBlocks } from "./readBaseBlocks";

const { ctx, db, make, close } = domainUnderTest();
let processId = "";
beforeAll(async () => {
  processId = (await make.process()).id;
});
afterAll(close);

const input = { kind: "declaration", title: "Istanbul Commitments", symbol: "BP/MC/2025/L.1", language: "en" } as const;

describe("createDocument", () => {
  it("creates a document in drafting whose live text starts from its title, and audits it", async () => {
    const chair = await make.user(processId, "chair");
    const document = await createDocument(ctx, chair, { ...input, title: "  Istanbul Commitments " });
    expect(await db.document.findUniqueOrThrow({ where: { id: document.id } })).toMatchObject({
      processId,
      ...input,
      stage: "drafting",
      createdById: chair.userId,
    });
    expect((await readBaseBlocks(ctx, document.id)).map(({ kind, text }) => ({ kind, text }))).toEqual([
      { kind: "title", text: "Istanbul Commitments" },
    ]);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "document.create", subjectId: document.id } });
    expect([entry.actorUserId, JSON.parse(entry.details)]).toEqual([chair.userId, input]);
  });

  it("refuses heads, delegates and observers, with the reason", async () => {
    for (const role of ["head", "delegate", "observer"] as const) {
      const actor = await make.user(processId, role);
      expect(await refusal(() => createDocument(ctx, actor, { ...input, symbol: `BP/${role}` }))).toEqual({
        status: 403,
        message: "Only the secretariat and the chair create documents.",
      });
    }
    expect(await db.document.count({ where: { symbol: { startsWith: "BP/" }, NOT: { symbol: input.symbol } } })).toBe(0);
  });

  it("refuses invalid fields and a symbol already used in the process, storing nothing; another process may reuse it", async () => {
    const secretariat = await make.user(processId, "secretariat");
    await createDocument(ctx, secretariat, { ...input, symbol: "BP/TAKEN" });
    const before = await db.document.count();
    await expect(
      createDocument(ctx, secretariat, { kind: "minutes" as "other", title: "", symbol: "<script>", language: "xx" as "en" }),
    ).rejects.toMatchObject({
      status: 422,
      fieldErrors: {
        kind: "Choose a kind.",
        title: "Required.",
        symbol: "Use letters, digits and . / - ( ) only, e.g. BP/MC/2025/L.1.",
        language: "Choose a language.",
      },
    });
    await expect(createDocument(ctx, secretariat, { ...input, symbol: "BP/TAKEN" })).rejects.toMatchObject({
      status: 409,
      message: "Another document already has this symbol.",
      fieldErrors: { symbol: "Already in use." },
    });
    expect(await db.document.count()).toBe(before);
    const elsewhere = await make.user((await make.process()).id, "secretariat");
    expect((await createDocument(ctx, elsewhere, { ...input, symbol: "BP/TAKEN" })).processId).toBe(elsewhere.processId);
  });
});
