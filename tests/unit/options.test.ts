import { describe, expect, it } from "vitest";
import {
  OPTION_LIMITS,
  optionsAsText,
  parseOptions,
  presentOptions,
  readOptionSet,
  runLines,
  runsOfInline,
  serializeOptions,
} from "../../app/editor/options";

const option = (key: string, text = `Wording ${key}.`, attribution = "Iraq") => ({ key, text, attribution, amendmentId: null });

describe("option sets", () => {
  it("reads a well-formed set: 2 to 12 options keyed A, B, C… in order", () => {
    const stored = serializeOptions([option("A", "Now.", "Current text"), option("B")]);
    expect(readOptionSet(stored)).toEqual([option("A", "Now.", "Current text"), option("B")]);
    expect(readOptionSet(serializeOptions("ABCDEFGHIJKL".split("").map((key) => option(key))))?.length).toBe(12);
  });

  it("refuses anything else, and readers see no options instead of failing", () => {
    const malformed: unknown[] = [
      "not json",
      JSON.stringify([option("A")]),
      JSON.stringify([option("A"), option("C")]),
      JSON.stringify([option("B"), option("A")]),
      JSON.stringify("ABCDEFGHIJKLM".split("").map((key) => option(key))),
      JSON.stringify([option("A"), { ...option("B"), text: 42 }]),
      JSON.stringify([option("A"), option("B", "x".repeat(OPTION_LIMITS.text + 1))]),
      JSON.stringify([option("A"), option("B", "ok", "y".repeat(OPTION_LIMITS.attribution + 1))]),
      JSON.stringify([option("A"), { ...option("B"), amendmentId: 7 }]),
      JSON.stringify({ A: option("A"), B: option("B") }),
      null,
      42,
    ];
    for (const value of malformed) {
      expect(readOptionSet(value), String(value).slice(0, 60)).toBeNull();
      expect(parseOptions(value)).toEqual([]);
    }
  });

  it("shows Option A as the paragraph reads now, and writes each option bracketed with who offered it", () => {
    const options = presentOptions([option("A", "As it stood.", "Current text"), option("B", "Alternative.")], "As it reads now.");
    expect(options[0]!.text).toBe("As it reads now.");
    expect(optionsAsText(options)).toBe("[Option A (Current text): As it reads now.] [Option B (Iraq): Alternative.]");
  });

  it("keeps an option's formatting as runs that spell its text; refuses runs that do not, or carry anything else", () => {
    const runs = [
      { text: "States " },
      { text: "shall", bold: true as const },
      { text: " act.\nNow", italic: true as const, underline: true as const },
    ];
    const formatted = { ...option("B", "States shall act.\nNow"), runs };
    expect(readOptionSet(serializeOptions([option("A"), formatted]))?.[1]).toEqual(formatted);
    expect(runLines(runs)).toEqual([
      [{ text: "States " }, { text: "shall", bold: true }, { text: " act.", italic: true, underline: true }],
      [{ text: "Now", italic: true, underline: true }],
    ]);
    const forged = (value: unknown) => JSON.stringify([option("A"), { ...option("B", "States shall act.\nNow"), runs: value }]);
    expect(readOptionSet(forged([{ text: "Other words" }]))).toBeNull();
    expect(readOptionSet(forged([{ text: "States shall act.\nNow", colour: "red" }]))).toBeNull();
    expect(readOptionSet(forged([{ text: "States shall act.\nNow", bold: "yes" }]))).toBeNull();
    expect(readOptionSet(forged("States shall act."))).toBeNull();
    expect(parseOptions(forged([{ text: "" }, { text: "States shall act.\nNow" }]))).toEqual([]);
    // From the editor's JSON: marks outside the schema's three are dropped, neighbours with the same marks joined.
    expect(
      runsOfInline([
        { type: "text", text: "a", marks: [{ type: "bold" }] },
        { type: "text", text: "b", marks: [{ type: "bold" }, { type: "link" }] },
        { type: "hardBreak" },
        { type: "text", text: "c" },
      ]),
    ).toEqual([{ text: "ab", bold: true }, { text: "\nc" }]);
    // Option A shows the paragraph's current formatting, never a stored (stale) one.
    const [a] = presentOptions([{ ...option("A"), runs: [{ text: "Wording A.", bold: true as const }] }, option("B")], "Now plain.");
    expect(a).toEqual(option("A", "Now plain."));
  });
});
