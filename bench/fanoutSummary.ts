// The fan-out bench's summary figures (bench/fanout.ts), kept apart so they can be tested
// (tests/unit/fanoutSummary.test.ts): phases from the command line, strict saturation, the
// phase at twice saturation, and the phase that stands for "p99 at 100 updates/s".
import type { LoadPhase } from "./loadProcess";

/** What the summary needs of a phase's result (bench/fanoutLoad.ts PhaseResult). */
export interface PhaseFigures {
  name: string;
  offeredPerSecond: number;
  sentPerSecond: number;
  deliveredPerSecond: number;
  completeRatio: number;
  p99Ms: number | null;
}

/** `100x10,600x4`: rate × seconds each; the first is the warm-up when there are several. */
export function parsePhases(option: string): LoadPhase[] {
  const parts = option.split(",").filter(Boolean);
  return parts.map((part, index) => {
    const [rate, seconds] = part.split("x").map(Number) as [number, number];
    if (!(rate > 0) || !(seconds > 0)) throw new Error(`--phases: "${part}" is not <rate>x<seconds>`);
    return { name: `${index === 0 && parts.length > 1 ? "warm-up" : "ramp"} ${rate}/s`, updatesPerSecond: rate, seconds };
  });
}

/** The writers sent what the phase offered (the generator, on its shared core, did not fall behind). */
export const offeredInFull = (result: PhaseFigures) => result.sentPerSecond >= 0.95 * result.offeredPerSecond;

/**
 * Strict saturation: the highest offered rate at which ≥ 99% of that phase's own updates reached
 * every other client, counting only phases the generator managed to offer in full; with the next
 * offered rate above it (where the phase fell short), which bounds how coarse the figure is.
 */
export function saturationOf(results: readonly PhaseFigures[]): { rate: number; nextRate: number | null } {
  const rate = Math.max(
    0,
    ...results.filter((result) => result.completeRatio >= 0.99 && offeredInFull(result)).map((result) => result.offeredPerSecond),
  );
  const above = results.map((result) => result.offeredPerSecond).filter((offered) => offered > rate);
  return { rate, nextRate: above.length > 0 ? Math.min(...above) : null };
}

/**
 * Graceful overload: what is still delivered when twice the saturation rate is offered. Only a
 * phase within 1.8–2.5× of saturation counts (the one nearest 2×): with a coarse ramp the first
 * phase past 2× may be 80× saturation, and its figure says nothing about twice the rate.
 */
export function overloadOf(results: readonly PhaseFigures[]) {
  const saturation = saturationOf(results).rate;
  if (saturation <= 0) return null;
  const candidates = results.filter((result) => result.offeredPerSecond >= 1.8 * saturation && result.offeredPerSecond <= 2.5 * saturation);
  if (candidates.length === 0) return null;
  const phase = candidates.reduce((best, result) =>
    Math.abs(result.offeredPerSecond - 2 * saturation) < Math.abs(best.offeredPerSecond - 2 * saturation) ? result : best,
  );
  return {
    offered: phase.offeredPerSecond,
    sent: phase.sentPerSecond,
    delivered: phase.deliveredPerSecond,
    ratio: phase.deliveredPerSecond / saturation,
    inFull: offeredInFull(phase),
  };
}

/**
 * The phase that gives "p99 at 100 updates/s": the last phase at 100/s that is not the warm-up
 * (whatever it is called: "steady 100/s", "ramp 100/s"), else the warm-up itself; -1 if none.
 */
export function steadyPhaseIndex(phases: readonly LoadPhase[]): number {
  let found = -1;
  phases.forEach((phase, index) => {
    if (phase.updatesPerSecond !== 100) return;
    if (found === -1 || !phase.name.startsWith("warm-up")) found = index;
  });
  return found;
}
