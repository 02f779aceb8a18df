import { expect, test, type Browser, type Page } from "@playwright/test";
import type { Prisma } from "@prisma/client";
import { block, jsonToYUpdate } from "../../app/editor/documentModel";
import { diffText } from "../../app/editor/diff";
import { documentRoom } from "../../common/collab";
import { sqliteFilePath } from "../../server/db/client";
import { openSqliteUpdateLog } from "../../server/db/updateLog";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { freshDatabase } from "../support/database";
import { startServer, type RunningServer } from "../support/server";
import { signedInPage } from "./fixtures";

// A compilation too big for one page (511 tabled amendments) is shown one section at a time.
// Its own server and database: the seeded documents other specs use stay untouched.
const GOALS = [
  { amendments: 300, points: 4 },
  { amendments: 150, points: 4 },
  { amendments: 60, points: 4 },
];
const TOTAL = GOALS.reduce((sum, goal) => sum + goal.amendments, 0) + 1; // + one to a paragraph since deleted

let server: RunningServer;
let documentId = "";

function pointText(goal: number, point: number) {
  return `Participating states will cooperate on area ${goal}.${point}.`;
}

test.beforeAll(async () => {
  const { url, db } = freshDatabase();
  const plan = await db.document.findFirstOrThrow({ where: { kind: "action_plan" } });
  const chair = await db.user.findFirstOrThrow({ where: { email: "chair@turkiye.example" } });
  const document = await db.document.create({
    data: {
      processId: plan.processId,
      kind: "action_plan",
      title: "Sectioned compilation plan",
      symbol: "BP/TEST/SECTIONS",
      language: "en",
      stage: "amendments_open",
    },
  });
  documentId = document.id;
  const content = [block("title", "Sectioned compilation plan")];
  const targets: { id: string; text: string; goal: number }[] = [];
  GOALS.forEach((goal, goalIndex) => {
    content.push(block("goal", `Priority goal ${goalIndex + 1}`));
    for (let point = 1; point <= goal.points; point++) {
      const node = block("actionPoint", pointText(goalIndex + 1, point));
      content.push(node);
      targets.push({ id: String(node.attrs!.id), text: pointText(goalIndex + 1, point), goal: goalIndex });
    }
  });
  const log = openSqliteUpdateLog(sqliteFilePath(url));
  await log.append([{ room: documentRoom(document.id), data: jsonToYUpdate({ type: "doc", content }), author: null }]);
  await log.close();

  const states = await db.participant.findMany({ where: { kind: "state" }, orderBy: { name: "asc" } });
  const pakistan = states.find((state) => state.name === "Pakistan")!;
  const hungary = states.find((state) => state.name === "Hungary")!;
  const amendments: Prisma.AmendmentCreateManyInput[] = [];
  const revisions: Prisma.AmendmentRevisionCreateManyInput[] = [];
  let serial = 0;
  const add = (targetBlockId: string, baseText: string, proposer: { id: string }) => {
    const id = `sections${String(serial).padStart(16, "0")}`;
    const proposedText = `${baseText.replace(/\.$/, "")} (proposal ${serial}).`;
    amendments.push({
      id,
      documentId: document.id,
      participantId: proposer.id,
      targetBlockId,
      operation: "replace",
      status: "tabled",
      createdById: chair.id,
      tabledAt: new Date(Date.UTC(2026, 0, 1) + serial * 1000),
    });
    revisions.push({
      amendmentId: id,
      number: 1,
      contentJson: "[]",
      proposedText,
      baseText,
      baseNumber: null,
      justification: "",
      diffJson: JSON.stringify(diffText(baseText, proposedText)),
      tabledById: chair.id,
    });
    serial++;
    return id;
  };
  GOALS.forEach((goal, goalIndex) => {
    const own = targets.filter((target) => target.goal === goalIndex);
    for (let index = 0; index < goal.amendments; index++) {
      const target = own[index % own.length]!;
      add(target.id, target.text, states[index % states.length]!);
    }
  });
  add("a-paragraph-deleted-since", "A paragraph deleted since.", pakistan);
  await db.amendment.createMany({ data: amendments });
  await db.amendmentRevision.createMany({ data: revisions });
  // Proposal 0 carries a position, to check its attribution line word for word.
  await db.position.create({
    data: { amendmentId: "sections0000000000000000", participantId: hungary.id, stance: "supports", note: "", userId: chair.id },
  });
  await db.$disconnect();
  server = await startServer(url);
});

