import { describe, expect, it } from "vitest";
import { overloadOf, parsePhases, saturationOf, steadyPhaseIndex, type PhaseFigures } from "../../bench/fanoutSummary";

const phase = (offered: number, completeRatio: number, delivered = offered * completeRatio, sent = offered): PhaseFigures => ({
  name: `ramp ${offered}/s`,
  offeredPerSecond: offered,
  sentPerSecond: sent,
  deliveredPerSecond: delivered,
  completeRatio,
  p99Ms: 10,
});

describe("the fan-out bench's summary", () => {
  it("finds the 100/s phase for p99 whatever it is called, past the warm-up", () => {
    expect(steadyPhaseIndex(parsePhases("100x3,8000x4,16000x4"))).toBe(0);
    expect(parsePhases("100x3,8000x4")[0]!.name).toBe("warm-up 100/s");
    expect(steadyPhaseIndex(parsePhases("100x2,100x6,800x3"))).toBe(1);
    expect(steadyPhaseIndex(parsePhases("100x10"))).toBe(0);
    expect(parsePhases("100x10")[0]!.name).toBe("ramp 100/s");
    expect(steadyPhaseIndex(parsePhases("200x3,400x3"))).toBe(-1);
    expect(() => parsePhases("100x")).toThrow(/rate.*seconds/);
  });

  it("reports strict saturation with the next step, counting only phases the generator offered in full", () => {
    expect(saturationOf([phase(100, 1), phase(8000, 0.2), phase(16000, 0.05)])).toEqual({ rate: 100, nextRate: 8000 });
    // 6,400/s complete but sent at 80% of the offered rate: it proves nothing.
    expect(saturationOf([phase(100, 1), phase(3200, 1), phase(6400, 1, 5120, 5120)])).toEqual({ rate: 3200, nextRate: 6400 });
    expect(saturationOf([phase(100, 1), phase(200, 1)])).toEqual({ rate: 200, nextRate: null });
  });

  it("takes twice saturation only from a phase near twice it, not from the next coarse step", () => {
    // The relay of 2026-11-26 06:44: saturated at 100/s, next step 8,000/s. No figure, not "17×".
    expect(overloadOf([phase(100, 1), phase(8000, 0.215, 1720), phase(16000, 0.055, 819)])).toBeNull();
    expect(overloadOf([phase(100, 1), phase(8000, 1), phase(16000, 0.15, 2412)])).toMatchObject({
      offered: 16000,
      ratio: 2412 / 8000,
      inFull: true,
    });
    const doubling = [phase(100, 1), phase(200, 1), phase(400, 1), phase(800, 0.5, 410), phase(1600, 0.1, 170)];
    expect(overloadOf(doubling)).toMatchObject({ offered: 800, delivered: 410 });
  });
});
