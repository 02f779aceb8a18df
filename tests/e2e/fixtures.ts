import { expect, test, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { signIn } from "../support/http";

export const baseUrl = () => process.env.PLENARY_URL!;

let contextsOf: { testId: string; contexts: BrowserContext[] } | null = null;

/**
 * A browser context for the running test. The worker's browser outlives each test, and so did every
 * context opened in it: by the last spec some 30 pages were still open, each with its socket to the
 * server and its scripts running. The contexts of an earlier test are closed when the next one opens its first.
 */
export async function newTestContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const { testId } = test.info();
  if (contextsOf?.testId !== testId) {
    const earlier = contextsOf?.contexts ?? [];
    contextsOf = { testId, contexts: [] };
    await Promise.all(earlier.map((context) => context.close().catch(() => undefined)));
  }
  const context = await browser.newContext({ baseURL: baseUrl(), ...options });
  contextsOf.contexts.push(context);
  return context;
}

/** A new browser context (its own cookies) signed in through the real form, as a person signs in. */
export async function signedInThroughForm(browser: Browser, email: string, password = DEMO_PASSWORD, url = baseUrl()): Promise<Page> {
  const context = await newTestContext(browser, { baseURL: url });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Budapest Process" })).toBeVisible();
  return page;
}

/**
 * A new browser context signed in by posting the same sign-in form over HTTP, on the process home.
 * The form itself is driven in foundation.spec.ts; everywhere else the page would only add a render
 * and a hydration per person to specs that sign in some 80 times (docs/decisions/143).
 */
export async function signedInPage(browser: Browser, email: string, password = DEMO_PASSWORD, url = baseUrl()): Promise<Page> {
  const cookie = await signIn(url, email, password);
  const name = cookie.slice(0, cookie.indexOf("="));
  const value = cookie.slice(name.length + 1);
  const context = await newTestContext(browser, { baseURL: url });
  await context.addCookies([{ name, value, url }]);
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Budapest Process" })).toBeVisible();
  return page;
}

/** Selects `words` inside a block of the editor with the mouse-free DOM API, as a user would by dragging. */
export async function selectWords(page: Page, number: string, words: string) {
  await page.evaluate(
    ({ number, words }) => {
      const text = document.querySelector(`.ProseMirror .block[data-number="${number}"] .block__text`)!;
      const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(words);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + words.length);
        const selection = window.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        return;
      }
      throw new Error(`"${words}" not found in ${number}`);
    },
    { number, words },
  );
}
