import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import * as Y from "yjs";
import { listDocumentBlocks } from "../../app/editor/documentModel";
import { createDb } from "../../server/db/client";
import { documentRoom } from "../../common/collab";
import { signedInPage } from "./fixtures";
import { tabledAmendment } from "../support/tabledAmendment";

const ADDITION = " and to share best practices with the countries of origin";

/** The action plan in consolidation, with a tabled Pakistan amendment to action point 1.1. */
async function tabledAmendmentOnActionPlan() {
  const url = process.env.PLENARY_DATABASE_URL!;
  const db = createDb(url);
  try {
    const document = await db.document.findFirstOrThrow({ where: { kind: "action_plan" } });
    await db.document.update({ where: { id: document.id }, data: { stage: "consolidation" } });
    // The stored base text, read the way the server reads its update log.
    const raw = new Database(url.replace(/^file:/, ""), { readonly: true });
    const rows = raw.prepare(`SELECT "data" FROM "YUpdate" WHERE "room" = ? ORDER BY "id"`).all(documentRoom(document.id)) as {
      data: Buffer;
    }[];
    raw.close();
    const doc = new Y.Doc();
    for (const row of rows) Y.applyUpdate(doc, row.data);
    const target = listDocumentBlocks(doc).find((block) => block.number === "1.1")!;
    const proposedText = `${target.text}${ADDITION}`;
    const amendment = await tabledAmendment(db, {
      documentId: document.id,
      target,
      number: "1.1",
      proposedText,
      justification: "Peer exchange.",
      diffJson: JSON.stringify([
        { kind: "same", text: target.text },
        { kind: "inserted", text: ADDITION },
      ]),
    });
    return { documentPath: `/documents/${document.id}`, amendmentPath: `/amendments/${amendment.id}` };
  } finally {
    await db.$disconnect();
  }
}

test("the chair accepts, Pakistan sees it live, Rev.1 is issued and compared, and Pakistan's tracker says where the proposal went", async ({
  browser,
}) => {
  const { documentPath, amendmentPath } = await tabledAmendmentOnActionPlan();
  const pakistan = await signedInPage(browser, "delegate@pakistan.example");
  const chair = await signedInPage(browser, "chair@turkiye.example");

  // A Pakistan delegate has the action plan open (read-only, live).
  await pakistan.goto(documentPath);
  await expect(pakistan.getByTestId("connection-state")).toHaveText("Connected");
  const point = pakistan.locator('.ProseMirror .block[data-number="1.1"]');
  await expect(point).not.toContainText(ADDITION.trim());

  // The delegate sees no decision controls on the amendment; the chair does, and accepts.
  await pakistan.goto(amendmentPath);
  await expect(pakistan.getByRole("heading", { name: "Chair's decision" })).toBeVisible();
  await expect(pakistan.getByRole("button", { name: "Accept", exact: true })).toHaveCount(0);
  await pakistan.goto(documentPath);
  await expect(pakistan.getByTestId("connection-state")).toHaveText("Connected");

  await chair.goto(amendmentPath);
  await chair.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(chair.getByRole("status").filter({ hasText: "Decision recorded" })).toBeVisible();
  await expect(chair.getByTestId("decision")).toContainText("Accepted by Ayşe Demir");

  // Without reloading, Pakistan's editor shows the accepted wording, once.
  await expect(point).toContainText(ADDITION.trim());
  expect((await point.innerText()).split(ADDITION.trim()).length - 1).toBe(1);

  // The chair issues Rev.1 (the Zero draft was frozen before the first decision).
  await chair.goto(`${documentPath}/versions`);
  await expect(chair.getByRole("row", { name: /Zero draft/ })).toBeVisible();
  await chair.getByRole("button", { name: "Issue Rev.1" }).click();
  await expect(chair.getByRole("status").filter({ hasText: "Rev.1 issued" })).toBeVisible();
  await expect(chair.getByRole("row", { name: /Rev\.1/ })).toBeVisible();

  // Zero draft vs Rev.1 shows the change, attributed to Pakistan's amendment.
  await chair.getByRole("button", { name: "Compare" }).click();
  await expect(chair.getByRole("heading", { name: "Zero draft vs Rev.1" })).toBeVisible();
  await expect(chair.getByTestId("compare-summary")).toContainText("1 changed");
  const changed = chair.locator('[data-change="changed"]');
  await expect(changed.locator("ins")).toContainText(ADDITION.trim());
  await expect(changed.getByTestId("compare-attribution")).toHaveText("Accepted: Pakistan's amendment");

  // Pakistan's tracker leads to where the proposal went: incorporated in Rev.1.
  await pakistan.goto("/amendments");
  await pakistan.getByRole("link", { name: /Where did our proposals go/ }).click();
  const row = pakistan.getByTestId("trail-row").filter({ hasText: "1.1" });
  await expect(row.getByTestId("trail-fate")).toHaveText("Incorporated in Rev.1");
  await expect(row).toContainText(ADDITION.trim());
});