test.afterAll(async () => {
  await server?.stop();
});

const signIn = (browser: Browser) => signedInPage(browser, "observer@iom.example", DEMO_PASSWORD, server.url);

/** The serial numbers of the proposals shown on the page, from their proposed wording. */
async function proposalsShown(page: Page) {
  const texts = await page.locator(".compiled-amendment").allTextContents();
  return texts.map((text) => Number(/\(proposal (\d+)\)/.exec(text)?.[1] ?? -1));
}

test("a large compilation comes one section at a time, and every amendment is in exactly one section", async ({ browser }) => {
  const page = await signIn(browser);
  await page.goto(`/documents/${documentId}/compilation`);
  await expect(page.getByText(`${TOTAL} tabled amendments`, { exact: false })).toBeVisible();
  const sections = page.getByRole("navigation", { name: "Sections of the compilation" });
  await expect(sections.getByRole("listitem")).toHaveText([
    "Goal 1 – 1.4 (300)",
    "Goal 2 – 3.4 (210)",
    "All sections (whole compilation, for printing)",
  ]);
  await expect(sections.getByText(/^Showing section/)).toHaveText(
    `Showing section 1 of 2 (Goal 1 – 1.4): 300 of ${TOTAL} amendments. Amendments to paragraphs no longer in the text (1) are listed after the last section.`,
  );
  await expect(page.getByTestId("attribution")).toHaveCount(300);
  await expect(page.getByTestId("attribution").first()).toHaveText("Proposed by Afghanistan; supported by Hungary.");
  // The text of the section only: goal 1 and its four action points, under the title.
  await expect(page.locator(".compilation__text .block")).toHaveCount(6);
  const first = await proposalsShown(page);
  await page.screenshot({ path: "test-results/compilation-section-1.png" });

  await page.getByRole("link", { name: "Next section: Goal 2 – 3.4" }).click();
  await expect(sections.getByText(/^Showing section/)).toContainText("Showing section 2 of 2 (Goal 2 – 3.4): 210 of");
  await expect(page.getByTestId("attribution")).toHaveCount(210);
  await expect(page.locator(".compilation__text .block")).toHaveCount(10);
  const second = await proposalsShown(page);
  // The amendment to a paragraph no longer in the text, after the last section.
  await expect(page.locator(".compiled-orphans p")).toHaveText([
    `A paragraph deleted since (proposal ${TOTAL - 1}). — Proposed by Pakistan.`,
  ]);

  const all = [...first, ...second].sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: TOTAL - 1 }, (_, index) => index));
});

test("the clean text is the whole text without amendments, and 'All sections' prints everything", async ({ browser }) => {
  const page = await signIn(browser);
  await page.goto(`/documents/${documentId}/compilation?section=2`);
  await page.getByRole("link", { name: "Clean text" }).click();
  await expect(page).toHaveURL(/view=clean/);
  await expect(page.getByTestId("attribution")).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Sections of the compilation" })).toHaveCount(0);
  await expect(page.locator(".compilation__text .block__text")).toHaveText([
    "Sectioned compilation plan",
    "Priority goal 1",
    ...[1, 2, 3, 4].map((point) => pointText(1, point)),
    "Priority goal 2",
    ...[1, 2, 3, 4].map((point) => pointText(2, point)),
    "Priority goal 3",
    ...[1, 2, 3, 4].map((point) => pointText(3, point)),
  ]);

  await page.getByRole("link", { name: "Attributed" }).click();
  await page.getByRole("link", { name: "All sections" }).click();
  await expect(page.getByRole("navigation", { name: "Sections of the compilation" }).getByText(/^Showing/)).toHaveText(
    `Showing all 2 sections: ${TOTAL} amendments. Amendments to paragraphs no longer in the text (1) are listed after the last section.`,
  );
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Sections of the compilation" })).toBeHidden();
  await expect(page.getByTestId("attribution")).toHaveCount(TOTAL - 1);
  await expect(page.locator(".compilation__text .block")).toHaveCount(16);
  expect((await proposalsShown(page)).sort((a, b) => a - b)).toEqual(Array.from({ length: TOTAL - 1 }, (_, index) => index));
  await expect(page.locator(".compiled-orphans p")).toHaveCount(1);
});
