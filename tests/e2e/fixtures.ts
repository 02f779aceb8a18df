import { expect, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../prisma/seed";

export const baseUrl = () => process.env.PLENARY_URL!;

/** A new browser context (its own cookies) signed in through the real form. */
export async function signedInPage(browser: Browser, email: string, password = DEMO_PASSWORD): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl() });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Budapest Process" })).toBeVisible();
  return page;
}
