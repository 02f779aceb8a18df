import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { block, jsonToYUpdate } from "../../app/editor/documentModel";
import { JUSTIFICATION_FIELD, YJS_FIELD } from "../../app/editor/ydocFields";
import { blockFromJson } from "../../app/editor/yBlocks";
import { serializeOptions } from "../../app/editor/options";
import { documentRoom, draftRoom } from "../../common/collab";
import type { Stage } from "../../common/vocabulary";
import { createDomainContext } from "../../server/domainContext";
import { proposeAmendment } from "../../server/domain/amendments/proposeAmendment";
import { tableAmendment } from "../../server/domain/amendments/tableAmendment";
import { actorFromUser, actorUserInclude } from "../../server/domain/people/sessions";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { baseUrl, newTestContext, signedInPage } from "./fixtures";

// Forms answer beside the control that was sent (docs/decisions/035): each test works
// on a declaration of its own, so it depends on no other spec's data and leaves theirs alone.

const CURRENT = "We agree to cooperate on return and readmission.";
const PROPOSED = "We agree to cooperate closely on return, readmission and reintegration.";

/** A declaration of its own at `stage`, one operative paragraph (or `paragraph`), and (optionally) Hungary's tabled amendment to it. */
async function declaration(stage: Stage, { tabled = true, paragraph }: { tabled?: boolean; paragraph?: ReturnType<typeof block> } = {}) {
  const { ctx, updateLog, close } = createDomainContext({ databaseUrl: process.env.PLENARY_DATABASE_URL! });
  try {
    const head = actorFromUser(
      await ctx.db.user.findUniqueOrThrow({ where: { email: "head@hungary.example" }, include: actorUserInclude }),
    );
    const suffix = randomUUID().slice(0, 8);
    const document = await ctx.db.document.create({
      data: {
        processId: head.processId,
        kind: "declaration",
        title: `Forms declaration ${suffix}`,
        symbol: `BP/FORMS/${suffix}`,
        language: "en",
        stage: "amendments_open",
      },
    });
    const blockId = (paragraph?.attrs?.id as string | undefined) ?? randomUUID();
    await updateLog.append([
      {
        room: documentRoom(document.id),
        data: jsonToYUpdate({ type: "doc", content: [paragraph ?? block("operative", CURRENT, { id: blockId })] }),
        author: null,
      },
    ]);
    let amendmentId = "";
    if (tabled) {
      const amendment = await proposeAmendment(ctx, head, { documentId: document.id, targetBlockId: blockId, operation: "replace" });
      await ctx.liveDocuments.change(draftRoom(amendment.id), (doc) => {
        const fragment = doc.getXmlFragment(YJS_FIELD);
        fragment.delete(0, fragment.length);
        fragment.insert(0, [blockFromJson(block("operative", PROPOSED))]);
        doc.getText(JUSTIFICATION_FIELD).insert(0, "Reintegration matters.");
      });
      await tableAmendment(ctx, head, { amendmentId: amendment.id });
      amendmentId = amendment.id;
    }
    if (stage !== "amendments_open") await ctx.db.document.update({ where: { id: document.id }, data: { stage } });
    return { documentPath: `/documents/${document.id}`, amendmentPath: `/amendments/${amendmentId}`, amendmentId };
  } finally {
    await close();
  }
}

/** The field's error, linked from the control by aria-describedby, with the control marked invalid. */
async function expectFieldError(page: Page, control: Locator, message: string) {
  await expect(control).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await control.getAttribute("aria-describedby")) ?? "";
  const error = page
    .locator(
      describedBy
        .split(" ")
        .map((id) => `[id="${id}"]`)
        .join(", "),
    )
    .filter({ hasText: message });
  await expect(error).toHaveText(message);
}

