import { expect, test, type Locator, type Page } from "@playwright/test";
import { block, jsonToYUpdate } from "../../app/editor/documentModel";
import { serializeOptions } from "../../app/editor/options";
import { documentRoom } from "../../common/collab";
import { createDb } from "../../server/db/client";
import { signedInPage } from "./fixtures";
import { tabledAmendment } from "../support/tabledAmendment";

// Option sets end to end (docs/decisions/081): the chair accepts Pakistan's alternative wording, a Pakistan
// delegate sees [Option A] / [Option B] live with the exact words and who offered them, the chair
// resolves the set to Option B from the editor's toolbar, and the delegate sees the chosen words.

const CURRENT = "Participating States will strengthen cooperation on return and readmission.";
const ALTERNATIVE = "Participating States will consider enhanced cooperation on voluntary return.";
const ARABIC_A = "تعزز الدول المشاركة التعاون في مجال العودة وإعادة القبول.";
const ARABIC_B = "تنظر الدول المشاركة في تعزيز التعاون بشأن العودة الطوعية.";

/** A paragraph's own words, without the badges and labels drawn beside them. */
const wordsOf = (locator: Locator) =>
  locator.locator(".block__text").evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    for (const widget of copy.querySelectorAll('[contenteditable="false"]')) widget.remove();
    return copy.textContent;
  });

async function issueNextVersion(chair: Page, documentPath: string, label: string) {
  await chair.goto(`${documentPath}/versions`);
  await chair.getByRole("button", { name: `Issue ${label}` }).click();
  await expect(chair.getByRole("status").filter({ hasText: `${label} issued` })).toBeVisible();
}

/** A document of its own (so no other spec's edits meet it), in consolidation, stored as the server stores its text. */
async function documentWith(language: string, blocks: ReturnType<typeof block>[]) {
  const db = createDb(process.env.PLENARY_DATABASE_URL!);
  try {
    const secretariat = await db.user.findUniqueOrThrow({ where: { email: "secretariat@icmpd.example" }, include: { participant: true } });
    const suffix = crypto.randomUUID().slice(0, 8);
    const document = await db.document.create({
      data: {
        processId: secretariat.participant.processId,
        kind: "declaration",
        title: `Options ${language} ${suffix}`,
        symbol: `BP/OPT/${suffix}`,
        language,
        stage: "consolidation",
        createdById: secretariat.id,
      },
    });
    await db.yUpdate.create({
      data: { room: documentRoom(document.id), data: Buffer.from(jsonToYUpdate({ type: "doc", content: blocks })) },
    });
    return { db, document };
  } catch (error) {
    await db.$disconnect();
    throw error;
  }
}

