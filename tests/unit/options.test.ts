import { describe, expect, it } from "vitest";
import { OPTION_LIMITS, optionsAsText, parseOptions, presentOptions, readOptionSet, serializeOptions } from "../../app/editor/options";

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
});