test("the chair's decision forms answer in place: the wording's error under it, an empty bulk selection beside its buttons", async ({
  browser,
}, testInfo) => {
  const { documentPath, amendmentPath, amendmentId } = await declaration("consolidation");
  const chair = await signedInPage(browser, "chair@turkiye.example");

  // Accept with changes, the wording blanked out (spaces pass the browser's `required`): the domain refuses.
  await chair.goto(amendmentPath);
  await chair.getByText("Accept with changes…").click();
  const wording = chair.getByLabel("Wording to apply");
  await wording.fill("   ");
  await chair.getByRole("button", { name: "Apply this wording" }).click();
  await expectFieldError(chair, wording, "Required.");
  const dialog = chair.locator("details.decision-dialog[open]");
  await expect(dialog.getByRole("alert").filter({ hasText: "Write the wording to apply." })).toBeVisible();
  // Only that form answers: nothing above the page, and the other forms are clean.
  await expect(chair.locator(".page--medium > .alert--error")).toHaveCount(0);
  await expect(chair.getByLabel("Reason (optional, shown to the proposing state)")).not.toHaveAttribute("aria-invalid", "true");
  await chair.screenshot({ path: testInfo.outputPath("decision-wording-error.png"), fullPage: true });

  // The same form then goes through with a wording, and the decision is recorded.
  await wording.fill(PROPOSED);
  await chair.getByRole("button", { name: "Apply this wording" }).click();
  await expect(chair.getByTestId("decision")).toContainText("Accepted with changes by Ayşe Demir");

  // Reopened, the amendment is back in the compilation; the bulk bar refuses an empty selection beside its buttons.
  await chair.getByRole("button", { name: "Reopen decision" }).click();
  await expect(chair.getByRole("status").filter({ hasText: "Decision reopened" })).toBeVisible();
  // The compilation below is a page that has not heard of changes made behind it: its live channel is
  // cut. The chair's edits above set off late notices (the text reverted, its diffs recomputed), and a
  // refresh they caused could take the withdrawn amendment's controls before the test pressed them.
  await chair.route(/\/live\/documents\//, (route) => route.abort());
  await chair.goto(`${documentPath}/compilation`);
  const bar = chair.getByRole("form", { name: "Decide selected amendments" });
  await bar.getByRole("button", { name: "Accept selected" }).click();
  // Buttons are not invalid themselves: they point to the selection's error.
  const accept = bar.getByRole("button", { name: "Accept selected" });
  await expect(accept).toHaveAttribute("aria-describedby", /.+/);
  await expect(chair.locator(`[id="${await accept.getAttribute("aria-describedby")}"]`)).toHaveText("Select at least one amendment.");

  // Hungary withdrew it meanwhile (this page has not heard yet): the domain's reason shows under the amendment's own buttons.
  await withdrawBehindThePage(amendmentId);
  const controls = chair.locator(".decision-controls");
  await controls.getByRole("button", { name: "Not retain" }).click();
  const refusal = "This amendment is withdrawn; only a tabled amendment can be decided.";
  await expect(chair.getByRole("alert").filter({ hasText: refusal }).first()).toBeVisible();
  // One look at the page, since a live notice may refresh it at any moment (the chair's edits above
  // set off a refresh of current diffs): while the withdrawn amendment is listed, its reason is
  // under its own buttons and they point to it; once a refresh has taken it off the list, the reason
  // is above the compilation. Never in both places.
  const placement = await chair.evaluate(() => {
    const beside = document.querySelector(".decision-controls [role=alert]");
    const button = [...(beside?.closest(".decision-controls")?.querySelectorAll("button") ?? [])].find(
      (candidate) => candidate.textContent?.trim() === "Not retain",
    );
    return {
      beside: beside?.textContent?.trim() ?? null,
      pointsToIt: beside !== null && button?.getAttribute("aria-describedby") === beside.id,
      above: document.querySelector(".compilation > .alert--error")?.textContent?.trim() ?? null,
    };
  });
  if (placement.beside !== null) {
    expect(placement).toEqual({ beside: refusal, pointsToIt: true, above: null });
  } else {
    expect(placement.above).toContain(refusal);
  }
  // The bulk bar's earlier answer is gone: each form shows the answer to its own last submission only.
  await expect(bar.getByText("Select at least one amendment.")).toHaveCount(0);
  await chair.screenshot({ path: testInfo.outputPath("compilation-refusals.png"), fullPage: true });
});

/** The amendment withdrawn in the database alone: no live notice, so an open page still offers its controls. */
async function withdrawBehindThePage(amendmentId: string) {
  const { ctx, close } = createDomainContext({ databaseUrl: process.env.PLENARY_DATABASE_URL! });
  try {
    await ctx.db.amendment.update({ where: { id: amendmentId }, data: { status: "withdrawn", withdrawnAt: new Date() } });
  } finally {
    await close();
  }
}

test("tabling nothing new and withdrawing a withdrawn amendment are refused beside their buttons", async ({ browser }, testInfo) => {
  const { amendmentPath, amendmentId } = await declaration("amendments_open");
  const head = await signedInPage(browser, "head@hungary.example");
  await head.goto(amendmentPath);

  const table = head.getByRole("button", { name: "Table as a new revision" });
  await table.click();
  const tableError = head.getByTestId("table-error");
  await expect(tableError).toHaveText("Nothing changed since the last tabled revision.");
  await expect(table).toHaveAttribute("aria-describedby", (await tableError.getAttribute("id"))!);
  await expect(head.locator(".page--medium > .alert--error")).toHaveCount(0);

  // Another head of the delegation withdrew it meanwhile (this page has not heard yet).
  await withdrawBehindThePage(amendmentId);
  await head.getByText("Withdraw…").click();
  await head.getByRole("button", { name: "Withdraw amendment" }).click();
  const confirm = head.getByRole("group", { name: "Withdraw…" });
  await expect(confirm.getByRole("alert")).toHaveText("This amendment is already withdrawn.");
  await head.screenshot({ path: testInfo.outputPath("drafting-refusals.png"), fullPage: true });
});

test("without JavaScript, a comment on the amendment page lands back on the page: posted, or refused beside its field", async ({
  browser,
}, testInfo) => {
  const { amendmentPath } = await declaration("consolidation");
  const page = await signedInWithoutScript(browser, "head@pakistan.example");
  await page.goto(amendmentPath);

  const comment = page.getByLabel("Comment on this amendment");
  await comment.fill("Pakistan can support this wording.");
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${amendmentPath}$`));
  await expect(page.getByRole("heading", { name: "Discussion" })).toBeVisible();
  await expect(page.getByTestId("comment")).toHaveText(/Pakistan can support this wording\./);
  await expect(page.getByRole("status").filter({ hasText: "Comment posted." })).toBeVisible();

  // A blank reply (spaces pass the browser's `required`) is refused under the reply's field, on the same page.
  const reply = page.getByLabel("Reply");
  await reply.fill("   ");
  await page.getByRole("button", { name: "Reply", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${amendmentPath}$`));
  await expectFieldError(page, page.getByLabel("Reply"), "Write a comment first.");
  await page.screenshot({ path: testInfo.outputPath("no-script-reply-error.png"), fullPage: true });

  // The chair's decision forms too: a refused wording reopens its dialog on the answer.
  const chair = await signedInWithoutScript(browser, "chair@turkiye.example");
  await chair.goto(amendmentPath);
  await chair.getByText("Accept with changes…").click();
  await chair.getByLabel("Wording to apply").fill("   ");
  await chair.getByRole("button", { name: "Apply this wording" }).click();
  await expect(chair).toHaveURL(new RegExp(`${amendmentPath}$`));
  await expect(chair.locator("details.decision-dialog[open]")).toHaveCount(1);
  await expectFieldError(chair, chair.getByLabel("Wording to apply"), "Required.");
});

