import { expect, test, type Browser, type Page } from "@playwright/test";
import { createDb } from "../../server/db/client";
import { signedInPage } from "./fixtures";
import { storedBlocks } from "./storedBlocks";
import { documentWithWriters, placeCaret } from "./typing";
import { tabledAmendment } from "../support/tabledAmendment";

// Following amendments as decisions come: the per-paragraph amendment badge in the editor follows
// withdrawals and decisions live for everyone with the document open, and an amendment's page keeps
// the history of its decisions. Each test works on a document of its own (decisions on a seeded
// document would freeze its Zero draft for the specs that issue and compare versions of it).

const PARAGRAPH = "Participating states shall strengthen reception capacities in line with international standards.";

/**
 * A new declaration (OP1 = PARAGRAPH) open in the browsers of `writers` pen-holders, open for
 * amendments, with `count` Iraq amendments tabled on OP1 (made directly, as if tabled earlier).
 */
async function documentWithIraqAmendments(browser: Browser, writers: number, count: number) {
  const { pages, path } = await documentWithWriters(browser, writers, PARAGRAPH);
  const documentId = path.split("/").pop()!;
  const db = createDb(process.env.PLENARY_DATABASE_URL!);
  try {
    await db.document.update({ where: { id: documentId }, data: { stage: "amendments_open" } });
    await expect
      .poll(() => storedBlocks(process.env.PLENARY_DATABASE_URL!, documentId).find((block) => block.number === "OP1")?.text)
      .toBe(PARAGRAPH);
    const target = storedBlocks(process.env.PLENARY_DATABASE_URL!, documentId).find((block) => block.number === "OP1")!;
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const amendment = await tabledAmendment(db, {
        documentId,
        target,
        number: "OP1",
        proposedText: `${target.text} (Iraq, ${index + 1})`,
        state: "Iraq",
        head: "head@iraq.example",
        blockType: "operative",
      });
      ids.push(amendment.id);
    }
    const [chair, second] = pages as [Page, Page | undefined];
    return { chair, second, documentPath: path, amendmentPaths: ids.map((id) => `/amendments/${id}`) };
  } finally {
    await db.$disconnect();
  }
}

const badgeOf = (page: Page) => page.locator('.ProseMirror .block[data-number="OP1"] .amendment-badge');

/**
 * The reader's page loads over a slow link: each refresh of its data takes `ms` (as on a loaded
 * server or a conference Wi-Fi). A refresh the page gives up on meanwhile is simply dropped.
 */
async function slowData(page: Page, ms: number) {
  await page.route(/[?&]_data=/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue().catch(() => undefined);
  });
}

/** A pen-holder typing into the title, a character every 150 ms until stopped: the text changes all along. */
function keepTyping(page: Page) {
  let typing = true;
  const done = (async () => {
    await placeCaret(page, 0, -1);
    while (typing) {
      await page.keyboard.type(".");
      await page.waitForTimeout(150);
    }
  })();
  return () => ((typing = false), done);
}

test("the amendment badge changes live for a reader when another person withdraws or the chair decides, while the text keeps changing", async ({
  browser,
}) => {
  const { chair, second: coChair, documentPath, amendmentPaths } = await documentWithIraqAmendments(browser, 2, 3);
  const pakistan = await signedInPage(browser, "delegate@pakistan.example");
  const iraq = await signedInPage(browser, "head@iraq.example");

  await pakistan.goto(documentPath);
  await expect(pakistan.getByTestId("connection-state")).toHaveText("Connected");
  await expect(badgeOf(pakistan)).toHaveText("3");
  await expect(badgeOf(pakistan)).toHaveAttribute("aria-label", "3 tabled amendments on this paragraph");
  await slowData(pakistan, 2_000);

  // The co-chair types in the title all the while, so notices of text changes keep
  // coming to Pakistan's page; each must not cancel the refresh that carries the new count.
  const stopTyping = keepTyping(coChair!);

  // Iraq's head withdraws one: Pakistan's badge reads 2 without a reload.
  await iraq.goto(amendmentPaths[0]!);
  await iraq.locator("summary", { hasText: "Withdraw…" }).click();
  await iraq.getByRole("button", { name: "Withdraw amendment" }).click();
  await expect(iraq.getByRole("status").filter({ hasText: "Withdrawn." })).toBeVisible();
  await expect(badgeOf(pakistan)).toHaveText("2");

  // The chair accepts another one (deciding early, while amendments are open): 1.
  await chair.goto(amendmentPaths[1]!);
  await chair.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(chair.getByRole("status").filter({ hasText: "Decision recorded" })).toBeVisible();
  await expect(badgeOf(pakistan)).toHaveText("1");
  await expect(badgeOf(pakistan)).toHaveAttribute("aria-label", "1 tabled amendment on this paragraph");
  await stopTyping();
});

