import type { Stage } from "../../../common/vocabulary";

// PROVISIONAL until the stage module of the rules issue lands (server/domain/documents/stages.ts).
const MOVES: Record<Stage, readonly Stage[]> = {
  drafting: ["amendments_open"],
  amendments_open: ["consolidation"],
  consolidation: ["amendments_open", "silence_procedure", "adopted"],
  silence_procedure: ["consolidation", "adopted"],
  adopted: ["published"],
  published: [],
};

export function canMove(from: Stage, to: Stage): boolean {
  return MOVES[from].includes(to);
}