test("the chair accepts an alternative, a delegate sees both options live, the chair resolves it and the delegate sees the chosen words", async ({
  browser,
}, testInfo) => {
  const target = block("operative", CURRENT);
  const { db, document } = await documentWith("en", [block("title", "Options"), target, block("operative", "Second paragraph.")]);
  let amendmentPath = "";
  try {
    const amendment = await tabledAmendment(db, {
      documentId: document.id,
      target: { id: String(target.attrs!.id), text: CURRENT },
      number: "OP1",
      proposedText: ALTERNATIVE,
      operation: "alternative",
      content: [block("operative", ALTERNATIVE)],
      justification: "Voluntary return first.",
    });
    amendmentPath = `/amendments/${amendment.id}`;
  } finally {
    await db.$disconnect();
  }
  const documentPath = `/documents/${document.id}`;
  const delegate = await signedInPage(browser, "delegate@pakistan.example");
  const chair = await signedInPage(browser, "chair@turkiye.example");

  await delegate.goto(documentPath);
  await expect(delegate.getByTestId("connection-state")).toHaveText("Connected");
  const paragraph = delegate.locator('.ProseMirror .block[data-number="OP1"]');
  await expect.poll(() => wordsOf(paragraph)).toBe(CURRENT);
  await expect(paragraph.locator("[data-option]")).toHaveCount(0);

  await chair.goto(amendmentPath);
  await chair.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(chair.getByRole("status").filter({ hasText: "Decision recorded" })).toBeVisible();

  // Without reloading, the delegate sees both options, each labelled and attributed, the words exact.
  await expect(paragraph.locator('[data-option-label="A"]')).toHaveText("[Option A] Current text");
  expect(await wordsOf(paragraph)).toBe(CURRENT);
  const optionB = paragraph.locator('[data-option="B"]');
  await expect(optionB.locator('[data-option-label="B"]')).toHaveText("[Option B] Pakistan");
  await expect(optionB.locator(".option__text")).toHaveText(ALTERNATIVE);
  await delegate.screenshot({ path: testInfo.outputPath("option-set-delegate.png"), fullPage: true });

  // Rev.1 freezes the set (the Zero draft was frozen before the decision); comparing the two shows it
  // as the editor does, each option labelled and attributed, Pakistan's new option inserted whole.
  await issueNextVersion(chair, documentPath, "Rev.1");
  await chair.getByRole("button", { name: "Compare" }).click();
  await expect(chair.getByRole("heading", { name: "Zero draft vs Rev.1" })).toBeVisible();
  const opened = chair.locator('.compare-row[aria-label="OP1"]').getByTestId("compare-options");
  await expect(opened.locator('[data-option-label="A"]')).toHaveText("[Option A] Current text");
  await expect(opened.locator(".block__text")).toHaveText(CURRENT);
  const offered = opened.locator('[data-option="B"]');
  await expect(offered.locator('[data-option-label="B"]')).toHaveText("[Option B] Pakistan");
  await expect(offered.locator(".badge")).toHaveText("New option");
  await expect(offered.locator(".option__text ins")).toHaveText(ALTERNATIVE);
  await chair.screenshot({ path: testInfo.outputPath("option-set-compare-inline.png"), fullPage: true });

  // The compilation shows the set too, with the chair's control beside it.
  await chair.goto(`${documentPath}/compilation`);
  const compiled = chair.locator('.compilation__text .block[data-number="OP1"]');
  await expect(compiled.locator('[data-option="B"] .option__text')).toHaveText(ALTERNATIVE);
  await expect(compiled.getByRole("form", { name: "Resolve the options of OP1" })).toBeVisible();
  await chair.screenshot({ path: testInfo.outputPath("option-set-compilation.png"), fullPage: true });

  // The chair resolves it from the editor: in the paragraph, "Resolve to" Option B.
  await chair.goto(documentPath);
  await expect(chair.getByTestId("connection-state")).toHaveText("Connected");
  await chair.locator('.ProseMirror .block[data-number="OP1"] .block__text').click();
  const resolve = chair.getByTestId("resolve-options");
  await expect(resolve).toBeVisible();
  await resolve.getByLabel("Resolve to").focus();
  await resolve.getByLabel("Resolve to").selectOption("B");
  await chair.screenshot({ path: testInfo.outputPath("option-set-chair.png"), fullPage: true });
  await resolve.getByRole("button", { name: "Resolve" }).press("Enter");
  await expect(chair.getByTestId("options-result")).toHaveText("OP1 now reads as Option B (Pakistan).");

  // The delegate sees the chosen wording alone, live.
  await expect.poll(() => wordsOf(paragraph)).toBe(ALTERNATIVE);
  await expect(paragraph.locator("[data-option], [data-option-label]")).toHaveCount(0);
  await expect(delegate.locator(".ProseMirror")).not.toContainText(CURRENT);

  // Rev.1 vs Rev.2, side by side: the set as it stood, then the chosen words and the resolution.
  await issueNextVersion(chair, documentPath, "Rev.2");
  await chair.goto(`${documentPath}/versions`);
  await chair.getByLabel("From").selectOption({ label: "Rev.1" });
  await chair.getByRole("button", { name: "Compare" }).click();
  await chair.getByRole("link", { name: "Side by side" }).click();
  await expect(chair.getByRole("heading", { name: "Rev.1 vs Rev.2" })).toBeVisible();
  const resolved = chair.locator('.compare-row[aria-label="OP1"]');
  const earlier = resolved.getByTestId("compare-before");
  await expect(earlier.locator('[data-option-label="A"]')).toHaveText("[Option A] Current text");
  await expect(earlier.locator(".block__text")).toHaveText(CURRENT);
  await expect(earlier.locator('[data-option="B"] [data-option-label="B"]')).toHaveText("[Option B] Pakistan");
  await expect(earlier.locator('[data-option="B"] .option__text')).toHaveText(ALTERNATIVE);
  await expect(resolved.getByTestId("compare-after").getByTestId("compare-chosen")).toHaveText(ALTERNATIVE);
  await expect(resolved.getByTestId("compare-resolution")).toHaveText("Options resolved to Option B (Pakistan).");
  await expect(resolved.getByTestId("compare-attribution")).toHaveText("Options resolved: Pakistan's amendment");
  await chair.screenshot({ path: testInfo.outputPath("option-set-compare-side.png"), fullPage: true });
});