test("an amendment's page shows every decision on it, newest first, with who, when, the wording, the reason and the reopening", async ({
  browser,
}) => {
  const { chair, amendmentPaths } = await documentWithIraqAmendments(browser, 1, 1);
  const iraq = await signedInPage(browser, "head@iraq.example");

  // Not retained with a reason, then reopened, then accepted with the chair's wording.
  await chair.goto(amendmentPaths[0]!);
  await chair.getByText("Not retain…").click();
  await chair.getByLabel("Reason (optional, shown to the proposing state)").fill("Overlaps with OP2.");
  await chair.getByRole("button", { name: "Do not retain" }).click();
  await expect(chair.getByRole("status").filter({ hasText: "Decision recorded" })).toBeVisible();
  await chair.getByRole("button", { name: "Reopen decision" }).click();
  await expect(chair.getByRole("status").filter({ hasText: "Decision reopened" })).toBeVisible();
  const wording = "Participating states shall strengthen reception capacities, with yearly reviews.";
  await chair.getByText("Accept with changes…").click();
  await chair.getByLabel("Wording to apply").fill(wording);
  await chair.getByRole("button", { name: "Apply this wording" }).click();
  await expect(chair.getByRole("status").filter({ hasText: "Decision recorded" })).toBeVisible();

  // The proposing state reads the whole history, the decision in force first.
  await iraq.goto(amendmentPaths[0]!);
  await expect(iraq.getByRole("heading", { name: "Decision history" })).toBeVisible();
  const items = iraq.getByTestId("decision-history-item");
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText("Accepted with changes by Ayşe Demir");
  await expect(items.nth(0).getByTestId("decision-wording")).toHaveText(wording);
  await expect(items.nth(0)).toContainText("In force");
  await expect(items.nth(1)).toContainText("Not retained by Ayşe Demir");
  await expect(items.nth(1).getByTestId("decision-reason")).toHaveText("Reason: Overlaps with OP2.");
  await expect(items.nth(1).getByTestId("decision-reopened")).toContainText("Reopened by Ayşe Demir");
  await iraq.screenshot({ path: "test-results/decision-history.png", fullPage: true });
});

test("the chair's confirmation stays while the page refreshes live for others' changes", async ({ browser }) => {
  const { chair, amendmentPaths } = await documentWithIraqAmendments(browser, 1, 1);
  const iraq = await signedInPage(browser, "head@iraq.example");
  await chair.goto(amendmentPaths[0]!);
  await iraq.goto(amendmentPaths[0]!);
  await chair.getByRole("button", { name: "Accept", exact: true }).click();
  const confirmation = chair.getByRole("status").filter({ hasText: "Decision recorded" });
  await expect(confirmation).toBeVisible();

  // Iraq comments on the amendment: the chair's page refreshes live and shows the comment, and the
  // answer to the chair's own form is still there (a reload of the page's data used to drop it).
  await iraq.getByLabel("Comment on this amendment").fill("Iraq takes note of the decision.");
  await iraq.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(chair.getByText("Iraq takes note of the decision.")).toBeVisible();
  await expect(confirmation).toBeVisible();

  // Going to another page and back leaves the answer behind.
  await chair.getByRole("link", { name: "Our amendments" }).click();
  await chair.goto(amendmentPaths[0]!);
  await expect(chair.getByText("Iraq takes note of the decision.")).toBeVisible();
  await expect(confirmation).toHaveCount(0);
});
