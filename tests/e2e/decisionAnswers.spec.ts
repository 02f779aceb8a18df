import { expect, test } from "@playwright/test";
import { createDb } from "../../server/db/client";
import { newTestContext, signedInPage } from "./fixtures";
import { signIn } from "../support/http";
import { storedBlocks } from "./storedBlocks";
import { tabledAmendment } from "../support/tabledAmendment";

// The answer to the chair's decision, where the chair is: in view and with the focus (the Accept or
// Not retain pressed goes with the decided amendment), and in words that say what happened to the text.
// Each test works on its own action point of the action plan (6.1, 2.2, 6.2, 6.3, 5.2, 4.2).

/** The action plan in consolidation, with a Pakistan amendment (or `by`'s) tabled to replace action point `number`. */
async function tabledOnPlan(number: string, by: { state: string; head: string } = { state: "Pakistan", head: "head@pakistan.example" }) {
  const db = createDb(process.env.PLENARY_DATABASE_URL!);
  try {
    const plan = await db.document.findFirstOrThrow({ where: { kind: "action_plan" } });
    await db.document.update({ where: { id: plan.id }, data: { stage: "consolidation" } });
    const target = storedBlocks(process.env.PLENARY_DATABASE_URL!, plan.id).find((block) => block.number === number)!;
    const proposedText = `${target.text} Reviewed every year.`;
    const amendment = await tabledAmendment(db, { documentId: plan.id, target, number, proposedText, ...by });
    return { planPath: `/documents/${plan.id}`, amendmentPath: `/amendments/${amendment.id}` };
  } finally {
    await db.$disconnect();
  }
}

test("deciding far down the compilation: the answer shows in the bar in view, and a 'not retain' does not claim to change the text", async ({
  browser,
}) => {
  const { planPath } = await tabledOnPlan("6.1");
  const chair = await signedInPage(browser, "chair@turkiye.example");
  await chair.goto(`${planPath}/compilation?section=all`);
  const point = chair.locator('section[aria-label="6.1"]');
  await point.getByRole("button", { name: "Not retain", exact: true }).click();

  const answer = chair.getByRole("status").filter({ hasText: "Decision recorded" });
  await expect(answer).toHaveText("Decision recorded: not retained; the text is unchanged.");
  await expect(answer).toBeInViewport();
  await expect(point.getByRole("button", { name: "Not retain", exact: true })).toHaveCount(0);
});

test("deciding with the keyboard in the compilation: the focus goes on to the next undecided amendment, not to the page's start", async ({
  browser,
}) => {
  const { planPath } = await tabledOnPlan("2.2");
  await tabledOnPlan("2.2", { state: "Iraq", head: "head@iraq.example" });
  const chair = await signedInPage(browser, "chair@turkiye.example");
  await chair.goto(`${planPath}/compilation?section=all`);
  const items = chair.locator('section[aria-label="2.2"] .compiled-amendment');
  const pakistan = items.filter({ hasText: "Pakistan" });
  const iraq = items.filter({ hasText: "Iraq" });
  await pakistan.getByRole("button", { name: "Not retain", exact: true }).focus();
  await chair.keyboard.press("Enter");

  await expect(chair.getByRole("status").filter({ hasText: "Decision recorded" })).toHaveText(
    "Decision recorded: not retained; the text is unchanged.",
  );
  await expect(pakistan).toHaveCount(0);
  await expect(iraq).toBeFocused();
  await expect(iraq).toBeInViewport();
  // Tab goes on into that amendment's controls, where the chair left off.
  await chair.keyboard.press("Tab");
  await expect(iraq.getByRole("checkbox", { name: "Select" })).toBeFocused();

  // Deciding that one too: the focus goes to the next undecided amendment, or to the answer in the bar when none is left.
  await iraq.getByRole("button", { name: "Not retain", exact: true }).focus();
  await chair.keyboard.press("Enter");
  await expect(iraq).toHaveCount(0);
  const focused = await chair.evaluate(() => ({
    tag: document.activeElement?.tagName,
    role: document.activeElement?.getAttribute("role"),
    text: document.activeElement?.textContent,
    amendment: document.activeElement?.closest(".compiled-amendment")?.textContent ?? null,
  }));
  // Another spec's undecided amendment on the plan may be the next one; never the page's start.
  expect(focused.tag).not.toBe("BODY");
  if (focused.amendment === null)
    expect(focused).toMatchObject({ role: "status", text: "Decision recorded: not retained; the text is unchanged." });
});

