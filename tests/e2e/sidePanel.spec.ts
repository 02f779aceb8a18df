import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { block, jsonToYUpdate } from "../../app/editor/documentModel";
import { documentRoom } from "../../common/collab";
import { createDomainContext } from "../../server/domainContext";
import { signIn } from "../support/http";
import { newTestContext, signedInPage } from "./fixtures";

// The side panel as a reader finds it: on an Arabic text, and on a phone. Each test reads a
// declaration of its own, so no other spec's data matters.

const OPENING = "نلتزم بتعزيز التعاون";
const PARAGRAPH = `${OPENING} بين الدول المشاركة على أساس الثقة المتبادلة والمسؤولية المشتركة، وتعميق الحوار مع بلدان طريق الحرير.`;

/** An Arabic declaration in consolidation: a title and one long operative paragraph. */
async function arabicDeclaration() {
  const { ctx, updateLog, close } = createDomainContext({ databaseUrl: process.env.PLENARY_DATABASE_URL! });
  try {
    const process = await ctx.db.process.findFirstOrThrow();
    const suffix = randomUUID().slice(0, 8);
    const document = await ctx.db.document.create({
      data: {
        processId: process.id,
        kind: "declaration",
        title: `إعلان ${suffix}`,
        symbol: `BP/AR/${suffix}`,
        language: "ar",
        stage: "consolidation",
      },
    });
    const content = [block("title", `مشروع الإعلان الوزاري ${suffix}`), block("operative", PARAGRAPH)];
    await updateLog.append([{ room: documentRoom(document.id), data: jsonToYUpdate({ type: "doc", content }), author: null }]);
    return `/documents/${document.id}`;
  } finally {
    await close();
  }
}

test("on an Arabic text, the side panel's paragraph pickers run right to left: each paragraph's start shows beside its number", async ({
  browser,
}, testInfo) => {
  const path = await arabicDeclaration();
  const reader = await signedInPage(browser, "head@pakistan.example");
  await reader.goto(path);
  await expect(reader.getByTestId("connection-state")).toHaveText("Connected");
  await reader.locator('.ProseMirror .block[data-number="OP1"] .block__text').click();
  const panel = reader.locator("#side-panel");
  const picker = panel.getByLabel("Paragraph", { exact: true });
  await expect(picker.locator("option:checked")).toHaveText(`OP1 — ${PARAGRAPH.slice(0, 57)}…`);
  // In a left-to-right box the Arabic words ran from the box's right edge, which cut off their start.
  expect(await picker.evaluate((element) => getComputedStyle(element).direction)).toBe("rtl");
  await expect(picker.locator("option:checked")).toHaveAttribute("lang", "ar");
  await panel.screenshot({ path: testInfo.outputPath("arabic-side-panel.png") });
  await panel.getByRole("tab", { name: "Comments" }).click();
  const comments = panel.getByLabel("Paragraph", { exact: true });
  await expect(comments.locator("option:checked")).toHaveText(`OP1 — ${PARAGRAPH.slice(0, 57)}…`);
  expect(await comments.evaluate((element) => getComputedStyle(element).direction)).toBe("rtl");
});

test("at 390 px, tapping a paragraph opens the side panel on it, as a click shows it beside the text on a wide screen", async ({
  browser,
}, testInfo) => {
  const path = await arabicDeclaration();
  const url = process.env.PLENARY_URL!;
  const cookie = await signIn(url, "head@pakistan.example", "plenary-demo-2025");
  const context = await newTestContext(browser, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, baseURL: url });
  const [name, ...value] = cookie.split("=");
  await context.addCookies([{ name: name!, value: value.join("="), url }]);
  const phone = await context.newPage();
  await phone.goto(path);
  await expect(phone.getByTestId("connection-state")).toHaveText("Connected");
  const panel = phone.getByRole("complementary", { name: "Amendments and comments" });
  await expect(panel).toBeHidden();

  await phone.locator('.ProseMirror .block[data-number="OP1"] .block__text').tap();
  await expect(panel).toBeVisible();
  await expect(panel.getByLabel("Paragraph", { exact: true }).locator("option:checked")).toContainText("OP1 — ");
  await expect(panel.getByRole("button", { name: "Close" })).toBeFocused();
  await phone.screenshot({ path: testInfo.outputPath("phone-tap-opens-panel.png") });
  // Closed again, the text is back; the toggle holds the focus.
  await panel.getByRole("button", { name: "Close" }).tap();
  await expect(panel).toBeHidden();
});
