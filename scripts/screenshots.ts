// Screenshots of the main pages at 1440 px and 390 px, into screenshots/.
//   npm run screenshots                       starts its own server on a fresh seeded database
//   npm run screenshots -- http://host:3000   uses a running server (demo accounts required)
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "playwright-core";
import { createDb } from "../server/db/client";
import { CHROMIUM_ARGS } from "../tests/support/chromium";
import { getPage, postForm, signIn } from "../tests/support/http";
import { ROOT } from "../tests/support/paths";
import { startServer, type RunningServer } from "../tests/support/server";

const PASSWORD = "plenary-demo-2025";
const WIDTHS = [1440, 390] as const;
const OUT = path.join(ROOT, "screenshots");

const given = process.argv[2]?.startsWith("http") ? process.argv[2].replace(/\/$/, "") : "";
const server: RunningServer | null = given ? null : await startOwnServer();
const base = server?.url ?? given;
fs.mkdirSync(OUT, { recursive: true });

try {
  const { declarationId, amendmentId } = await prepareContent(base);
  const participantId = await firstParticipantId(base);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const shots: [as: string | null, path: string, name: string][] = [
    [null, "/login", "login"],
    ["head@hungary.example", "/", "home"],
    ["head@hungary.example", `/documents/${declarationId}`, "document"],
    ["chair@turkiye.example", `/documents/${declarationId}`, "document-chair"],
    ["head@hungary.example", `/documents/${declarationId}/compilation`, "compilation"],
    ["head@pakistan.example", `/amendments/${amendmentId}`, "amendment"],
    ["head@pakistan.example", "/notifications", "notifications"],
    ["secretariat@icmpd.example", "/admin/participants", "admin-participants"],
    ["secretariat@icmpd.example", `/admin/participants/${participantId}`, "admin-participant"],
    ["secretariat@icmpd.example", "/audit", "audit"],
    ["head@hungary.example", "/no/such/page", "error-404"],
  ];
  for (const width of WIDTHS) {
    const pages = new Map<string | null, Page>();
    for (const [who, target, name] of shots) {
      let page = pages.get(who);
      if (!page) {
        const context = await browser.newContext({ viewport: { width, height: width > 800 ? 900 : 844 }, deviceScaleFactor: 1 });
        page = await context.newPage();
        page.on("console", (message) => message.type() === "error" && console.log(`console (${name}):`, message.text()));
        if (who) await signInThroughForm(page, who);
        pages.set(who, page);
      }
      await page.goto(base + target);
      await page.waitForLoadState("networkidle").catch(() => undefined);
      await page.waitForTimeout(800);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) console.log(`${name} at ${width}px scrolls sideways by ${overflow}px`);
      await page.screenshot({ path: path.join(OUT, `${name}-${width}.png`), fullPage: true });
    }
    for (const page of pages.values()) await page.context().close();
  }
  await browser.close();
  console.log(`Screenshots in ${path.relative(process.cwd(), OUT)}/`);
} finally {
  await server?.stop();
}

async function signInThroughForm(page: Page, email: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}/`);
}

/** A fresh database (migrated and seeded as on a new machine) and the real server on it. */
async function startOwnServer() {
  if (!fs.existsSync(path.join(ROOT, "build/index.js"))) execFileSync("npx", ["remix", "build"], { cwd: ROOT, stdio: "inherit" });
  const file = path.join(os.tmpdir(), `plenary-screenshots-${randomUUID()}.db`);
  const url = `file:${file}`;
  const env = { ...process.env, DATABASE_URL: url };
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env, stdio: "pipe" });
  execFileSync("node", ["--import", "tsx", "prisma/seed.ts"], { cwd: ROOT, env, stdio: "pipe" });
  // Amendments open on the declaration, so the pages show tabling, positions and the compilation.
  const db = createDb(url);
  await db.document.updateMany({ where: { kind: "declaration" }, data: { stage: "amendments_open" } });
  await db.$disconnect();
  return startServer(url);
}

/** A tabled deletion by Pakistan with Hungary's support, and a comment mentioning Pakistan. */
async function prepareContent(url: string) {
  const hungary = await signIn(url, "head@hungary.example");
  const home = await (await getPage(url, "/?_data=routes%2F_index", hungary)).json();
  const declaration = (home.documents as { id: string; kind: string }[]).find((document) => document.kind === "declaration")!;
  const documentData = await (
    await getPage(url, `/documents/${declaration.id}?_data=routes%2Fdocuments.%24documentId._index`, hungary)
  ).json();
  const blocks = documentData.blocks as { id: string; number: string | null }[];
  const op2 = blocks.find((block) => block.number === "OP2")!;
  const pp1 = blocks.find((block) => block.number === "PP1")!;
  const pakistan = await signIn(url, "head@pakistan.example");
  const proposed = await postForm(url, `/documents/${declaration.id}/amendments`, { targetBlockId: op2.id, operation: "delete" }, pakistan);
  const amendmentId = proposed.headers.get("location")?.split("/").pop() ?? "";
  await postForm(url, `/amendments/${amendmentId}?index`, { intent: "table" }, pakistan);
  await postForm(url, `/amendments/${amendmentId}`, { intent: "position", stance: "supports", note: "" }, hungary);
  await postForm(
    url,
    `/documents/${declaration.id}/threads`,
    { blockId: pp1.id, body: "@Pakistan could you share the source of this figure?", visibility: "everyone" },
    hungary,
  );
  return { declarationId: declaration.id, amendmentId };
}

async function firstParticipantId(url: string) {
  const secretariat = await signIn(url, "secretariat@icmpd.example");
  const data = await (await getPage(url, "/admin/participants?_data=routes%2Fadmin.participants._index", secretariat)).json();
  return (data.participants as { id: string; code: string }[]).find((participant) => participant.code === "PAK")!.id;
}
