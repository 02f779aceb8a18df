import { expect, test, type Page } from "@playwright/test";
import { createDb } from "../../server/db/client";
import { newTestContext, signedInPage } from "./fixtures";

// What a new user hit in a usability review: refused forms, notification links, confirmations, controls the
// stage forbids, narrow screens, keyboard and screen-reader access to the text.

async function documentPath(kind: "declaration" | "action_plan", stage?: string) {
  const db = createDb(process.env.PLENARY_DATABASE_URL!);
  try {
    const document = await db.document.findFirstOrThrow({ where: { kind } });
    if (stage) await db.document.update({ where: { id: document.id }, data: { stage } });
    return `/documents/${document.id}`;
  } finally {
    await db.$disconnect();
  }
}

async function setStage(path: string, stage: string) {
  const db = createDb(process.env.PLENARY_DATABASE_URL!);
  try {
    await db.document.update({ where: { id: path.split("/").pop()! }, data: { stage } });
  } finally {
    await db.$disconnect();
  }
}

async function openDocument(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByTestId("connection-state")).toHaveText("Connected");
  await expect(page.locator(".ProseMirror .block").first()).toBeVisible();
}

test("a refused proposal comes back to the document, with the message beside the form", async ({ browser }) => {
  const path = await documentPath("declaration", "amendments_open");
  const iraq = await signedInPage(browser, "head@iraq.example");
  await openDocument(iraq, path);
  await iraq.locator(".ProseMirror .block--title .block__text").click();
  const operation = iraq.getByLabel("Propose an amendment to the title");
  await operation.selectOption("delete");
  await iraq.getByRole("button", { name: "Propose amendment" }).click();
  await expect(iraq.getByTestId("propose-error")).toHaveText("Not possible on the title.");
  await expect(operation).toHaveAttribute("aria-invalid", "true");
  // Still on the document, editor and all; nothing was created.
  expect(new URL(iraq.url()).pathname).toBe(path);
  await expect(iraq.locator(".ProseMirror")).toBeVisible();
  // The same form then works: an insertion after OP3 opens its draft, titled with both numbers.
  await iraq.locator('.ProseMirror .block[data-number="OP3"] .block__text').click();
  await iraq.getByLabel("Propose an amendment to OP3").selectOption("insert_after");
  await iraq.getByRole("button", { name: "Propose amendment" }).click();
  await expect(iraq.getByRole("heading", { level: 1, name: "Insert after OP3 (new OP3bis) — Iraq" })).toBeVisible();
});

test("withdrawing asks first, and a position must be chosen before it is recorded", async ({ browser }) => {
  const path = await documentPath("declaration", "amendments_open");
  const iraq = await signedInPage(browser, "head@iraq.example");
  await openDocument(iraq, path);
  await iraq.locator('.ProseMirror .block[data-number="PP3"] .block__text').click();
  await iraq.getByLabel("Propose an amendment to PP3").selectOption("delete");
  await iraq.getByRole("button", { name: "Propose amendment" }).click();
  await expect(iraq.getByRole("heading", { level: 1, name: "Delete PP3 — Iraq" })).toBeVisible();
  await iraq.getByRole("button", { name: "Table amendment" }).click();
  await expect(iraq.getByRole("status").filter({ hasText: "Tabled." })).toBeVisible();

  // Hungary presses "Record position" without choosing: nothing is recorded.
  const hungary = await signedInPage(browser, "head@hungary.example");
  await openDocument(hungary, path);
  await hungary.locator('.ProseMirror .block[data-number="PP3"] .amendment-badge').click();
  const card = hungary.getByTestId("amendment-card").filter({ hasText: "Iraq" });
  const stance = card.getByLabel("Our position", { exact: true });
  await expect(stance).toHaveValue("");
  await card.getByRole("button", { name: "Record position" }).click();
  expect(await stance.evaluate((select: HTMLSelectElement) => select.validity.valid)).toBe(false);
  await expect(card).toContainText("No positions yet.");
  await stance.selectOption("opposes");
  await card.getByRole("button", { name: "Record position" }).click();
  await expect(card).toContainText("Opposes (1)");

  // Iraq's first press on Withdraw only asks; the amendment stays tabled until confirmed.
  await iraq.getByText("Withdraw…").click();
  await expect(iraq.getByText(/Withdraw this tabled amendment\?/)).toBeVisible();
  await expect(iraq.locator(".badge--amendment-tabled")).toBeVisible();
  await iraq.getByRole("button", { name: "Withdraw amendment" }).click();
  await expect(iraq.getByRole("status").filter({ hasText: "Withdrawn." })).toBeVisible();
  await expect(iraq.locator(".badge--amendment-withdrawn")).toBeVisible();
});

