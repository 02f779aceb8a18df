import { expect, test } from "@playwright/test";
import { createDb } from "../../server/db/client";
import { signedInPage } from "./fixtures";

// Bounded texts (docs/decisions/017): the limit is shown while drafting, before anything is submitted.
test("the drafting space counts characters, says when the wording is too long, and disables tabling", async ({ browser }) => {
  const db = createDb(process.env.PLENARY_DATABASE_URL!);
  const document = await db.document.findFirstOrThrow({ where: { kind: "declaration" } });
  await db.document.update({ where: { id: document.id }, data: { stage: "amendments_open" } });
  await db.$disconnect();

  const head = await signedInPage(browser, "head@iraq.example");
  await head.goto(`/documents/${document.id}`);
  await head.locator('.ProseMirror .block[data-number="OP5"] .block__text').click();
  await head.getByLabel(/Propose an amendment to OP5/).selectOption("replace");
  await head.getByRole("button", { name: "Propose amendment" }).click();
  await expect(head.getByRole("heading", { name: /Replace OP5 — Iraq/ })).toBeVisible();

  const editor = head.locator(".document-surface--draft .ProseMirror");
  await editor.click();
  await head.keyboard.press("End");
  await head.keyboard.type(" and more");
  await expect(head.getByTestId("wording-count")).toHaveText(/^[\d,]+ \/ 5,000 characters$/);
  await expect(head.getByTestId("justification-count")).toHaveText("0 / 5,000 characters");
  await expect(head.getByRole("button", { name: "Table amendment" })).toBeEnabled();

  // A long paste goes over the limit: a clear error, and the Table button is disabled.
  await head.keyboard.insertText(" further".repeat(700));
  await expect(head.getByTestId("wording-count")).toContainText("The proposed wording is too long");
  await expect(head.getByTestId("wording-count")).toHaveAttribute("role", "alert");
  await expect(head.getByTestId("wording-count")).toContainText("at most 5,000 characters");
  await expect(head.getByRole("button", { name: "Table amendment" })).toBeDisabled();
  await expect(head.getByTestId("table-note")).toHaveText("Shorten the text to its limit before tabling.");
  await head.getByTestId("wording-count").scrollIntoViewIfNeeded();
  await head.screenshot({ path: "test-results/limits-over.png", fullPage: false });

  // Shortened again, it may be tabled.
  await editor.press("Control+a");
  await head.keyboard.insertText("We commit to a shorter wording.");
  await expect(head.getByRole("button", { name: "Table amendment" })).toBeEnabled();
});
