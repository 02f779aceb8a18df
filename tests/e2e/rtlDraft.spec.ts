import { expect, test } from "@playwright/test";
import { createDb } from "../../server/db/client";
import { signedInPage } from "./fixtures";
import { documentWithWriters } from "./typing";

test("a delegation drafting an amendment to an Arabic text writes it right to left, as the text itself reads", async ({ browser }) => {
  const paragraph = "نلتزم بتعزيز التعاون (OP1) في عام 2025.";
  const { path } = await documentWithWriters(browser, 1, paragraph, "ar");
  const db = createDb(process.env.PLENARY_DATABASE_URL!);
  try {
    await db.document.update({ where: { id: path.split("/").at(-1)! }, data: { stage: "amendments_open" } });
  } finally {
    await db.$disconnect();
  }
  const iraq = await signedInPage(browser, "head@iraq.example");
  await iraq.goto(path);
  await expect(iraq.getByTestId("connection-state")).toHaveText("Connected");
  await iraq.locator('.ProseMirror .block[data-number="OP1"] .block__text').click();
  await iraq.getByLabel(/Propose an amendment to OP1/).selectOption("replace");
  await iraq.getByRole("button", { name: "Propose amendment" }).click();
  const wording = iraq.locator(`.ProseMirror[aria-label="Proposed wording"]`);
  await expect(wording).toContainText(paragraph);
  await expect(wording).toHaveAttribute("dir", "rtl");
  expect(await wording.evaluate((element) => getComputedStyle(element.querySelector("p") ?? element).direction)).toBe("rtl");
});
