import { expect, test } from "@playwright/test";
import { signedInPage } from "./fixtures";
import { documentWithWriters } from "./typing";

test("a comment and a reply posted with the keyboard keep the focus on their button, and a second press while sending posts nothing more", async ({
  browser,
}) => {
  const { path } = await documentWithWriters(browser, 1, "We agree to cooperate on return and readmission.");
  const delegate = await signedInPage(browser, "delegate@pakistan.example");
  await delegate.goto(path);
  await expect(delegate.getByTestId("connection-state")).toHaveText("Connected");
  await delegate.locator('.ProseMirror .block[data-number="OP1"] .block__text').click();
  const panel = delegate.locator("#side-panel");
  await panel.getByRole("tab", { name: "Comments" }).click();
  await panel.getByLabel("Comment", { exact: true }).fill("Does this cover readmission agreements?");
  const comment = panel.getByRole("button", { name: "Comment", exact: true });
  await comment.focus();
  await delegate.keyboard.press("Enter");
  await delegate.keyboard.press("Enter");
  const thread = panel.getByTestId("thread").filter({ hasText: "Does this cover readmission agreements?" });
  await expect(thread).toHaveCount(1);
  await expect(comment).toBeFocused();

  await thread.getByLabel("Reply").fill("It does, see OP1.");
  const reply = thread.getByRole("button", { name: "Reply", exact: true });
  await reply.focus();
  await delegate.keyboard.press("Enter");
  await expect(thread).toContainText("It does, see OP1.");
  await expect(reply).toBeFocused();
});