test("with JavaScript, the amendment page's discussion posts to the page's action through its fetchers: the comment shows, the form empties, a blank reply is refused under it", async ({
  browser,
}) => {
  const { amendmentPath } = await declaration("consolidation");
  const page = await signedInPage(browser, "head@iraq.example");
  await page.goto(amendmentPath);
  const comment = page.getByLabel("Comment on this amendment");
  await comment.fill("Iraq asks for the word 'closely' to go.");
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(page.getByTestId("comment")).toHaveText(/Iraq asks for the word 'closely' to go\./);
  await expect(comment).toHaveValue("");
  const reply = page.getByLabel("Reply");
  await reply.fill("   ");
  await page.getByRole("button", { name: "Reply", exact: true }).click();
  await expectFieldError(page, reply, "Write a comment first.");
  await expect(page.locator(".page--medium > .alert--error")).toHaveCount(0);
});

test("the versions form shows a note that is too long under the note, the field marked invalid", async ({ browser }) => {
  const { documentPath } = await declaration("consolidation", { tabled: false });
  const chair = await signedInPage(browser, "chair@turkiye.example");
  await chair.goto(`${documentPath}/versions`);
  const note = chair.getByLabel("Note (optional)");
  // A client that ignores the field's maxlength: the server's schema still refuses, beside the field.
  await note.evaluate((input) => input.removeAttribute("maxlength"));
  await note.fill("n".repeat(1_001));
  await chair.getByRole("button", { name: "Issue Zero draft" }).click();
  await expectFieldError(chair, note, "At most 1,000 characters.");
  await expect(chair.getByRole("cell", { name: "Zero draft" })).toHaveCount(0);
});