test("outside “Amendments open” the Table button is shown disabled, with the reason", async ({ browser }) => {
  const path = await documentPath("declaration", "amendments_open");
  const iraq = await signedInPage(browser, "head@iraq.example");
  await openDocument(iraq, path);
  await iraq.locator('.ProseMirror .block[data-number="PP4"] .block__text').click();
  await iraq.getByLabel("Propose an amendment to PP4").selectOption("delete");
  await iraq.getByRole("button", { name: "Propose amendment" }).click();
  await expect(iraq.getByRole("heading", { level: 1, name: "Delete PP4 — Iraq" })).toBeVisible();
  await setStage(path, "consolidation");
  try {
    await iraq.reload();
    const table = iraq.getByRole("button", { name: "Table amendment" });
    await expect(table).toBeDisabled();
    await expect(iraq.getByTestId("table-note")).toHaveText(
      "Amendments can be tabled only while amendments are open. This document is at the stage “Consolidation”. Your draft is kept.",
    );
    await expect(table).toHaveAttribute("aria-describedby", "table-note");
  } finally {
    await setStage(path, "amendments_open");
  }
});

test("a notification's link opens its thread, scrolled into view and highlighted", async ({ browser }) => {
  const path = await documentPath("declaration");
  const hungary = await signedInPage(browser, "delegate@hungary.example");
  await openDocument(hungary, path);
  await hungary.getByRole("tab", { name: "Comments" }).click();
  await hungary.locator('.ProseMirror .block[data-number="OP5"] .block__text').click();
  await hungary.getByPlaceholder(/Write a comment/).fill("@Iraq could you share the data source for OP5?");
  await hungary.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(hungary.getByTestId("thread").filter({ hasText: "data source for OP5" })).toBeVisible();

  const iraq = await signedInPage(browser, "head@iraq.example");
  await iraq.goto("/notifications");
  await iraq.getByRole("link").filter({ hasText: "data source for OP5" }).click();
  await expect(iraq).toHaveURL(/\?thread=/);
  await expect(iraq.getByRole("tab", { name: "Comments" })).toHaveAttribute("aria-selected", "true");
  const thread = iraq.getByTestId("thread").filter({ hasText: "data source for OP5" });
  await expect(thread).toHaveClass(/thread--selected/);
  await expect(thread).toBeFocused();
  await expect(thread).toBeInViewport();
});

