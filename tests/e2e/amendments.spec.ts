import { expect, test } from "@playwright/test";
import { createDb } from "../../server/db/client";
import { baseUrl, signedInPage } from "./fixtures";

async function openAmendmentsOnDeclaration() {
  const db = createDb(process.env.PLENARY_DATABASE_URL!);
  try {
    const document = await db.document.findFirstOrThrow({ where: { kind: "declaration" } });
    await db.document.update({ where: { id: document.id }, data: { stage: "amendments_open" } });
    return `/documents/${document.id}`;
  } finally {
    await db.$disconnect();
  }
}

test("Pakistan co-drafts and tables an amendment; Hungary supports it live; the compilation attributes it", async ({ browser }) => {
  const documentPath = await openAmendmentsOnDeclaration();
  const delegate = await signedInPage(browser, "delegate@pakistan.example");
  const secondDelegate = await signedInPage(browser, "delegate2@pakistan.example");
  const head = await signedInPage(browser, "head@pakistan.example");
  const hungary = await signedInPage(browser, "head@hungary.example");
  const observer = await signedInPage(browser, "observer@iom.example");

  // Hungary and the observer already have the document open.
  await hungary.goto(documentPath);
  await observer.goto(documentPath);
  await expect(hungary.getByTestId("connection-state")).toHaveText("Connected");

  // A Pakistan delegate proposes an amendment to OP4 from the side panel.
  await delegate.goto(documentPath);
  await delegate.locator('.ProseMirror .block[data-number="OP4"] .block__text').click();
  await delegate.getByLabel(/Propose an amendment to OP4/).selectOption("replace");
  await delegate.getByRole("button", { name: "Propose amendment" }).click();
  await expect(delegate.getByRole("heading", { name: /Replace OP4 — Pakistan/ })).toBeVisible();
  const workspace = new URL(delegate.url()).pathname;

  // A second Pakistan delegate opens the same drafting space: the two co-draft live.
  await secondDelegate.goto(workspace);
  await expect(secondDelegate.getByTestId("presence-list")).toContainText("Bilal Ahmed");
  await expect(delegate.getByTestId("presence-list")).toContainText("Sana Mir");
  const delegateEditor = delegate.locator(".document-surface--draft .ProseMirror");
  await delegateEditor.click();
  await delegate.keyboard.press("End");
  await delegate.keyboard.type(" and to share best practices");
  await expect(secondDelegate.locator(".document-surface--draft .ProseMirror")).toContainText("and to share best practices");
  await expect(secondDelegate.locator(".live-diff ins")).toContainText("share best practices");
  await secondDelegate.getByTestId("justification").fill("Capacity building should include peer exchange.");
  await expect(delegate.getByTestId("justification")).toHaveValue("Capacity building should include peer exchange.");

  // Delegates cannot table; the head, who sees the same draft, tables it.
  await expect(delegate.getByRole("button", { name: "Table amendment" })).toHaveCount(0);
  await head.goto(workspace);
  await expect(head.locator(".document-surface--draft .ProseMirror")).toContainText("and to share best practices");
  await head.getByRole("button", { name: "Table amendment" }).click();
  await expect(head.getByRole("status").filter({ hasText: "Tabled." })).toBeVisible();

  // Hungary sees it appear without reloading, and supports it.
  const badge = hungary.locator('.ProseMirror .block[data-number="OP4"] .amendment-badge');
  await expect(badge).toHaveText("1");
  await badge.click();
  const card = hungary.getByTestId("amendment-card").filter({ hasText: "Pakistan" });
  await expect(card).toContainText("share best practices");
  await card.getByLabel("Our position", { exact: true }).selectOption("supports");
  await card.getByRole("button", { name: "Record position" }).click();
  await expect(card).toContainText("Supports (1)");

  // Selecting the amendment shows its diff inline over the base text.
  await card.getByRole("button", { name: "Pakistan" }).click();
  await expect(hungary.locator(".ProseMirror .inline-diff ins")).toContainText("share best practices");

  // The compilation text attributes it, and has a clean view.
  await hungary.goto(`${documentPath}/compilation`);
  await expect(hungary.getByTestId("attribution")).toHaveText("Proposed by Pakistan; supported by Hungary.");
  await hungary.getByRole("link", { name: "Clean text" }).click();
  await expect(hungary.getByTestId("attribution")).toHaveCount(0);

  // The observer sees it, live, but has no position or co-sponsor controls.
  await observer.locator('.ProseMirror .block[data-number="OP4"] .amendment-badge').click();
  const observed = observer.getByTestId("amendment-card").filter({ hasText: "Pakistan" });
  await expect(observed).toContainText("Supports (1)");
  await expect(observed.getByLabel("Our position", { exact: true })).toHaveCount(0);
  await expect(observed.getByRole("button", { name: "Co-sponsor" })).toHaveCount(0);
  await expect(observer.getByRole("button", { name: "Propose amendment" })).toHaveCount(0);

  // "Our amendments" for Pakistan lists it with the position received.
  await head.goto("/amendments");
  await expect(head.getByRole("row", { name: /OP4/ })).toContainText("Supports: Hungary");
  await head.screenshot({ path: "test-results/tracker.png", fullPage: true });
  void baseUrl;
});
