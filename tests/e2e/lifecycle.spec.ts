import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { createDomainContext } from "../../server/domainContext";
import { actorFromUser, actorUserInclude } from "../../server/domain/people/sessions";
import { issueVersion } from "../../server/domain/versions/issueVersion";
import { fileStem } from "../../server/exports/model";
import { baseUrl, newTestContext, signedInPage } from "./fixtures";

/**
 * The action plan goes to consolidation and the chair issues its next version in the domain, as the
 * versions page would (the Zero draft, or a later Rev.N when another spec issued versions first);
 * the test then drives the stage page.
 */
async function actionPlanWithVersion() {
  const { ctx, close } = createDomainContext({ databaseUrl: process.env.PLENARY_DATABASE_URL! });
  const { db } = ctx;
  try {
    const plan = await db.document.findFirstOrThrow({ where: { kind: "action_plan" } });
    await db.document.update({ where: { id: plan.id }, data: { stage: "consolidation" } });
    const chair = actorFromUser(await db.user.findUniqueOrThrow({ where: { email: "chair@turkiye.example" }, include: actorUserInclude }));
    await issueVersion(ctx, chair, { documentId: plan.id });
    const latest = await db.version.findFirstOrThrow({ where: { documentId: plan.id }, orderBy: { sequence: "desc" } });
    return { planId: plan.id, label: latest.label };
  } finally {
    await close();
  }
}

test("silence broken by Pakistan returns the text to consolidation; a meeting adopts it; the secretariat publishes it for everyone", async ({
  browser,
}) => {
  const { planId, label } = await actionPlanWithVersion();
  const stagePage = `/documents/${planId}/lifecycle`;
  const chair = await signedInPage(browser, "chair@turkiye.example");
  const pakistan = await signedInPage(browser, "head@pakistan.example");
  const hungary = await signedInPage(browser, "head@hungary.example");
  const observer = await signedInPage(browser, "observer@iom.example");
  const secretariat = await signedInPage(browser, "secretariat@icmpd.example");

  // Hungary has the document open throughout.
  await hungary.goto(`/documents/${planId}`);
  await expect(hungary.locator(".document-head .badge--stage")).toHaveText("Consolidation");

  // The chair puts the latest version under silence until the default deadline.
  await chair.goto(stagePage);
  await chair.getByRole("button", { name: "Start the silence procedure" }).click();
  await expect(chair.getByTestId("silence")).toContainText(`${label} is under the silence procedure until`);
  // The answer says what was done (it once read "Done.").
  await expect(chair.getByRole("status").filter({ hasText: "procedure started" })).toHaveText("Silence procedure started.");
  await expect(hungary.locator(".document-head .badge--stage")).toHaveText("Silence procedure");
  await expect(hungary.getByTestId("stage-deadline")).toContainText("Silence ends");
  await expect(hungary.getByTestId("stage-deadline")).toContainText("(Europe/Budapest)");

  // The secretariat may end it early: back to consolidation, not "closing amendments".
  await secretariat.goto(stagePage);
  await expect(secretariat.getByRole("button", { name: "Return to consolidation" })).toBeVisible();
  await expect(secretariat.getByRole("button", { name: "Close amendments now" })).toHaveCount(0);
  // No adoption at a meeting while the states may still object (decision 167): the page says why, not a form.
  await expect(secretariat.getByTestId("adopt-after-silence")).toContainText("once the procedure has ended");
  await expect(secretariat.getByRole("heading", { name: "Record adoption at a meeting" })).toHaveCount(0);
  await secretariat.screenshot({ path: test.info().outputPath("secretariat-during-silence.png"), fullPage: true });

  // The observer reads it but has no way to object.
  await observer.goto(stagePage);
  await expect(observer.getByTestId("silence")).toBeVisible();
  await expect(observer.getByRole("button", { name: "Break silence" })).toHaveCount(0);

  // Pakistan's head breaks silence with a written objection.
  const objection = "Pakistan cannot accept action point 1.2 as drafted.";
  await pakistan.goto(stagePage);
  await pakistan.getByLabel("Break silence: your delegation's written objection").fill(objection);
  await pakistan.getByRole("button", { name: "Break silence" }).click();
  await expect(pakistan.getByTestId("objections")).toContainText(objection);
  await expect(pakistan.getByRole("status").filter({ hasText: "objection" })).toHaveText(
    "Your objection is recorded: silence is broken, and the text returns to consolidation.",
  );

  // Everyone sees it at once: the stage is back to consolidation, with the objection announced.
  await expect(hungary.locator(".document-head .badge--stage")).toHaveText("Consolidation");
  await expect(hungary.getByTestId("stage-notice")).toContainText(
    `Pakistan broke silence on ${label}: “${objection}” The text returns to consolidation.`,
  );
  await observer.reload();
  await expect(observer.getByTestId("objections")).toContainText("Pakistan broke silence");
  await expect(observer.getByTestId("objections")).toContainText(objection);

  // The secretariat records the adoption at a meeting, then publishes.
  await secretariat.goto(stagePage);
  await secretariat.getByLabel("Date of the meeting").fill("2026-11-20");
  await secretariat.getByLabel("Place").fill("Istanbul");
  await secretariat.getByRole("button", { name: `Record adoption of ${label}` }).click();
  await expect(secretariat.getByTestId("adoption")).toContainText(`${label}: Adopted at a meeting in Istanbul on 20 November 2026.`);
  await expect(hungary.locator(".document-head .badge--stage")).toHaveText("Adopted");
  await secretariat.getByRole("button", { name: `Publish ${label}` }).click();
  await expect(secretariat.getByTestId("publication")).toContainText("/p/budapest-process/BP-MC-2025-L.2");
  await expect(hungary.locator(".document-head .badge--stage")).toHaveText("Published");

  // Signed out, without JavaScript: the public index and the published text.
  const visitor = await (await newTestContext(browser, { baseURL: baseUrl(), javaScriptEnabled: false, acceptDownloads: true })).newPage();
  await visitor.goto("/p");
  await visitor.getByRole("link", { name: "BP/MC/2025/L.2" }).click();
  await expect(visitor).toHaveURL(/\/p\/budapest-process\/BP-MC-2025-L\.2$/);
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("Call for Action 2025–2030");
  await expect(visitor.locator("[data-adoption]")).toHaveText("Adopted at a meeting in Istanbul on 20 November 2026.");
  await expect(visitor.locator("[data-hash]")).toHaveText(/^[0-9a-f]{64}$/);
  await expect(visitor.locator("body")).not.toContainText("@");

  // The downloads work.
  for (const [link, name, magic] of [
    ["Word (DOCX)", `${fileStem("BP/MC/2025/L.2", label)}.docx`, "PK"],
    ["PDF", `${fileStem("BP/MC/2025/L.2", label)}.pdf`, "%PDF-"],
  ] as const) {
    const [download] = await Promise.all([visitor.waitForEvent("download"), visitor.getByRole("link", { name: link }).click()]);
    expect(download.suggestedFilename()).toBe(name);
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, magic.length).toString()).toBe(magic);
  }
});