test("on the amendment's page, the decision's answer says what it did, and the decision in force takes the focus from the button that went", async ({
  browser,
}) => {
  const { amendmentPath } = await tabledOnPlan("6.2");
  const chair = await signedInPage(browser, "chair@turkiye.example");
  await chair.goto(amendmentPath);
  await chair.getByRole("button", { name: "Accept", exact: true }).click();

  const answer = chair.getByRole("status").filter({ hasText: "Decision recorded" });
  await expect(answer).toContainText("Decision recorded: accepted and applied to the text.");
  await expect(chair.getByTestId("decision")).toBeFocused();
  // Reopened, the Reopen button goes in turn: the focus resumes at the chair's decision, its controls next.
  await chair.getByRole("button", { name: "Reopen decision" }).click();
  await expect(chair.getByRole("status").filter({ hasText: "Decision reopened" })).toBeVisible();
  await expect(chair.getByRole("heading", { name: "Chair's decision" })).toBeFocused();
  await chair.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(chair.getByTestId("decision")).toBeFocused();
  // The paragraph now reads as accepted: the page no longer warns that it "changed after tabling",
  // nor does Pakistan's list call the amendment outdated.
  await expect(chair.getByTestId("decision")).toContainText("Accepted by");
  await expect(chair.getByText("The paragraph changed after tabling")).toHaveCount(0);
  const pakistan = await signedInPage(browser, "head@pakistan.example");
  await pakistan.goto("/amendments");
  await expect(pakistan.getByRole("row").filter({ hasText: "6.2" })).toContainText("Accepted");
  await expect(pakistan.getByRole("row").filter({ hasText: "6.2" })).not.toContainText("Outdated");
});

test("'Where did our proposals go': Pakistan follows 'Now 6.3' to the paragraph, in view and chosen in the side panel", async ({
  browser,
}) => {
  const { planPath, amendmentPath } = await tabledOnPlan("6.3");
  const chair = await signedInPage(browser, "chair@turkiye.example");
  await chair.goto(amendmentPath);
  await chair.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(chair.getByRole("status").filter({ hasText: "Decision recorded" })).toBeVisible();

  const pakistan = await signedInPage(browser, "head@pakistan.example");
  await pakistan.goto("/amendments/trail");
  await pakistan.getByTestId("trail-row").filter({ hasText: "6.3" }).getByRole("link", { name: "Now 6.3" }).click();
  await expect(pakistan).toHaveURL(new RegExp(`${planPath}\\?block=`));
  const point = pakistan.locator('.ProseMirror .block[data-number="6.3"]');
  await expect(point).toBeInViewport();
  await expect(point).toBeFocused();
  const chosen = pakistan.locator("#side-panel").getByLabel("Paragraph", { exact: true }).locator("option:checked");
  await expect(chosen).toContainText("6.3 — ");
  await expect(pakistan.getByTestId("amendment-card").filter({ hasText: "Pakistan" })).toContainText("Accepted");
});

test("accepting with changes while the co-chair edits the paragraph keeps the co-chair's edit beside the chair's wording", async ({
  browser,
}) => {
  const { planPath, amendmentPath } = await tabledOnPlan("5.2");
  const chair = await signedInPage(browser, "chair@turkiye.example");
  const cochair = await signedInPage(browser, "cochair@hungary.example");
  await chair.goto(amendmentPath);
  const current = chair.getByRole("region", { name: "Current text of 5.2" });
  const before = await current.locator(".quote").innerText();
  await chair.getByText("Accept with changes…").click();

  // While the chair composes, the co-chair writes at the start of the paragraph; the chair's page refreshes live.
  await cochair.goto(planPath);
  await expect(cochair.getByTestId("connection-state")).toHaveText("Connected");
  await cochair.locator('.ProseMirror .block[data-number="5.2"] .block__text').click({ position: { x: 2, y: 6 } });
  await cochair.keyboard.press("Home");
  await cochair.keyboard.insertText("[Co-Chair] ");
  await expect(current).toContainText("[Co-Chair] ");
  await expect(chair.getByTestId("changed-while-writing")).toBeVisible();

  // The chair's wording was written on the text as it was: the co-chair's words are kept.
  await chair.getByLabel("Wording to apply").fill(`${before} Reviewed every two years.`);
  await chair.getByRole("button", { name: "Apply this wording" }).click();
  await expect(chair.getByRole("status").filter({ hasText: "Decision recorded" })).toBeVisible();
  await expect(current.locator(".quote")).toHaveText(`[Co-Chair] ${before} Reviewed every two years.`);
});

test("on a phone, 'Where did our proposals go' shows each amendment as a card: the Chair's reason in view, nothing sideways", async ({
  browser,
}) => {
  const { amendmentPath } = await tabledOnPlan("4.2");
  const chair = await signedInPage(browser, "chair@turkiye.example");
  await chair.goto(amendmentPath);
  await chair.getByText("Not retain…").click();
  await chair.getByLabel("Reason (optional, shown to the proposing state)").fill("Covered by action point 4.1.");
  await chair.getByRole("button", { name: "Do not retain" }).click();
  await expect(chair.getByRole("status").filter({ hasText: "Decision recorded" })).toBeVisible();

  const cookie = await signIn(process.env.PLENARY_URL!, "head@pakistan.example", "plenary-demo-2025");
  const context = await newTestContext(browser, { viewport: { width: 390, height: 844 }, baseURL: process.env.PLENARY_URL });
  const [name, ...value] = cookie.split("=");
  await context.addCookies([{ name: name!, value: value.join("="), url: process.env.PLENARY_URL! }]);
  const phone = await context.newPage();
  await phone.goto("/amendments/trail");
  const row = phone.getByTestId("trail-row").filter({ hasText: "Covered by action point 4.1." });
  await row.scrollIntoViewIfNeeded();
  await expect(row.getByText("Reason: Covered by action point 4.1.")).toBeInViewport({ ratio: 1 });
  await expect(row.getByTestId("trail-fate")).toBeInViewport({ ratio: 1 });
  expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
});
