import { expect, test, type Page } from "@playwright/test";
import { createDb } from "../../server/db/client";
import { signedInPage } from "./fixtures";
import { storedBlocks } from "./storedBlocks";
import { tabledAmendment } from "../support/tabledAmendment";

// Consolidation as the people in the room see it (docs/decisions/028): provisional "bis" numbers in the live
// editor, a refused status change explained beside its control, and the attribution of a paragraph
// the chair accepted with changes. Each test works on its own action point of the action plan.

async function withDb<T>(run: (db: ReturnType<typeof createDb>) => Promise<T>): Promise<T> {
  const db = createDb(process.env.PLENARY_DATABASE_URL!);
  try {
    return await run(db);
  } finally {
    await db.$disconnect();
  }
}

async function setPlanStage(stage: string) {
  return withDb(async (db) => {
    const plan = await db.document.findFirstOrThrow({ where: { kind: "action_plan" } });
    await db.document.update({ where: { id: plan.id }, data: { stage } });
    return plan.id;
  });
}

/** The action plan in consolidation, with a Pakistan amendment tabled on the action point numbered `number`. */
async function tabledOnPlan(number: string, operation: "replace" | "insert_after", proposedText: string) {
  const planId = await setPlanStage("consolidation");
  return withDb(async (db) => {
    const target = storedBlocks(process.env.PLENARY_DATABASE_URL!, planId).find((block) => block.number === number)!;
    const amendment = await tabledAmendment(db, { documentId: planId, target, number, operation, proposedText });
    return { documentPath: `/documents/${planId}`, amendmentPath: `/amendments/${amendment.id}`, target };
  });
}

async function openDocument(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByTestId("connection-state")).toHaveText("Connected");
}

async function issueNextVersion(chair: Page, documentPath: string) {
  await chair.goto(`${documentPath}/versions`);
  const issue = chair.getByRole("button", { name: /^Issue (Zero draft|Rev\.\d+)$/ });
  const label = (await issue.innerText()).replace(/^Issue /, "");
  await issue.click();
  await expect(chair.getByRole("status").filter({ hasText: `${label} issued` })).toBeVisible();
  return label;
}

test("a paragraph inserted by an accepted amendment reads 3.1bis in the live editor and the side panel, until the next version renumbers it", async ({
  browser,
}) => {
  const inserted = "Participating states will publish a yearly review of the partnership's results.";
  const { documentPath, amendmentPath } = await tabledOnPlan("3.1", "insert_after", inserted);
  const pakistan = await signedInPage(browser, "delegate@pakistan.example");
  const chair = await signedInPage(browser, "chair@turkiye.example");
  await openDocument(pakistan, documentPath);
  const textOf = (number: string) => pakistan.locator(`.ProseMirror .block[data-number="${number}"] .block__text`);
  const following = await textOf("3.2").innerText();

  await chair.goto(amendmentPath);
  await chair.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(chair.getByRole("status").filter({ hasText: "Decision recorded" })).toBeVisible();

  // Live, without reloading: the new paragraph between 3.1 and 3.2 carries a provisional number.
  const bis = textOf("3.1bis");
  await expect(bis).toHaveText(inserted);
  await expect(textOf("3.2")).toHaveText(following);
  // The side panel names it the same way.
  await bis.click();
  const paragraph = pakistan.locator("#side-panel").getByLabel("Paragraph", { exact: true });
  await expect(paragraph.locator("option:checked")).toHaveText(`3.1bis — ${inserted.slice(0, 57)}…`);

  // The next version renumbers, and the open editor follows at once: 3.1bis becomes 3.2.
  await issueNextVersion(chair, documentPath);
  await expect(textOf("3.2")).toHaveText(inserted);
  await expect(textOf("3.3")).toHaveText(following);
  await expect(textOf("3.1bis")).toHaveCount(0);
});

test("a refused status change says why beside the control, and the paragraph keeps its status", async ({ browser }) => {
  const planId = await setPlanStage("consolidation");
  try {
    const chair = await signedInPage(browser, "chair@turkiye.example");
    await openDocument(chair, `/documents/${planId}`);
    const point = chair.locator('.ProseMirror .block[data-number="5.1"]');
    await point.locator(".block__text").click();
    const status = chair.getByRole("toolbar", { name: "Formatting" }).getByLabel("Status");
    const before = await status.inputValue();
    const other = before === "bracketed" ? "open" : "bracketed";

    // Meanwhile the secretariat has put the text under the silence procedure.
    await setPlanStage("silence_procedure");
    await status.selectOption(other);
    const refusal = chair.getByRole("toolbar", { name: "Formatting" }).getByRole("alert");
    await expect(refusal).toHaveText("The text is under the silence procedure: it cannot change until silence ends or is broken.");
    await expect(status).toHaveAttribute("aria-describedby", (await refusal.getAttribute("id"))!);
    // Nothing changed: the control, the paragraph here, and the text everyone else loads.
    await expect(status).toHaveValue(before);
    await expect(point).toHaveAttribute("data-status", before);
    const reader = await signedInPage(browser, "delegate@pakistan.example");
    await openDocument(reader, `/documents/${planId}`);
    await expect(reader.locator('.ProseMirror .block[data-number="5.1"]')).toHaveAttribute("data-status", before);
  } finally {
    await setPlanStage("consolidation");
  }
});

test("accepted with changes: Pakistan sees the chair's exact wording live, and the comparison attributes it to the decision and to Türkiye's edit", async ({
  browser,
}) => {
  const { documentPath, amendmentPath, target } = await tabledOnPlan(
    "4.1",
    "replace",
    "Participating states will strengthen cooperation on return and readmission by 2027.",
  );
  const wording = `${target.text.replace(/\.$/, "")}, with full respect for human rights, by 2028.`;
  const pakistan = await signedInPage(browser, "delegate@pakistan.example");
  const chair = await signedInPage(browser, "chair@turkiye.example");
  await openDocument(pakistan, documentPath);

  await chair.goto(amendmentPath);
  await chair.getByText("Accept with changes…").click();
  await chair.getByLabel("Wording to apply").fill(wording);
  await chair.getByRole("button", { name: "Apply this wording" }).click();
  await expect(chair.getByRole("status").filter({ hasText: "Decision recorded" })).toBeVisible();

  // Live, exactly the chair's wording.
  await expect(pakistan.locator('.ProseMirror .block[data-number="4.1"] .block__text')).toHaveText(wording);

  // Once the next version is issued, Pakistan compares it with the one before.
  const label = await issueNextVersion(chair, documentPath);
  await pakistan.goto(`${documentPath}/versions`);
  await pakistan.getByRole("button", { name: "Compare" }).click();
  await expect(pakistan.getByRole("heading", { name: new RegExp(`vs ${label.replace(".", "\\.")}$`) })).toBeVisible();
  const row = pakistan.locator('[data-change="changed"][aria-label="4.1"]');
  await expect(row.locator("ins")).toContainText("with full respect for human rights, by 2028");
  await expect(row.getByTestId("compare-attribution")).toHaveText("Accepted with changes: Pakistan's amendment");
  await expect(row.getByTestId("compare-editors")).toHaveText("Edited by Türkiye");
});
