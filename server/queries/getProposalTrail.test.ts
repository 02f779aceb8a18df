import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fateInVersion } from "../../common/vocabulary";
import { domainUnderTest } from "../../tests/factories";
import type { Actor } from "../policies";
import { decideAmendment } from "../domain/amendments/decideAmendment";
import { issueVersion } from "../domain/versions/issueVersion";
import { getAmendmentDecisions } from "./getAmendmentDecisions";
import { getProposalTrail } from "./getProposalTrail";

// One amendment's record across versions reads the same on its own page and in "Where did our
// proposals go": undecided when the Zero draft was issued, then incorporated in Rev.1. The amendment
// page once said "Carried forward in Zero draft" while the trail said "Carried forward, undecided".
const { ctx, db, make, close } = domainUnderTest({ liveDocuments: { idleUnloadMs: 60_000 } });
let processId = "";
let chair: Actor;
let head: Actor;
beforeAll(async () => {
  ({ processId, chair } = await make.chairedProcess());
  head = await make.user(processId, "head");
});
afterAll(close);

describe("an amendment's fate in each version", () => {
  it("says 'undecided, carried forward' on the amendment page and in the trail alike, then where it was settled", async () => {
    const document = await make.document(processId, "amendments_open");
    await make.text(document.id);
    const amendment = await make.tabled(document.id, head);
    await db.document.update({ where: { id: document.id }, data: { stage: "consolidation" } });
    await issueVersion(ctx, chair, { documentId: document.id });

    const pageFates = async () =>
      (await getAmendmentDecisions(ctx, head, amendment.id)).fates.map((fate) => fateInVersion(fate.fate, fate.version));
    const trailOf = async () => (await getProposalTrail(ctx, head)).find((entry) => entry.id === amendment.id)!;
    expect(await pageFates()).toEqual(["Zero draft: Undecided, carried forward to the next version"]);
    let trail = await trailOf();
    expect(trail.summary).toBe("Undecided, carried forward since Zero draft");
    expect(trail.history.map((step) => `${step.version}: ${step.fate}`)).toEqual(await pageFates());

    await decideAmendment(ctx, chair, { amendmentId: amendment.id, decision: "accept" });
    await issueVersion(ctx, chair, { documentId: document.id });
    expect(await pageFates()).toEqual(["Zero draft: Undecided, carried forward to the next version", "Rev.1: Incorporated"]);
    trail = await trailOf();
    expect(trail.summary).toBe("Incorporated in Rev.1");
    expect(trail.history.map((step) => `${step.version}: ${step.fate}`)).toEqual(await pageFates());
  });
});
