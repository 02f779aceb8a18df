import { expect, type Browser, type Page } from "@playwright/test";
import { signedInPage } from "./fixtures";

export const PEN_HOLDERS = ["chair@turkiye.example", "cochair@hungary.example", "secretariat@icmpd.example"] as const;

let documents = 0;

/**
 * A new document (so other specs' texts stay as seeded) with one operative paragraph, open in
 * the browsers of `writers` pen-holders (a context each), all connected and showing it.
 */
export async function documentWithWriters(browser: Browser, writers: number, paragraph: string, language = "en") {
  const secretariat = await signedInPage(browser, "secretariat@icmpd.example");
  await secretariat.goto("/documents/new");
  await secretariat.getByLabel("Kind").selectOption("declaration");
  await secretariat.getByLabel("Title").fill(`Typing test ${++documents}`);
  await secretariat.getByLabel("Symbol").fill(`BP/TEST/${Date.now()}/${documents}`);
  await secretariat.getByLabel("Language").selectOption(language);
  await secretariat.getByRole("button", { name: "Create document" }).click();
  await expect(secretariat.getByTestId("connection-state")).toHaveText("Connected");
  await expect(secretariat.locator(".ProseMirror .block--title")).toHaveText(`Typing test ${documents}`);
  await placeCaret(secretariat, 0, -1);
  await secretariat.keyboard.press("Enter");
  await secretariat.keyboard.press("Control+Alt+3");
  await secretariat.keyboard.insertText(paragraph);
  await expect.poll(() => displayedTexts(secretariat)).toEqual([paragraph]);
  const path = new URL(secretariat.url()).pathname;
  const pages: Page[] = [];
  for (const email of PEN_HOLDERS.slice(0, writers)) {
    const page = email === "secretariat@icmpd.example" ? secretariat : await signedInPage(browser, email);
    if (page !== secretariat) await page.goto(path);
    await expect(page.getByTestId("connection-state")).toHaveText("Connected");
    await expect.poll(() => displayedTexts(page)).toEqual([paragraph]);
    pages.push(page);
  }
  if (!pages.includes(secretariat)) await secretariat.context().close();
  return { pages, path };
}

/** Puts the caret in block `block` (index in the document, title = 0) at `offset` (-1: its end). */
export async function placeCaret(page: Page, block: number, offset: number) {
  await page.evaluate(
    ([blockIndex, at]) => {
      const editor = (document.querySelector(".ProseMirror") as unknown as { editor: EditorLike }).editor;
      const doc = editor.state.doc;
      let pos = 0;
      for (let index = 0; index < blockIndex; index++) pos += doc.child(index).nodeSize;
      const node = doc.child(blockIndex);
      // Focus synchronously: the focus command waits for an animation frame, and keys pressed
      // before it would go nowhere.
      editor.view.focus();
      editor.commands.setTextSelection(pos + 1 + (at < 0 ? node.content.size : Math.min(at, node.content.size)));
    },
    [block, offset] as const,
  );
  await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains("ProseMirror") ?? false)).toBe(true);
}

interface EditorLike {
  state: { doc: { childCount: number; child(index: number): { nodeSize: number; textContent: string; content: { size: number } } } };
  view: { focus(): void };
  commands: { setTextSelection(pos: number): boolean };
}

/** The text of every block after the title, as the editor holds it. */
export async function blockTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const editor = (document.querySelector(".ProseMirror") as unknown as { editor: EditorLike }).editor;
    const texts: string[] = [];
    for (let index = 1; index < editor.state.doc.childCount; index++) texts.push(editor.state.doc.child(index).textContent);
    return texts;
  });
}

/** Waits until every page holds the same blocks, and returns them. */
export async function converged(pages: Page[]): Promise<string[]> {
  let texts: string[][] = [];
  await expect
    .poll(
      async () => {
        texts = await Promise.all(pages.map(blockTexts));
        return texts.every((each) => JSON.stringify(each) === JSON.stringify(texts[0]));
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return texts[0]!;
}

/** The text displayed in each block after the title, without others' carets and badges. */
export async function displayedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll(".ProseMirror .block:not(.block--title) .block__text")].map((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll(".collaboration-carets__caret, .block-badges, .inline-diff").forEach((widget) => widget.remove());
      return copy.textContent ?? "";
    }),
  );
}

/** Asserts the exact blocks on every screen, both in the editor and in what is displayed. */
export async function expectOnEveryScreen(pages: Page[], blocks: string[]) {
  for (const page of pages) {
    expect(await blockTexts(page)).toEqual(blocks);
    await expect.poll(() => displayedTexts(page)).toEqual(blocks);
  }
}