test("resolving the options of an agreed paragraph is refused beside the control, in the editor's toolbar and in the compilation", async ({
  browser,
}, testInfo) => {
  const { documentPath } = await declaration("consolidation", {
    tabled: false,
    paragraph: {
      ...block("operative", CURRENT),
      attrs: {
        id: randomUUID(),
        status: "agreed",
        options: serializeOptions([
          { key: "A", text: CURRENT, attribution: "Current text", amendmentId: null },
          { key: "B", text: PROPOSED, attribution: "Hungary", amendmentId: null },
        ]),
      },
    },
  });
  const refusal = "The paragraph is agreed. Reopen it (set its status back) before resolving its options.";
  const chair = await signedInPage(browser, "chair@turkiye.example");

  await chair.goto(documentPath);
  await expect(chair.getByTestId("connection-state")).toHaveText("Connected");
  await chair.locator('.ProseMirror .block[data-number="OP1"] .block__text').click();
  const resolve = chair.getByTestId("resolve-options");
  await resolve.getByLabel("Resolve to").selectOption("B");
  await resolve.getByRole("button", { name: "Resolve" }).click();
  const error = chair.getByTestId("options-error");
  await expect(error).toHaveText(refusal);
  await expect(resolve.getByLabel("Resolve to")).toHaveAttribute("aria-describedby", (await error.getAttribute("id"))!);
  await expect(chair.getByTestId("options-result")).toHaveCount(0);
  await chair.screenshot({ path: testInfo.outputPath("toolbar-options-refusal.png") });

  await chair.goto(`${documentPath}/compilation`);
  const form = chair.getByRole("form", { name: "Resolve the options of OP1" });
  await form.getByRole("button", { name: "Resolve" }).click();
  await expect(form.getByRole("alert")).toHaveText(refusal);
  await expect(chair.locator(".compilation > .alert--error")).toHaveCount(0);
  await chair.screenshot({ path: testInfo.outputPath("compilation-options-refusal.png"), fullPage: true });
});

/** A browser context that runs no script, signed in through the real form (which needs none). */
async function signedInWithoutScript(browser: Browser, email: string): Promise<Page> {
  const context = await newTestContext(browser, { baseURL: baseUrl(), javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Budapest Process" })).toBeVisible();
  return page;
}
