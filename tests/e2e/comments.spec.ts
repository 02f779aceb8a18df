import { expect, test, type Page } from "@playwright/test";
import { createDb } from "../../server/db/client";
import { selectWords, signedInPage } from "./fixtures";

async function declarationPath() {
  const db = createDb(process.env.PLENARY_DATABASE_URL!);
  try {
    const document = await db.document.findFirstOrThrow({ where: { kind: "declaration" } });
    return `/documents/${document.id}`;
  } finally {
    await db.$disconnect();
  }
}

async function openComments(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByTestId("connection-state")).toHaveText("Connected");
  await page.getByRole("tab", { name: "Comments" }).click();
}

test("threads on words, live replies, private delegation threads, and the chair resolving", async ({ browser }) => {
  const path = await declarationPath();
  const hungary = await signedInPage(browser, "delegate@hungary.example");
  const pakistan = await signedInPage(browser, "head@pakistan.example");
  const chair = await signedInPage(browser, "chair@turkiye.example");
  await openComments(hungary, path);
  await openComments(pakistan, path);

  // A Hungary delegate comments on a range of words in OP1, for everyone.
  await selectWords(hungary, "OP1", "mutual trust");
  await expect(hungary.locator(".comment-form .quote-inline")).toHaveText("“mutual trust”");
  await hungary.getByPlaceholder(/Write a comment/).fill("Could we say “mutual trust and respect”? @Pakistan, your view?");
  await hungary.getByLabel("Who sees this thread").selectOption("everyone");
  await hungary.getByRole("button", { name: "Comment", exact: true }).click();
  const publicThread = hungary.getByTestId("thread").filter({ hasText: "mutual trust and respect" });
  await expect(publicThread).toContainText("“mutual trust”");

  // Pakistan sees it live, replies, and the reply reaches Hungary without reloading.
  const seenByPakistan = pakistan.getByTestId("thread").filter({ hasText: "mutual trust and respect" });
  await expect(seenByPakistan).toBeVisible();
  await expect(seenByPakistan).toContainText("Péter Tóth");
  // The mention shows in the header at once: live notices refresh every loader, the header's too.
  await expect(pakistan.locator(".notifications-link__count")).toHaveText("1");
  await seenByPakistan.getByPlaceholder("Reply…").fill("Pakistan can support that wording.");
  await seenByPakistan.getByRole("button", { name: "Reply" }).click();
  await expect(publicThread).toContainText("Pakistan can support that wording.");
  await expect(publicThread).toContainText("Head of delegation");

  // An internal Hungary-only thread stays invisible to Pakistan.
  await hungary.locator('.ProseMirror .block[data-number="OP3"] .block__text').click();
  await hungary.getByPlaceholder(/Write a comment/).fill("Internal: check with Budapest before supporting OP3.");
  await hungary.getByLabel("Who sees this thread").selectOption("delegation");
  await hungary.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(hungary.getByTestId("thread").filter({ hasText: "check with Budapest" })).toBeVisible();
  await pakistan.waitForTimeout(1000);
  await expect(pakistan.getByText("check with Budapest")).toHaveCount(0);
  await pakistan.reload();
  await pakistan.getByRole("tab", { name: "Comments" }).click();
  await expect(pakistan.getByTestId("thread").filter({ hasText: "mutual trust" })).toBeVisible();
  await expect(pakistan.getByText("check with Budapest")).toHaveCount(0);

  // Pakistan was mentioned: the notification is listed.
  await pakistan.goto("/notifications");
  await expect(pakistan.getByTestId("notifications")).toContainText("Péter Tóth (Hungary) mentioned Pakistan");

  // The chair resolves the public thread; it folds away for Hungary, live, and can be shown.
  await openComments(chair, path);
  const chairView = chair.getByTestId("thread").filter({ hasText: "mutual trust and respect" });
  await chairView.getByRole("button", { name: "Resolve" }).click();
  await hungary.locator("#panel-comments").getByLabel("Paragraph", { exact: true }).selectOption("");
  await expect(hungary.getByTestId("thread").filter({ hasText: "check with Budapest" })).toBeVisible();
  await expect(hungary.getByTestId("thread").filter({ hasText: "mutual trust and respect" })).toHaveCount(0);
  await hungary.getByRole("button", { name: /Show 1 resolved thread/ }).click();
  await expect(hungary.getByTestId("thread").filter({ hasText: "mutual trust and respect" })).toContainText("Resolved");
  await hungary.screenshot({ path: "test-results/comments.png", fullPage: true });
});

