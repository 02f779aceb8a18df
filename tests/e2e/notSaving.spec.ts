import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { freshDatabase } from "../support/database";
import { startServer, type RunningServer } from "../support/server";
import { signedInPage } from "./fixtures";

// docs/decisions/042: when the server refuses a change or the connection drops, whoever is editing is told
// that their text is not being saved, in words, in the status beside the editor.

// Its own server and database: other specs move the seeded action plan through adoption and
// publication, where nobody may edit it any more.
let server: RunningServer;
let planPath = "";

test.beforeAll(async () => {
  const { url, db } = freshDatabase();
  planPath = `/documents/${(await db.document.findFirstOrThrow({ where: { kind: "action_plan" } })).id}`;
  await db.$disconnect();
  server = await startServer(url);
});

test.afterAll(async () => {
  await server?.stop();
});

const actionPlanPath = async () => planPath;
const signedIn = (browser: Browser, email: string) => signedInPage(browser, email, DEMO_PASSWORD, server.url);

/** Pastes `count` paragraphs at the caret, as a browser does with copied HTML. */
async function pasteParagraphs(page: Page, count: number) {
  await page.evaluate((count) => {
    const data = new DataTransfer();
    data.setData("text/html", Array.from({ length: count }, (_, index) => `<p>Pasted paragraph ${index + 1}</p>`).join(""));
    data.setData("text/plain", Array.from({ length: count }, (_, index) => `Pasted paragraph ${index + 1}`).join("\n\n"));
    document
      .querySelector(".ProseMirror")!
      .dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, count);
}

test("a change the server refuses shows 'Not saving' with the reason, stops editing, and stores nothing", async ({ browser }) => {
  const path = await actionPlanPath();
  const chair = await signedIn(browser, "chair@turkiye.example");
  await chair.goto(path);
  const status = chair.getByTestId("connection-state");
  await expect(status).toHaveText("Connected");
  const editor = chair.locator(".document-surface .ProseMirror");
  await expect(editor).toHaveAttribute("contenteditable", "true");

  await chair.locator('.ProseMirror .block[data-number="1.2"] .block__text').click();
  await chair.keyboard.press("End");
  // 1,500 paragraphs in one paste: more than one change may carry (1,000 structs).
  await pasteParagraphs(chair, 1_500);
  await expect(status).toHaveText(
    "Not saving: Change refused: This change is too large to save at once (over 1,000 edits); paste it in smaller parts.",
  );
  await expect(status).toHaveClass(/connection--halted/);
  await expect(editor).toHaveAttribute("contenteditable", "false");
  await status.scrollIntoViewIfNeeded();
  await chair.screenshot({ path: "test-results/not-saving-refused.png" });

  // Nothing of it was stored: a reload shows the text as it was, and editing works again.
  await chair.reload();
  await expect(status).toHaveText("Connected");
  await expect(chair.locator(".ProseMirror .block").first()).toBeVisible();
  await expect(chair.locator(".ProseMirror")).not.toContainText("Pasted paragraph");
  await expect(editor).toHaveAttribute("contenteditable", "true");
});

test("a dropped connection tells the editor their changes are not saved, and saves them once it is back", async ({ browser }) => {
  const path = await actionPlanPath();
  const chair = await signedIn(browser, "chair@turkiye.example");
  const reader = await signedIn(browser, "observer@iom.example");
  await chair.goto(path);
  await reader.goto(path);
  const status = chair.getByTestId("connection-state");
  await expect(status).toHaveText("Connected");
  await expect(reader.getByTestId("connection-state")).toHaveText("Connected");

  // The caret is placed while online (placing it loads the paragraph's side panel).
  await chair.locator('.ProseMirror .block[data-number="1.3"] .block__text').click();
  await chair.keyboard.press("End");
  await chair.context().setOffline(true);
  await expect(status).toHaveText("Not saving: you are offline. Your changes are kept in this tab and saved once you are back online.");
  // A reader is told the connection is down, not that anything of theirs is unsaved.
  await reader.context().setOffline(true);
  await expect(reader.getByTestId("connection-state")).toHaveText("Offline — changes will sync when you are back online");
  await reader.context().setOffline(false);
  await expect(reader.getByTestId("connection-state")).toHaveText("Connected");

  await chair.keyboard.type(" Typed while offline.");
  await status.scrollIntoViewIfNeeded();
  await chair.screenshot({ path: "test-results/not-saving-offline.png" });

  await chair.context().setOffline(false);
  await expect(status).toHaveText("Connected");
  await expect(reader.locator('.ProseMirror .block[data-number="1.3"]')).toContainText("Typed while offline.");
});

test("offline from the start of an edit: the caret placed, the side panel asked for and the words typed offline; the status stays, nothing is lost", async ({
  browser,
}) => {
  const path = await actionPlanPath();
  const chair = await signedIn(browser, "chair@turkiye.example");
  const reader = await signedIn(browser, "delegate@pakistan.example");
  await chair.goto(path);
  await reader.goto(path);
  const status = chair.getByTestId("connection-state");
  await expect(status).toHaveText("Connected");
  const paragraph = (page: Page) => page.locator('.ProseMirror .block[data-number="1.2"] .block__text');
  // The words shown, without another person's caret (its name label sits inside the text).
  const words = (page: Page) =>
    paragraph(page).evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll(".collaboration-carets__caret").forEach((caret) => caret.remove());
      return copy.textContent ?? "";
    });
  const before = await words(chair);
  expect(before.length).toBeGreaterThan(0);

  await chair.context().setOffline(true);
  const offline = "Not saving: you are offline. Your changes are kept in this tab and saved once you are back online.";
  await expect(status).toHaveText(offline);
  // Placing the caret now asks for the paragraph's side panel, which cannot load.
  await paragraph(chair).click();
  await chair.keyboard.press("End");
  await chair.keyboard.type(" Typed offline.");
  await expect.poll(() => words(chair)).toBe(`${before} Typed offline.`);
  await expect(status).toHaveText(offline);
  await expect(chair.getByTestId("panel-offline")).toHaveText("You are offline: the amendments appear here once you are back online.");
  await expect(chair.locator(".ProseMirror")).toHaveAttribute("contenteditable", "true");
  await status.scrollIntoViewIfNeeded();
  await chair.screenshot({ path: "test-results/offline-side-panel.png" });

  await chair.context().setOffline(false);
  await expect(status).toHaveText("Connected");
  await expect(chair.getByTestId("panel-offline")).toHaveCount(0);
  await expect.poll(() => words(reader)).toBe(`${before} Typed offline.`);
  await expect.poll(() => words(chair)).toBe(`${before} Typed offline.`);
});