test("at 390 px nothing scrolls sideways and the side panel is a drawer", async ({ browser }) => {
  const path = await documentPath("declaration");
  const context = await newTestContext(browser, { viewport: { width: 390, height: 844 }, baseURL: process.env.PLENARY_URL });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill("head@pakistan.example");
  await page.getByLabel("Password").fill("plenary-demo-2025");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Budapest Process" })).toBeVisible();
  const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  for (const target of ["/", path, `${path}/compilation`, "/amendments", "/notifications"]) {
    await page.goto(target);
    await page.waitForLoadState("networkidle");
    expect(await sideways(), target).toBeLessThanOrEqual(0);
  }
  // A thread on PP2, so that paragraph carries a comment badge.
  const blocks = (await (await page.request.get(`${path}?_data=routes%2Fdocuments.%24documentId._index`)).json()).blocks as {
    id: string;
    number: string;
  }[];
  const posted = await page.request.post(`${path}/threads`, {
    form: { blockId: blocks.find((block) => block.number === "PP2")!.id, body: "Read on a phone.", visibility: "everyone" },
    headers: { origin: process.env.PLENARY_URL! },
  });
  expect(posted.status()).toBe(200);
  await openDocument(page, path);
  await expect(page.getByRole("link", { name: "Compilation text" })).toBeInViewport();
  const panel = page.getByRole("complementary", { name: "Amendments and comments" });
  await expect(panel).toBeHidden();
  await page.getByTestId("drawer-toggle").click();
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("tab", { name: "Comments" })).toBeInViewport();
  // The focus goes into the drawer and comes back to its toggle (the pressed buttons hide); Escape closes it.
  await expect(panel.getByRole("button", { name: "Close" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await expect(page.getByTestId("drawer-toggle")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(panel).toBeVisible();
  await panel.getByRole("button", { name: "Close" }).click();
  await expect(panel).toBeHidden();
  await expect(page.getByTestId("drawer-toggle")).toBeFocused();
  // A paragraph's badge opens the drawer on its threads.
  await page.locator('.ProseMirror .block[data-number="PP2"] .comment-badge').click();
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId("thread").filter({ hasText: "Read on a phone." })).toBeInViewport();
  await context.close();
});

test("paragraphs are keyboard stops announced with number and status; others' edits are announced once typing pauses", async ({
  browser,
}) => {
  const path = await documentPath("declaration");
  const reader = await signedInPage(browser, "observer@iom.example");
  await openDocument(reader, path);
  const pp1 = reader.locator('.ProseMirror .block[data-number="PP1"]');
  await expect(pp1).toHaveAttribute("tabindex", "0");
  // The label carries the status, whatever earlier tests set it to.
  const op2 = reader.locator('.ProseMirror .block[data-number="OP2"]');
  const status = (await op2.getAttribute("data-status")) ?? "open";
  const statusText = { open: "open", bracketed: "bracketed", agreed_ad_ref: "agreed ad ref", agreed: "agreed" }[status];
  await expect(op2).toHaveAttribute("aria-label", `OP2, ${statusText}`);
  // Only the opening word of a paragraph is italic.
  await expect(pp1.locator(".opening-word")).toHaveText("Recalling");

  // Tab alone reaches the text (past the header and the title); arrows move paragraph by paragraph.
  await reader.locator("body").focus();
  let presses = 0;
  while (presses++ < 60 && !(await pp1.evaluate((block) => block === document.activeElement))) await reader.keyboard.press("Tab");
  await expect(pp1).toBeFocused();
  await reader.keyboard.press("ArrowDown");
  await reader.keyboard.press("ArrowDown");
  await expect(reader.locator('.ProseMirror .block[data-number="PP3"]')).toBeFocused();
  await expect(reader.locator(":focus")).toHaveAttribute("aria-label", /^PP3, (open|bracketed|agreed ad ref|agreed)$/);

  // The chair types in OP4: the reader's live region speaks once, after the pause, by paragraph.
  await reader.evaluate(() => {
    const region = document.querySelector('[data-testid="live-announcer"]')!;
    (window as unknown as { announcements: string[] }).announcements = [];
    new MutationObserver(() => (window as unknown as { announcements: string[] }).announcements.push(region.textContent ?? "")).observe(
      region,
      {
        childList: true,
        characterData: true,
        subtree: true,
      },
    );
  });
  await expect(reader.getByTestId("live-announcer")).toHaveAttribute("aria-live", "polite");
  const chair = await signedInPage(browser, "chair@turkiye.example");
  await openDocument(chair, path);
  await chair.locator('.ProseMirror .block[data-number="OP4"] .block__text').click();
  await chair.keyboard.press("End");
  await chair.keyboard.type(" in full", { delay: 40 });
  await expect(reader.locator('.ProseMirror .block[data-number="OP4"]')).toContainText("in full");
  await expect(reader.getByTestId("live-announcer")).toHaveText("Changed by others: OP4.");
  const announcements = await reader.evaluate(() => (window as unknown as { announcements: string[] }).announcements.filter(Boolean));
  expect(announcements).toEqual(["Changed by others: OP4."]);
});
