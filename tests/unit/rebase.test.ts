import { diffArrays } from "diff";
import { describe, expect, it } from "vitest";
import { exactWordDiff, textAfter, textBefore, wordTokens } from "../../app/editor/diff";
import { rebaseAmendment } from "../../app/editor/rebase";

/** A seeded generator of integers below `n` (mulberry32): every value comes up, where a plain LCG's low bits repeat. */
function seeded(seed: number) {
  return (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

describe("exact word diff", () => {
  it("rebuilds both texts exactly, whitespace included", () => {
    for (const [before, after] of [
      ["Routes; ", "Routes; in full respect «e1»"],
      ["a  b", "a b"],
      ["", "new"],
      ["old", ""],
    ] as const) {
      const parts = exactWordDiff(before, after);
      expect(textBefore(parts)).toBe(before);
      expect(textAfter(parts)).toBe(after);
    }
  });
});

describe("exact word diff over the part that differs", () => {
  it("is exact for random edits, spaces, punctuation and scripts without spaces", () => {
    const random = seeded(7);
    const words = ["States", "will", " ", "  ", "cooperate", "on", "return,", "readmission.", "«e1»", "移民", "合作", "الهجرة", "\n"];
    for (let run = 0; run < 400; run++) {
      const make = () => Array.from({ length: random(12) }, () => words[random(words.length)]!).join(random(3) ? " " : "");
      const before = make();
      const cut = random(before.length + 1);
      const after = random(2) ? before.slice(0, cut) + make() + before.slice(cut + random(5)) : make();
      const parts = exactWordDiff(before, after);
      expect(textBefore(parts), JSON.stringify({ before, after })).toBe(before);
      expect(textAfter(parts), JSON.stringify({ before, after })).toBe(after);
    }
  });

  it("changes only the changed word of a long paragraph, whole words", () => {
    const long = "Participating States will strengthen cooperation on return and readmission ".repeat(20);
    expect(exactWordDiff(`${long}in full respect of law.`, `${long}in full respect of international law.`)).toEqual([
      { kind: "same", text: `${long}in full respect of ` },
      { kind: "inserted", text: "international " },
      { kind: "same", text: "law." },
    ]);
    expect(exactWordDiff("cooperate on returns now", "cooperate on return now")).toEqual([
      { kind: "same", text: "cooperate on " },
      { kind: "deleted", text: "returns" },
      { kind: "inserted", text: "return" },
      { kind: "same", text: " now" },
    ]);
  });
});

describe("exact word diff of words appended or taken off the end", () => {
  /** The same diff over the whole texts' words, as if no edge were cut. */
  function wholeDiff(before: string, after: string) {
    const words = (text: string) => Array.from(new Intl.Segmenter("en", { granularity: "word" }).segment(text), (part) => part.segment);
    const parts: { kind: string; text: string }[] = [];
    for (const change of diffArrays(words(before), words(after))) {
      const kind = change.added ? "inserted" : change.removed ? "deleted" : "same";
      const last = parts.at(-1);
      if (last?.kind === kind) last.text += change.value.join("");
      else parts.push({ kind, text: change.value.join("") });
    }
    return parts;
  }

  it("gives the whole texts' word diff, without segmenting the text they share", () => {
    const base = "Participating states will strengthen cooperation on area 1.1.";
    for (const [before, after] of [
      [base, `${base} (dec41)`],
      [`${base} (dec0)`, base],
      ["cooperate on return", "cooperate on return and readmission"],
      ["States’ commitment 1.1", "States’ commitment 1.1 and 1.2"],
      ["e.g", "e.g more"],
      ["移民 合作", "移民 合作 الهجرة"],
      ["ends with a space ", "ends with a space  twice"],
      ["joined", "joined\uFEFF word"],
      ["line", "line\nnext"],
    ] as const) {
      expect(exactWordDiff(before, after), JSON.stringify({ before, after })).toEqual(wholeDiff(before, after));
    }
    expect(exactWordDiff(base, `${base} (dec41)`)).toEqual([
      { kind: "same", text: base },
      { kind: "inserted", text: " (dec41)" },
    ]);
  });
});

describe("word tokens", () => {
  const segmented = (text: string, language: string) =>
    Array.from(new Intl.Segmenter(language, { granularity: "word" }).segment(text), (part) => part.segment);

  it("are the segmenter's tokens of the whole text, plain pieces split without it", () => {
    expect(wordTokens("States will (dec0) act, now. ", "en")).toEqual([
      "States",
      " ",
      "will",
      " ",
      "(",
      "dec0",
      ")",
      " ",
      "act",
      ",",
      " ",
      "now",
      ".",
      " ",
    ]);
    // Pieces of every kind around spaces, and characters that join what is on either side of them.
    const pieces = [
      "States",
      "will",
      "dec0",
      "(dec41)",
      "1.1.",
      "1.1",
      "e.g.",
      "area",
      "[a]",
      "x:y",
      "don't",
      "it’s",
      "snake_case",
      "_x",
      "a,",
      "b;",
      "c:",
      "d!",
      "e?",
      ")",
      "(",
      ".",
      ",",
      "...",
      "—",
      "«e1»",
      "⟨12.3⟩",
      "移民",
      "合作",
      "الهجرة",
      "การย้ายถิ่น",
      "e\u0301",
      "\u0301",
      "\u200d",
      "\ufeff",
      "👩\u200d💻",
      "🇹🇷",
      "🇹🇷🇭🇺",
      "\u00a0",
      "١٢٣",
      "3.5%",
      "$10",
      "a-b",
      "Ⅻ",
    ];
    const spaces = [" ", " ", " ", "  ", "\t", "\n", "", "\u00a0", "\u3000"];
    const random = seeded(11);
    for (let run = 0; run < 3_000; run++) {
      const text = Array.from({ length: random(14) }, () => pieces[random(pieces.length)]! + spaces[random(spaces.length)]!).join("");
      for (const language of ["en", "ar", "zh", "th"])
        expect(wordTokens(text, language), JSON.stringify({ text, language })).toEqual(segmented(text, language));
    }
  });
});

describe("exact word diff of a text inside another", () => {
  it("keeps every word of the shorter text and cuts only at word boundaries of both", () => {
    const pieces = [
      "States",
      "will",
      "(dec4)",
      "1.1.",
      "⟨3.12⟩",
      "«e1»",
      "don't",
      "移民",
      "合作",
      "الهجرة",
      "e\u0301",
      "🇹🇷",
      ".",
      ",",
      "a_b",
    ];
    const glue = [" ", " ", "", "\n", "  "];
    const random = seeded(5);
    const make = (length: number) => Array.from({ length }, () => pieces[random(pieces.length)]! + glue[random(glue.length)]!).join("");
    const boundaries = (text: string) => {
      const at = new Set([text.length]);
      for (const { index } of new Intl.Segmenter("en", { granularity: "word" }).segment(text)) at.add(index);
      return at;
    };
    for (let run = 0; run < 2_000; run++) {
      const inner = make(1 + random(6));
      const outer = make(random(3)) + inner + make(random(3));
      for (const [before, after] of [
        [inner, outer],
        [outer, inner],
      ] as const) {
        const parts = exactWordDiff(before, after);
        const context = JSON.stringify({ before, after });
        expect(textBefore(parts), context).toBe(before);
        expect(textAfter(parts), context).toBe(after);
        const [inBefore, inAfter] = [boundaries(before), boundaries(after)];
        let [positionBefore, positionAfter] = [0, 0];
        for (const part of parts) {
          if (part.kind !== "inserted") positionBefore += part.text.length;
          if (part.kind !== "deleted") positionAfter += part.text.length;
          expect(inBefore.has(positionBefore) && inAfter.has(positionAfter), context).toBe(true);
        }
      }
    }
    // Typed into at its start, amended at its end: the whole base kept, nothing else.
    const base = "Participating states will strengthen cooperation on area 1.1.";
    expect(exactWordDiff(base, `⟨3.12⟩⟨7.4⟩${base} (dec0) (dec41)`)).toEqual([
      { kind: "inserted", text: "⟨3.12⟩⟨7.4⟩" },
      { kind: "same", text: base },
      { kind: "inserted", text: " (dec0) (dec41)" },
    ]);
  });
});

describe("applying an outdated amendment to the current text", () => {
  const base = "States commit to strengthen cooperation on return.";
  it("carries the amendment's edits over when later edits touched other words", () => {
    const proposed = "States commit to deepen cooperation on return.";
    const current = "Participating States commit to strengthen cooperation on return and readmission.";
    expect(rebaseAmendment(base, proposed, current)).toMatchObject({
      ok: true,
      text: "Participating States commit to deepen cooperation on return and readmission.",
    });
  });

  it("refuses when a later edit changed the same words, rather than undoing it", () => {
    const proposed = "States commit to deepen cooperation on return.";
    const current = "States commit to reinforce cooperation on return.";
    const rebased = rebaseAmendment(base, proposed, current);
    expect(rebased.ok).toBe(false);
  });

  it("is the proposal itself when nothing changed", () => {
    expect(rebaseAmendment(base, "New.", base)).toMatchObject({ ok: true, text: "New." });
  });
});
