import diagnostics_channel from "node:diagnostics_channel";

/**
 * Where a long command's time goes, for the benches (docs/decisions/158): a command calls
 * `phaseDone("name")` as each of its phases ends, and a subscriber to this channel (the
 * consolidation bench with DECISIONS_TRACE=1) charges the wall and CPU time since the previous
 * mark to that name. Nothing is measured or kept here: with no subscriber a mark is one property
 * read. A phase that awaits includes whatever the event loop ran meanwhile (typists' updates).
 */
export const PHASE_CHANNEL = "plenary:phase";
const channel = diagnostics_channel.channel(PHASE_CHANNEL);

/** A phase begins: the time until the next mark is charged to the next phase named. */
export function phaseStart(command: string) {
  if (channel.hasSubscribers) channel.publish({ command, phase: null });
}

/** The named phase of `command` ends here. */
export function phaseDone(command: string, phase: string) {
  if (channel.hasSubscribers) channel.publish({ command, phase });
}

export interface PhaseMark {
  command: string;
  /** null: a start (nothing is charged). */
  phase: string | null;
}