test("an option set in an Arabic text reads right to left, the labels whole", async ({ browser }, testInfo) => {
  const options = serializeOptions([
    { key: "A", text: ARABIC_A, attribution: "Current text", amendmentId: null },
    { key: "B", text: ARABIC_B, attribution: "Iraq", amendmentId: null },
  ]);
  const { db, document } = await documentWith("ar", [
    block("title", "إعلان"),
    { ...block("operative", ARABIC_A), attrs: { id: crypto.randomUUID(), status: "open", options } },
  ]);
  await db.$disconnect();
  const delegate = await signedInPage(browser, "delegate@pakistan.example");
  await delegate.goto(`/documents/${document.id}`);
  await expect(delegate.getByTestId("connection-state")).toHaveText("Connected");
  await expect(delegate.locator(".document-surface")).toHaveAttribute("dir", "rtl");
  const paragraph = delegate.locator('.ProseMirror .block[data-number="OP1"]');
  await expect(paragraph.locator('[data-option-label="A"]')).toHaveText("[Option A] Current text");
  await expect(paragraph.locator('[data-option="B"] .option__text')).toHaveText(ARABIC_B);
  // The group's frame is on the right, where an Arabic paragraph starts.
  const frame = await paragraph.evaluate((element) => getComputedStyle(element).borderRightWidth);
  expect(frame).toBe("3px");
  await delegate.screenshot({ path: testInfo.outputPath("option-set-arabic.png"), fullPage: true });

  // Compared across a resolution, the set reads right to left too, framed on the right.
  const chair = await signedInPage(browser, "chair@turkiye.example");
  await issueNextVersion(chair, `/documents/${document.id}`, "Zero draft");
  await chair.goto(`/documents/${document.id}/compilation`);
  const form = chair.getByRole("form", { name: "Resolve the options of OP1" });
  await form.getByRole("combobox").selectOption("B");
  await form.getByRole("button", { name: "Resolve" }).click();
  await expect(chair.getByText("OP1 now reads as Option B (Iraq).")).toBeVisible();
  await issueNextVersion(chair, `/documents/${document.id}`, "Rev.1");
  await chair.getByRole("button", { name: "Compare" }).click();
  await chair.getByRole("link", { name: "Side by side" }).click();
  await expect(chair.getByRole("heading", { name: "Zero draft vs Rev.1" })).toBeVisible();
  await expect(chair.locator("article.document-surface")).toHaveAttribute("dir", "rtl");
  const row = chair.locator('.compare-row[aria-label="OP1"]');
  const earlier = row.getByTestId("compare-before");
  await expect(earlier.locator('[data-option-label="A"]')).toHaveText("[Option A] Current text");
  await expect(earlier.locator(".block__text")).toHaveText(ARABIC_A);
  await expect(earlier.locator('[data-option="B"] [data-option-label="B"]')).toHaveText("[Option B] Iraq");
  await expect(earlier.locator('[data-option="B"] .option__text')).toHaveText(ARABIC_B);
  expect(await earlier.locator(".compare-options").evaluate((element) => getComputedStyle(element).borderRightWidth)).toBe("3px");
  await expect(row.getByTestId("compare-chosen")).toHaveText(ARABIC_B);
  await expect(row.getByTestId("compare-resolution")).toHaveText("Options resolved to Option B (Iraq).");
  // No amendment behind this set's options: the decision is named alone.
  await expect(row.getByTestId("compare-attribution")).toHaveText("Options resolved");
  await chair.screenshot({ path: testInfo.outputPath("option-set-compare-arabic.png"), fullPage: true });
});
