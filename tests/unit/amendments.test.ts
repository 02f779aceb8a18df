import { describe, expect, it } from "vitest";
import type { BlockSummary } from "../../app/editor/documentModel";
import { compiledChange, diffAmendment, diffText, isCoarse, textAfter, textBefore } from "../../app/editor/diff";
import { checkOperationFits, provisionalLabel } from "../../server/domain/amendments/operations";
import { isDomainError } from "../../server/domain/kernel/errors";
import { seededRandom } from "../support/random";

describe("which change an operation shows (app/editor/diff.ts, the one owner of the rule)", () => {
  const target = "We commit to cooperate.";
  it("diffs a replacement or an alternative against the target, an insertion from nothing, a deletion to nothing", () => {
    expect(textBefore(diffAmendment("replace", target, "We commit to act."))).toBe(target);
    expect(textAfter(diffAmendment("replace", target, "We commit to act."))).toBe("We commit to act.");
    expect(diffAmendment("insert_after", target, "A new paragraph.")).toEqual([{ kind: "inserted", text: "A new paragraph." }]);
    expect(diffAmendment("delete", target, "ignored")).toEqual([{ kind: "deleted", text: target }]);
    expect(textBefore(diffAmendment("alternative", target, "We agree."))).toBe(target);
  });

  it("prints an insertion or an alternative whole in a compilation, a replacement or a deletion as its diff", () => {
    const replace = diffAmendment("replace", target, "We commit to act.");
    expect(compiledChange("replace", replace, "We commit to act.")).toBe(replace);
    const deletion = diffAmendment("delete", target, "");
    expect(compiledChange("delete", deletion, "")).toBe(deletion);
    for (const operation of ["insert_after", "alternative"] as const)
      expect(compiledChange(operation, diffAmendment(operation, target, "We agree."), "We agree.")).toEqual([
        { kind: "inserted", text: "We agree." },
      ]);
  });
});

describe("word-level diff", () => {
  it("marks whole words in English, with punctuation as its own token", () => {
    expect(diffText("We commit to strengthen cooperation.", "We firmly commit to deepen cooperation!")).toEqual([
      { kind: "same", text: "We " },
      { kind: "inserted", text: "firmly " },
      { kind: "same", text: "commit to " },
      { kind: "deleted", text: "strengthen" },
      { kind: "inserted", text: "deepen" },
      { kind: "same", text: " cooperation" },
      { kind: "deleted", text: "." },
      { kind: "inserted", text: "!" },
    ]);
  });

  it("finds words in Chinese, which has no spaces", () => {
    expect(diffText("我们致力于加强合作", "我们致力于深化合作", "zh")).toEqual([
      { kind: "same", text: "我们致力于" },
      { kind: "deleted", text: "加强" },
      { kind: "inserted", text: "深化" },
      { kind: "same", text: "合作" },
    ]);
  });

  it("handles Cyrillic and Arabic words", () => {
    const russian = diffText("Мы обязуемся укреплять сотрудничество.", "Мы обязуемся углублять сотрудничество.", "ru");
    expect(russian.filter((part) => part.kind !== "same").map((part) => part.text)).toEqual(["укреплять", "углублять"]);
    const arabic = diffText("نلتزم بتعزيز التعاون", "نلتزم بتعميق التعاون", "ar");
    expect(arabic.filter((part) => part.kind !== "same").map((part) => part.text)).toEqual(["بتعزيز", "بتعميق"]);
  });

  it("treats commas and semicolons as separate words", () => {
    const parts = diffText("return, readmission;", "return and readmission;");
    expect(parts.find((part) => part.kind === "deleted")?.text).toBe(",");
    expect(parts.find((part) => part.kind === "inserted")?.text).toContain("and");
  });

  it("rebuilds both texts exactly from the parts", () => {
    const samples: [string, string, string][] = [
      ["Partnership: commit to strengthen cooperation;", "Partnership: commit to deepen the cooperation;", "en"],
      ["", "A wholly new paragraph.", "en"],
      ["A paragraph to delete.", "", "en"],
      ["我们致力于加强合作。", "我们坚定致力于加强合作！", "zh"],
      ["Same text.", "Same text.", "en"],
    ];
    for (const [before, after, language] of samples) {
      const parts = diffText(before, after, language);
      expect(textBefore(parts)).toBe(before);
      expect(textAfter(parts)).toBe(after);
    }
  });
});

