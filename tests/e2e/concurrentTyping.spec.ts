import { expect, test, type Page } from "@playwright/test";
import { converged, documentWithWriters, expectOnEveryScreen, placeCaret } from "./typing";

// Key presses 25 ms apart: several keystrokes of each person are in flight while the others type.
const DELAY = 25;

async function closeAll(pages: Page[]) {
  await Promise.all(pages.map((page) => page.context().close()));
}

test("the Chair typing at the end and the Co-Chair at the start of one paragraph each keep their words", async ({ browser }) => {
  const { pages } = await documentWithWriters(browser, 2, "Call for Action");
  const [chair, cochair] = pages as [Page, Page];
  await placeCaret(chair, 1, -1);
  await placeCaret(cochair, 1, 0);
  await Promise.all([chair.keyboard.type(" one two three four five", { delay: DELAY }), cochair.keyboard.type("X", { delay: DELAY })]);
  await converged(pages);
  await expectOnEveryScreen(pages, ["XCall for Action one two three four five"]);

  // Both typing continuously, at the start and at the end.
  await Promise.all([chair.keyboard.type(" and experience.", { delay: DELAY }), cochair.keyboard.type("Building on ", { delay: DELAY })]);
  await converged(pages);
  await expectOnEveryScreen(pages, ["XBuilding on Call for Action one two three four five and experience."]);
  await closeAll(pages);
});

test("three pen-holders at the start, in the middle and at the end, then all three at the same position", async ({ browser }) => {
  const { pages } = await documentWithWriters(browser, 3, "evidence-based policies");
  const [a, b, c] = pages as [Page, Page, Page];
  await placeCaret(a, 1, 0);
  await placeCaret(b, 1, "evidence-based".length);
  await placeCaret(c, 1, -1);
  await Promise.all([
    a.keyboard.type("Promote ", { delay: DELAY }),
    b.keyboard.type(" migration", { delay: DELAY }),
    c.keyboard.type(" and partnerships", { delay: DELAY }),
  ]);
  await converged(pages);
  await expectOnEveryScreen(pages, ["Promote evidence-based migration policies and partnerships"]);

  for (const page of pages) await placeCaret(page, 1, -1);
  const runs = [" alpha", " beta", " gamma"];
  await Promise.all(pages.map((page, index) => page.keyboard.type(runs[index]!, { delay: DELAY })));
  const [text] = await converged(pages);
  const base = "Promote evidence-based migration policies and partnerships";
  const orders = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
  ].map((order) => base + order.map((index) => runs[index]).join(""));
  expect(orders).toContain(text);
  await expectOnEveryScreen(pages, [text!]);
  await closeAll(pages);
});

test("Enter, Backspace, paste and undo by one pen-holder leave the other's caret with their own text", async ({ browser }) => {
  const { pages } = await documentWithWriters(browser, 2, "Strengthen cooperation on return and readmission");
  const [chair, cochair] = pages as [Page, Page];
  await placeCaret(chair, 1, "Strengthen cooperation on return".length);
  await chair.keyboard.type(" [A]", { delay: DELAY });
  await converged(pages);

  // Enter before the Chair's caret: the Chair's caret moves with their words into the new paragraph.
  await placeCaret(cochair, 1, "Strengthen".length);
  await cochair.keyboard.press("Enter");
  await converged(pages);
  await chair.keyboard.type("[B]", { delay: DELAY });
  await converged(pages);
  await expectOnEveryScreen(pages, ["Strengthen", " cooperation on return [A][B] and readmission"]);

  // Backspace at the start of the Chair's paragraph joins it back.
  await placeCaret(cochair, 2, 0);
  await cochair.keyboard.press("Backspace");
  await converged(pages);
  await chair.keyboard.type("[C]", { delay: DELAY });
  await converged(pages);
  await expectOnEveryScreen(pages, ["Strengthen cooperation on return [A][B][C] and readmission"]);

  // A paste before the Chair's caret, then the Co-Chair undoes it.
  await placeCaret(cochair, 1, 0);
  await paste(cochair, "Having regard to ");
  await converged(pages);
  await chair.keyboard.type("[D]", { delay: DELAY });
  await converged(pages);
  await expectOnEveryScreen(pages, ["Having regard to Strengthen cooperation on return [A][B][C][D] and readmission"]);
  await cochair.keyboard.press("Control+z");
  await converged(pages);
  await chair.keyboard.type("[E]", { delay: DELAY });
  await converged(pages);
  await expectOnEveryScreen(pages, ["Strengthen cooperation on return [A][B][C][D][E] and readmission"]);

  // A paste of several lines after the Chair's caret.
  await placeCaret(cochair, 1, -1);
  await paste(cochair, " first pasted line\nSecond pasted line");
  await converged(pages);
  await chair.keyboard.type("[F]", { delay: DELAY });
  await converged(pages);
  await expectOnEveryScreen(pages, [
    "Strengthen cooperation on return [A][B][C][D][E][F] and readmission first pasted line",
    "Second pasted line",
  ]);
  await closeAll(pages);
});

async function paste(page: Page, text: string) {
  await page.evaluate((plain) => {
    const data = new DataTransfer();
    data.setData("text/plain", plain);
    document
      .querySelector(".ProseMirror")!
      .dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

test("Arabic, right to left: typing at the start and at the end of one paragraph at once", async ({ browser }) => {
  const { pages } = await documentWithWriters(browser, 2, "نص الإعلان", "ar");
  const [chair, cochair] = pages as [Page, Page];
  await expect(chair.locator("article.document-surface")).toHaveAttribute("dir", "rtl");
  await placeCaret(chair, 1, -1);
  await placeCaret(cochair, 1, 0);
  await Promise.all([chair.keyboard.type(" الوزاري لعام ٢٠٢٥", { delay: DELAY }), cochair.keyboard.type("مشروع ", { delay: DELAY })]);
  await converged(pages);
  await expectOnEveryScreen(pages, ["مشروع نص الإعلان الوزاري لعام ٢٠٢٥"]);
  await closeAll(pages);
});
