import { expect, test } from "@playwright/test";
import { baseUrl, newTestContext, signedInThroughForm } from "./fixtures";

test("a wrong password shows a clear message", async ({ browser }) => {
  const context = await newTestContext(browser, { baseURL: baseUrl() });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill("head@pakistan.example");
  await page.getByLabel("Password").fill("definitely-wrong");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page.getByLabel("Email")).toHaveValue("head@pakistan.example");
  await context.close();
});

test("the secretariat adds a user to Pakistan, who signs in and sees the process home", async ({ browser }) => {
  const secretariat = await signedInThroughForm(browser, "secretariat@icmpd.example");
  await secretariat.getByRole("link", { name: "Participants & users" }).click();
  await secretariat.getByRole("link", { name: "Pakistan", exact: true }).click();
  await expect(secretariat.getByRole("heading", { name: "Pakistan" })).toBeVisible();
  await secretariat.getByLabel("Full name").fill("Imran Qureshi");
  await secretariat.getByLabel("Email").fill("imran@pakistan.example");
  await secretariat.getByLabel("Delegation role").selectOption("delegate");
  await secretariat.getByLabel("Initial password").fill("islamabad-2025-pass");
  await secretariat.getByRole("button", { name: "Add user" }).click();
  await expect(secretariat.getByRole("cell", { name: "imran@pakistan.example" })).toBeVisible();

  const delegate = await signedInThroughForm(browser, "imran@pakistan.example", "islamabad-2025-pass");
  await expect(delegate.locator(".whoami")).toContainText("Imran Qureshi");
  await expect(delegate.locator(".whoami")).toContainText("Pakistan · Delegate");
  await expect(delegate.getByRole("heading", { name: /Participating states \(5\d\)/ })).toBeVisible();
  await expect(delegate.getByText("Türkiye · Ayşe Demir")).toBeVisible();
  await expect(delegate.getByRole("link", { name: "Draft Ministerial Declaration" })).toBeVisible();
  // No administration for a delegate, in the menu or by URL.
  await expect(delegate.getByRole("link", { name: "Participants & users" })).toHaveCount(0);
  const response = await delegate.goto("/admin/participants");
  expect(response?.status()).toBe(403);
});