describe("bounded diff", () => {
  // Two unrelated texts at the size limit: Myers' algorithm would need millions of steps.
  const words = (seed: number, count: number) => {
    const random = seededRandom(seed);
    return Array.from({ length: count }, () => `w${Math.floor(random() * 1e9)}`).join(" ");
  };

  it("diffs a short paragraph word by word even when its time budget ran out while the thread waited", () => {
    // A budget already spent stands for a diff thread preempted on a busy machine.
    expect(
      diffText("We agree to cooperate fully.", "We agree to cooperate on point 16.", "en", { maxEditLength: 600, timeoutMs: -1 }),
    ).toEqual([
      { kind: "same", text: "We agree to cooperate " },
      { kind: "deleted", text: "fully" },
      { kind: "inserted", text: "on point 16" },
      { kind: "same", text: "." },
    ]);
  });

  it("gives up on two unrelated long texts and answers coarsely, losing nothing", () => {
    const before = words(1, 1_400);
    const after = words(2, 1_400);
    const parts = diffText(before, after, "en", { maxEditLength: 200, timeoutMs: 10_000 });
    expect(isCoarse(parts)).toBe(true);
    expect(parts.map((part) => part.kind)).toEqual(["deleted", "inserted"]);
    expect(textBefore(parts)).toBe(before);
    expect(textAfter(parts)).toBe(after);
  });

  it("still diffs word by word when a long text changes a little", () => {
    const before = words(1, 1_400);
    const after = before.replace("w", "changed w");
    const parts = diffText(before, after, "en", { maxEditLength: 200, timeoutMs: 10_000 });
    expect(isCoarse(parts)).toBe(false);
    expect(parts.filter((part) => part.kind === "inserted").map((part) => part.text.trim())).toEqual(["changed"]);
    expect(textAfter(parts)).toBe(after);
  });

  it("is bounded by default", () => {
    const parts = diffText(words(1, 1_600), words(3, 1_600));
    expect(isCoarse(parts)).toBe(true);
  });
});

const blocks: BlockSummary[] = [
  { id: "title", kind: "title", number: null, status: "open", text: "Call for Action", fields: {} },
  { id: "g1", kind: "goal", number: "1", status: "open", text: "Goal one", fields: {} },
  { id: "ap11", kind: "actionPoint", number: "1.1", status: "open", text: "Action", fields: {} },
  { id: "g2", kind: "goal", number: "2", status: "open", text: "Goal two", fields: {} },
  { id: "op7", kind: "operative", number: "OP7", status: "open", text: "Seventh", fields: {} },
];

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return { status: error.status, message: error.message };
    throw error;
  }
  return null;
}

describe("operation validation", () => {
  it("refuses a block that is not in the text", () => {
    expect(refusal(() => checkOperationFits(blocks, "gone", "replace"))).toMatchObject({
      status: 422,
      message: expect.stringContaining("no longer in the text"),
    });
  });

  it("refuses deleting a goal that still has action points, and allows it once empty", () => {
    expect(refusal(() => checkOperationFits(blocks, "g1", "delete"))).toMatchObject({
      status: 422,
      message: expect.stringContaining("still has action points"),
    });
    expect(refusal(() => checkOperationFits(blocks, "g2", "delete"))).toBeNull();
  });

  it("refuses deleting the title or offering an alternative title", () => {
    expect(refusal(() => checkOperationFits(blocks, "title", "delete"))?.status).toBe(422);
    expect(refusal(() => checkOperationFits(blocks, "title", "alternative"))?.status).toBe(422);
    expect(refusal(() => checkOperationFits(blocks, "title", "replace"))).toBeNull();
  });

  it("accepts every operation on a paragraph and labels insertions provisionally", () => {
    for (const operation of ["replace", "insert_after", "delete", "alternative"] as const) {
      expect(refusal(() => checkOperationFits(blocks, "op7", operation))).toBeNull();
    }
    expect(provisionalLabel(blocks[4]!)).toBe("OP7bis");
    expect(provisionalLabel(blocks[2]!)).toBe("1.1bis");
  });
});
