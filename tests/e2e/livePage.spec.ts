import { expect, test, type Page } from "@playwright/test";
import { createDb } from "../../server/db/client";
import { selectWords, signedInPage } from "./fixtures";
import { documentWithWriters, placeCaret } from "./typing";

async function openForAmendments(path: string) {
  const db = createDb(process.env.PLENARY_DATABASE_URL!);
  try {
    await db.document.update({ where: { id: path.split("/").pop()! }, data: { stage: "amendments_open" } });
  } finally {
    await db.$disconnect();
  }
}

async function commentOnWords(page: Page, number: string, words: string, body: string) {
  await page.getByRole("tab", { name: "Comments" }).click();
  await selectWords(page, number, words);
  await page.getByPlaceholder(/Write a comment/).fill(body);
  await page.getByLabel("Who sees this thread").selectOption("everyone");
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(page.getByTestId("thread").filter({ hasText: body })).toBeVisible();
}

/** The Chair replaces `words` at the end of OP1 (just before its full stop) by `replacement`. */
async function rewriteEndOfOp1(chair: Page, text: string, words: string, replacement: string) {
  await placeCaret(chair, 1, text.length - 1);
  for (let index = 0; index < words.length; index++) await chair.keyboard.press("Backspace");
  await chair.keyboard.type(replacement, { delay: 20 });
}

test("without reloading, a reader sees a thread orphaned and a new paragraph they can comment on and amend", async ({ browser }) => {
  const text = "Cooperation on return and readmission.";
  const { pages, path } = await documentWithWriters(browser, 1, text);
  const [chair] = pages as [Page];
  await openForAmendments(path);
  const iraq = await signedInPage(browser, "head@iraq.example");
  await iraq.goto(path);
  await expect(iraq.getByTestId("connection-state")).toHaveText("Connected");
  await commentOnWords(iraq, "OP1", "return and readmission", "Please keep readmission.");
  const thread = iraq.getByTestId("thread").filter({ hasText: "Please keep readmission." });
  await expect(thread.locator(".thread__quote--orphaned")).toHaveCount(0);
  const picker = iraq.locator("#panel-comments").getByLabel("Paragraph", { exact: true });
  await expect(picker.locator("option", { hasText: "OP2" })).toHaveCount(0);

  // The Chair deletes the quoted words, then adds a paragraph after OP1.
  await rewriteEndOfOp1(chair, text, "return and readmission", "legal pathways");
  await placeCaret(chair, 1, -1);
  await chair.keyboard.press("Enter");
  await chair.keyboard.type("Support for host communities.", { delay: 20 });

  await expect(thread.locator(".thread__quote--orphaned")).toContainText("The quoted words were deleted");
  await expect(picker.locator("option", { hasText: "OP2" })).toHaveCount(1);
  // The new paragraph can be selected, commented on and amended at once.
  await iraq.locator('.ProseMirror .block[data-number="OP2"] .block__text').click();
  await iraq.getByPlaceholder(/Write a comment/).fill("Which host communities?");
  await iraq.getByLabel("Who sees this thread").selectOption("everyone");
  await iraq.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(iraq.getByTestId("thread").filter({ hasText: "Which host communities?" })).toBeVisible();
  await expect(chair.locator('.ProseMirror .block[data-number="OP2"] .comment-badge')).toHaveText("1");
  await iraq.getByRole("tab", { name: "Amendments" }).click();
  await iraq.getByLabel(/Propose an amendment to OP2/).selectOption("delete");
  await iraq.getByRole("button", { name: "Propose amendment" }).click();
  await expect(iraq.getByRole("heading", { name: /OP2 — Iraq/ })).toBeVisible();
  await Promise.all([chair, iraq].map((page) => page.context().close()));
});

test("an amendment turns outdated in an open side panel and on its open page as soon as its target changes", async ({ browser }) => {
  const text = "Cooperation on return and readmission.";
  const { pages, path } = await documentWithWriters(browser, 1, text);
  const [chair] = pages as [Page];
  await openForAmendments(path);
  const iraq = await signedInPage(browser, "head@iraq.example");
  await iraq.goto(path);
  await expect(iraq.getByTestId("connection-state")).toHaveText("Connected");

  // Pakistan tables an amendment to OP1 and stays on its page.
  const pakistan = await signedInPage(browser, "head@pakistan.example");
  await pakistan.goto(path);
  await pakistan.locator('.ProseMirror .block[data-number="OP1"] .block__text').click();
  await pakistan.getByLabel(/Propose an amendment to OP1/).selectOption("replace");
  await pakistan.getByRole("button", { name: "Propose amendment" }).click();
  await pakistan.locator(".document-surface--draft .ProseMirror").click();
  await pakistan.keyboard.press("End");
  await pakistan.keyboard.type(" with dignity");
  await pakistan.getByRole("button", { name: "Table amendment" }).click();
  await expect(pakistan.getByRole("status").filter({ hasText: "Tabled." })).toBeVisible();
  await expect(pakistan.locator(".badge--warn", { hasText: "Outdated" })).toHaveCount(0);
  await iraq.locator('.ProseMirror .block[data-number="OP1"] .block__text').click();
  await expect(iraq.locator(".amendments-panel").getByRole("article", { name: "Pakistan" })).toBeVisible();
  await expect(iraq.locator(".amendments-panel .badge--warn", { hasText: "Outdated" })).toHaveCount(0);

  await rewriteEndOfOp1(chair, text, "readmission", "reintegration");
  await expect(iraq.locator(".amendments-panel .badge--warn", { hasText: "Outdated" })).toBeVisible();
  await expect(pakistan.locator(".badge--warn", { hasText: "Outdated" })).toBeVisible();
  await Promise.all([chair, iraq, pakistan].map((page) => page.context().close()));
});
