import { expect, test } from "@playwright/test";
import { createDb } from "../../server/db/client";
import { appendBlock, connectClient, synced, typeInto, waitFor } from "../support/collab";
import { baseUrl, newTestContext, signedInPage } from "./fixtures";

async function declarationPath() {
  const db = createDb(process.env.PLENARY_DATABASE_URL!);
  try {
    const document = await db.document.findFirstOrThrow({ where: { kind: "declaration" } });
    return { path: `/documents/${document.id}`, room: `document.${document.id}` };
  } finally {
    await db.$disconnect();
  }
}

test("the declaration is readable before JavaScript runs", async ({ browser }) => {
  const { path } = await declarationPath();
  const page = await signedInPage(browser, "observer@iom.example");
  const cookies = await page.context().cookies();
  const noScript = await newTestContext(browser, { baseURL: baseUrl(), javaScriptEnabled: false });
  await noScript.addCookies(cookies);
  const staticPage = await noScript.newPage();
  await staticPage.goto(path);
  await expect(staticPage.locator(".block--operative").first()).toContainText("Partnership: commit to strengthen cooperation");
  await expect(staticPage.locator('.block[data-number="OP2"]')).toHaveAttribute("data-status", "bracketed");
  await noScript.close();
});

test("the chair types and a Pakistan delegate sees it live, read-only, with both present", async ({ browser }) => {
  const { path, room } = await declarationPath();
  const chair = await signedInPage(browser, "chair@turkiye.example");
  const delegate = await signedInPage(browser, "delegate@pakistan.example");
  await chair.goto(path);
  await delegate.goto(path);

  await expect(chair.getByTestId("connection-state")).toHaveText("Connected");
  await expect(delegate.getByTestId("connection-state")).toHaveText("Connected");
  await expect(delegate.getByTestId("readonly-banner")).toContainText("Read-only");
  await expect(chair.getByTestId("readonly-banner")).toHaveCount(0);
  await expect(delegate.getByRole("toolbar")).toHaveCount(0);

  // Presence: each sees the other, with their participant.
  await expect(chair.getByTestId("presence-list")).toContainText("Bilal Ahmed");
  await expect(chair.getByTestId("presence-list")).toContainText("Pakistan");
  await expect(delegate.getByTestId("presence-list")).toContainText("Ayşe Demir");

  // The chair types at the end of OP1; the delegate sees it without reloading.
  const op1 = chair.locator('.ProseMirror .block[data-number="OP1"] .block__text');
  await op1.click();
  await chair.keyboard.press("End");
  await chair.keyboard.type(" Typed live by the Chair.");
  await expect(delegate.locator('.ProseMirror .block[data-number="OP1"]')).toContainText("Typed live by the Chair.");

  // Enter starts a new operative paragraph, numbered from its position.
  await chair.keyboard.press("Enter");
  await chair.keyboard.type("A new operative paragraph.");
  await expect(delegate.locator('.ProseMirror .block[data-number="OP2"]')).toContainText("A new operative paragraph.");
  await expect(delegate.locator('.ProseMirror .block[data-number="OP6"]')).toBeVisible();

  // The delegate's editor does not accept typing.
  await expect(delegate.locator(".ProseMirror")).toHaveAttribute("contenteditable", "false");
  // A forced edit over the delegate's own session, bypassing the UI, never reaches the chair.
  const cookie = (await delegate.context().cookies()).map((each) => `${each.name}=${each.value}`).join("; ");
  const forger = connectClient(baseUrl(), room, cookie);
  await synced(forger);
  typeInto(forger.doc, 7, " FORGED");
  appendBlock(forger.doc, "FORGED paragraph");
  forger.provider.awareness.setLocalStateField("marker", "after");
  await waitFor(() => forger.provider.awareness.getStates().size > 0, "awareness");
  await chair.keyboard.type(" Still the chair.");
  await expect(delegate.locator(".ProseMirror")).toContainText("Still the chair.");
  await expect(chair.locator(".ProseMirror")).not.toContainText("FORGED");
  await expect(delegate.locator(".ProseMirror")).not.toContainText("FORGED");
  forger.destroy();

  // The chair's caret shows in the delegate's view, in Türkiye's colour.
  await expect(delegate.locator(".collaboration-carets__label")).toContainText("Ayşe Demir");
});

test("a document in Arabic renders right-to-left", async ({ browser }) => {
  const secretariat = await signedInPage(browser, "secretariat@icmpd.example");
  await secretariat.getByRole("link", { name: "New document" }).click();
  await secretariat.getByLabel("Kind").selectOption("declaration");
  await secretariat.getByLabel("Title").fill("مشروع الإعلان الوزاري");
  await secretariat.getByLabel("Symbol").fill("BP/MC/2025/L.1/AR");
  await secretariat.getByLabel("Language").selectOption("ar");
  await secretariat.getByRole("button", { name: "Create document" }).click();
  await expect(secretariat.getByTestId("connection-state")).toHaveText("Connected");
  const surface = secretariat.locator("article.document-surface");
  await expect(surface).toHaveAttribute("dir", "rtl");
  await expect(surface).toHaveAttribute("lang", "ar");
  await expect(secretariat.locator(".ProseMirror .block--title")).toHaveText("مشروع الإعلان الوزاري");
  await secretariat.screenshot({ path: "test-results/arabic-document.png" });
});

test("a disabled user's open document says access denied and stops retrying", async ({ browser }) => {
  const { path } = await declarationPath();
  const secretariat = await signedInPage(browser, "secretariat@icmpd.example");
  const reader = await signedInPage(browser, "delegate@iraq.example");
  await reader.goto(path);
  await expect(reader.getByTestId("connection-state")).toHaveText("Connected");
  const db = createDb(process.env.PLENARY_DATABASE_URL!);
  const user = await db.user.findUniqueOrThrow({ where: { email: "delegate@iraq.example" } });
  await db.$disconnect();
  await secretariat.goto(`/admin/users/${user.id}`);
  // Disabling asks first: it ends the user's sessions at once.
  await secretariat.getByText("Disable user…").click();
  await secretariat.getByRole("button", { name: "Disable user", exact: true }).click();
  await expect(secretariat.getByRole("status")).toHaveText("User disabled. Their sessions and open documents were closed.");
  await expect(reader.getByTestId("connection-state")).toHaveText(/Access denied: Your session has ended/);
  // The text stays readable.
  await expect(reader.locator(".ProseMirror")).toContainText("Partnership");
});
