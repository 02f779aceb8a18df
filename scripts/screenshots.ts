// Takes screenshots of the main pages against a running server: node --import tsx scripts/screenshots.ts URL
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "../tests/support/chromium";

const base = process.argv[2] ?? "http://localhost:3000";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
async function as(email: string | null, pages: [string, string][]) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("console", (message) => message.type() === "error" && console.log("console:", message.text()));
  if (email) {
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("plenary-demo-2025");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${base}/`);
  }
  for (const [path, name] of pages) {
    await page.goto(base + path);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
  }
  await context.close();
}
await as(null, [["/login", "login"]]);
const pages = (process.argv[3] ?? "").split(",").filter(Boolean).map((entry) => entry.split("=") as [string, string]);
await as(process.env.AS ?? "secretariat@icmpd.example", pages.length ? pages : [["/", "home"], ["/admin/participants", "admin"], ["/audit", "audit"]]);
await browser.close();