test("a comment with script or HTML is shown as plain text and runs nothing", async ({ browser }) => {
  const path = await declarationPath();
  const author = await signedInPage(browser, "observer@iom.example");
  const reader = await signedInPage(browser, "head@iraq.example");
  const dialogs: string[] = [];
  for (const page of [author, reader]) page.on("dialog", (dialog) => (dialogs.push(dialog.message()), void dialog.dismiss()));
  await openComments(author, path);
  await openComments(reader, path);
  await author.locator('.ProseMirror .block[data-number="PP5"] .block__text').click();
  const payload = `<img src=x onerror="alert('xss')"><script>alert('xss')</script>`;
  await author.getByPlaceholder(/Write a comment/).fill(payload);
  await author.getByRole("button", { name: "Comment", exact: true }).click();
  const thread = reader.getByTestId("thread").filter({ hasText: "onerror" });
  await expect(thread.locator(".comment__body")).toHaveText(payload);
  await expect(thread.locator("img, script")).toHaveCount(0);
  // The observer is marked as an observer, not as a state.
  await expect(thread).toContainText("Observer — not a state");
  expect(dialogs).toEqual([]);
});

test("a refused comment, reply or edit answers beside its box, keeps what was typed, and the next one goes through", async ({
  browser,
}) => {
  const path = await declarationPath();
  // Not delegate@iraq.example: collaboration.spec disables that account. PP4: ux.spec expects PP2 to hold only its thread.
  const iraq = await signedInPage(browser, "head@iraq.example");
  await openComments(iraq, path);
  await iraq.locator('.ProseMirror .block[data-number="PP4"] .block__text').click();

  // Only spaces: the command's schema refuses it, and the message is tied to the box.
  const box = iraq.locator(".comment-form").getByPlaceholder(/Write a comment/);
  await box.fill("   ");
  await iraq.getByRole("button", { name: "Comment", exact: true }).click();
  const error = iraq.locator(".comment-form .field__error");
  await expect(error).toHaveText("Write a comment first.");
  await expect(box).toHaveAttribute("aria-invalid", "true");
  const errorId = await error.getAttribute("id");
  expect((await box.getAttribute("aria-describedby"))?.split(" ")).toContain(errorId);
  await iraq.screenshot({ path: "test-results/comment-field-error.png" });

  // Corrected, it goes through: the thread is listed, the box is empty and the error gone.
  await box.fill("Iraq asks for the reference to the 2019 ministerial meeting.");
  await iraq.getByRole("button", { name: "Comment", exact: true }).click();
  const thread = iraq.getByTestId("thread").filter({ hasText: "2019 ministerial meeting" });
  await expect(thread).toBeVisible();
  await expect(box).toHaveValue("");
  await expect(error).toHaveCount(0);

  // A blank reply is refused under the reply box, which keeps its place; a real one is added.
  const reply = thread.getByPlaceholder("Reply…");
  await reply.fill("  ");
  await thread.getByRole("button", { name: "Reply" }).click();
  await expect(thread.locator(".reply-form .field__error")).toHaveText("Write a comment first.");
  await expect(reply).toHaveAttribute("aria-invalid", "true");
  await reply.fill("Or to the 2023 one.");
  await thread.getByRole("button", { name: "Reply" }).click();
  await expect(thread.locator(".comment__body")).toHaveText([
    "Iraq asks for the reference to the 2019 ministerial meeting.",
    "Or to the 2023 one.",
  ]);
  await expect(reply).toHaveValue("");

  // Editing: a blank edit is refused beside the box; the saved wording then shows, and a second
  // edit starts from it.
  const mine = thread.getByTestId("comment").filter({ hasText: "Or to the 2023 one." });
  await mine.getByRole("button", { name: "Edit" }).click();
  const edit = mine.getByLabel("Edit your comment");
  await edit.fill(" ");
  await mine.getByRole("button", { name: "Save" }).click();
  await expect(mine.locator(".field__error")).toHaveText("Write a comment first.");
  await edit.fill("Or to the 2023 meeting in Istanbul.");
  await mine.getByRole("button", { name: "Save" }).click();
  const edited = thread.getByTestId("comment").filter({ hasText: "2023 meeting in Istanbul" });
  await expect(edited.locator(".comment__body")).toHaveText("Or to the 2023 meeting in Istanbul.");
  await edited.getByRole("button", { name: "Edit" }).click();
  await expect(edited.getByLabel("Edit your comment")).toHaveValue("Or to the 2023 meeting in Istanbul.");
});
