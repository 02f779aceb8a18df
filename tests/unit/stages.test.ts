import { describe, expect, it } from "vitest";
import { AMENDMENT_STATUSES, STAGES, type AmendmentStatus } from "../../common/vocabulary";
import {
  DEDICATED_STAGES,
  allowedReopenings,
  canMove,
  canReopen,
  closedTextMessage,
  formMoves,
  isTextClosed,
  moveNeedsDeadline,
  moveRefusal,
  plainMoves,
} from "../../server/domain/documents/stages";
import {
  canTransition,
  isDecided,
  mayCosponsor,
  mayDecide,
  mayEditDraft,
  mayReopenDecision,
  mayTable,
  mayWithdraw,
} from "../../server/domain/amendments/lifecycle";

// Written out by hand from docs/decisions/024, independently of the module.
const MOVES = new Set([
  "drafting>amendments_open",
  "amendments_open>consolidation",
  "consolidation>amendments_open",
  "consolidation>silence_procedure",
  "consolidation>adopted",
  "silence_procedure>consolidation",
  "silence_procedure>adopted",
  "adopted>published",
]);

describe("document stages", () => {
  for (const from of STAGES) {
    for (const to of STAGES) {
      const allowed = MOVES.has(`${from}>${to}`);
      it(`${allowed ? "allows" : "refuses"} ${from} → ${to}`, () => {
        expect(canMove(from, to)).toBe(allowed);
        expect(moveRefusal(from, to) === null).toBe(allowed);
      });
    }
  }

  it("goes back from adopted only by reopening, and never from published", () => {
    expect(canMove("adopted", "drafting")).toBe(false);
    expect(moveRefusal("adopted", "drafting")).toContain("needs an explicit reopening");
    expect(canReopen("adopted", "drafting")).toBe(true);
    expect(canReopen("adopted", "consolidation")).toBe(true);
    expect(canReopen("adopted", "published")).toBe(false);
    for (const stage of STAGES.filter((stage) => stage !== "adopted")) expect(allowedReopenings(stage), stage).toEqual([]);
  });

  it("sends silence, adoption and publication to their own commands, asks a deadline to open amendments, and offers the rest plainly", () => {
    expect(Object.keys(DEDICATED_STAGES).sort()).toEqual(["adopted", "published", "silence_procedure"]);
    expect(STAGES.filter(moveNeedsDeadline)).toEqual(["amendments_open"]);
    const offered = (moves: (from: (typeof STAGES)[number]) => readonly string[]) =>
      Object.fromEntries(STAGES.map((from) => [from, moves(from)]));
    expect(offered(formMoves)).toEqual({
      drafting: ["amendments_open"],
      amendments_open: ["consolidation"],
      consolidation: ["amendments_open"],
      silence_procedure: ["consolidation"],
      adopted: [],
      published: [],
    });
    expect(offered(plainMoves)).toEqual({
      drafting: [],
      amendments_open: ["consolidation"],
      consolidation: [],
      silence_procedure: ["consolidation"],
      adopted: [],
      published: [],
    });
  });

  it("closes the text once adopted or published, with one message", () => {
    expect(STAGES.filter(isTextClosed)).toEqual(["adopted", "published"]);
    expect(closedTextMessage("adopted")).toBe("This document is adopted: its text, amendments and comments are closed.");
  });
});

describe("the amendment lifecycle", () => {
  const FINAL: AmendmentStatus[] = ["accepted", "accepted_with_changes", "merged", "not_retained", "withdrawn"];
  it("allows draft → tabled | withdrawn, tabled → decided | withdrawn | a new revision, decided → tabled (reopened), nothing after withdrawn", () => {
    const allowed = (from: AmendmentStatus) => AMENDMENT_STATUSES.filter((to) => canTransition(from, to));
    expect(allowed("draft")).toEqual(["tabled", "withdrawn"]);
    expect(allowed("tabled")).toEqual(["tabled", "accepted", "accepted_with_changes", "merged", "not_retained", "withdrawn"]);
    for (const status of FINAL) expect(allowed(status), status).toEqual(status === "withdrawn" ? [] : ["tabled"]);
    expect(AMENDMENT_STATUSES.filter(mayReopenDecision)).toEqual(["accepted", "accepted_with_changes", "merged", "not_retained"]);
  });

  it("answers what each status allows", () => {
    const row = (status: AmendmentStatus) => [mayTable, mayEditDraft, mayWithdraw, mayCosponsor, mayDecide].map((may) => may(status));
    expect(row("draft")).toEqual([true, true, true, false, false]);
    expect(row("tabled")).toEqual([true, true, true, true, true]);
    for (const status of FINAL) expect(row(status), status).toEqual([false, false, false, false, false]);
    expect(AMENDMENT_STATUSES.filter(isDecided)).toEqual(["accepted", "accepted_with_changes", "merged", "not_retained"]);
  });
});
