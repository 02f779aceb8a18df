import { describe, expect, it } from "vitest";
import {
  PALETTE_HEXES,
  assignParticipantColours,
  contrastRatio,
  deltaEOk,
  linearRgb,
  nextParticipantColour,
  simulate,
} from "../../common/colours";
import { DEMO_USERS } from "../../prisma/seed";

// 0.02 in OKLab is about one just-noticeable difference.
const MIN_NORMAL = 0.14;
const MIN_DICHROMAT = 0.08;

function distances(a: string, b: string) {
  const [x, y] = [linearRgb(a), linearRgb(b)];
  return {
    normal: deltaEOk(x, y),
    protanopia: deltaEOk(simulate("protanopia", x), simulate("protanopia", y)),
    deuteranopia: deltaEOk(simulate("deuteranopia", x), simulate("deuteranopia", y)),
  };
}

function pairs<T>(items: readonly T[]) {
  return items.flatMap((a, i) => items.slice(i + 1).map((b) => [a, b] as const));
}

describe("participant colours", () => {
  it("keeps every two palette colours apart, for normal and red-green colour-blind vision", () => {
    for (const [a, b] of pairs(PALETTE_HEXES)) {
      const d = distances(a, b);
      expect(d.normal, `${a} vs ${b}`).toBeGreaterThanOrEqual(MIN_NORMAL);
      expect(d.protanopia, `${a} vs ${b} (protanopia)`).toBeGreaterThanOrEqual(MIN_DICHROMAT);
      expect(d.deuteranopia, `${a} vs ${b} (deuteranopia)`).toBeGreaterThanOrEqual(MIN_DICHROMAT);
    }
  });

  it("is legible on white: at least 3:1, the WCAG minimum for graphics", () => {
    for (const hex of PALETTE_HEXES) expect(contrastRatio(hex, "#ffffff"), hex).toBeGreaterThanOrEqual(3);
  });

  it("gives the seeded participants with accounts colours a reader can tell apart", () => {
    // The seed assigns in joining order with these participants first (prisma/seed.ts).
    const active = [...new Set(DEMO_USERS.map((user) => user.participant))];
    const colours = assignParticipantColours(61).slice(0, active.length);
    expect(new Set(colours).size).toBe(active.length);
    const worst = Math.min(...pairs(colours).map(([a, b]) => Math.min(...Object.values(distances(a, b)))));
    expect(worst).toBeGreaterThanOrEqual(MIN_DICHROMAT);
    // The colours that were reported as indistinguishable are no longer in use.
    for (const reported of ["#27a532", "#36a527", "#50a527", "#a52727", "#a52d27"]) expect(PALETTE_HEXES).not.toContain(reported);
  });

  it("is stable and spreads repeats evenly once the palette is used up", () => {
    expect(assignParticipantColours(61)).toEqual(assignParticipantColours(61));
    const counts = new Map<string, number>();
    for (const hex of assignParticipantColours(61)) counts.set(hex, (counts.get(hex) ?? 0) + 1);
    const uses = [...counts.values()];
    expect(Math.max(...uses) - Math.min(...uses)).toBeLessThanOrEqual(1);
    expect(nextParticipantColour([PALETTE_HEXES[0]!, PALETTE_HEXES[1]!])).toBe(PALETTE_HEXES[2]);
  });
});
