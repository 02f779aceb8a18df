import * as Y from "yjs";
import { numberBlocks } from "./blocks";
import { NUMBERING_MAP } from "./ydocFields";

// Provisional numbering between versions (docs/decisions/027). Until the chair
// issues the next version, a block keeps the number it had in the last version and a new block
// is labelled after the block it follows: OP7bis, OP7ter, 1.3bis. Issuing a version renumbers
// positionally and stores the new numbers as the baseline. Pure: shared by the editor and server.

export type Baseline = ReadonlyMap<string, string>;

/** Transaction meta of an editor whose baseline changed (a version was issued): numbers are recomputed. */
export const NUMBERING_CHANGED = "plenaryNumberingChanged";

const LATIN = ["bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies"];

function suffix(count: number): string {
  return LATIN[count - 1] ?? `(${count + 1})`;
}

/** Whether a stored number is of the shape of the block's kind (a kind change makes it new). */
function fitsKind(kind: string, number: string): boolean {
  switch (kind) {
    case "preambular":
      return number.startsWith("PP");
    case "operative":
      return number.startsWith("OP");
    case "goal":
      return !number.includes(".") && !/^[A-Z]/.test(number);
    case "actionPoint":
      return number.includes(".");
    default:
      return false;
  }
}

const NUMBERED = new Set(["preambular", "operative", "goal", "actionPoint"]);
const PREFIX: Record<string, string> = { preambular: "PP", operative: "OP", goal: "" };

/**
 * Display numbers of blocks given the last version's baseline: known blocks keep their number,
 * new ones are labelled bis, ter, … after the last known block of their sequence. Without a
 * baseline (no version issued yet) numbers are purely positional.
 */
export function provisionalNumbers(blocks: readonly { id: string; kind: string }[], baseline: Baseline | null): (string | null)[] {
  if (!baseline || baseline.size === 0) return numberBlocks(blocks.map((block) => block.kind));
  // The last known number of each sequence, and how many new blocks followed it.
  const last: Record<string, string | null> = { preambular: null, operative: null, goal: null, actionPoint: null };
  const added: Record<string, number> = { preambular: 0, operative: 0, goal: 0, actionPoint: 0 };
  // Action points of a goal added since the last version are numbered within it: 2bis.1, 2bis.2.
  let goalLabel = "0";
  let goalIsNew = false;
  let pointsInGoal = 0;
  return blocks.map(({ id, kind }) => {
    if (!NUMBERED.has(kind)) return null;
    const known = baseline.get(id);
    if (kind === "goal") {
      pointsInGoal = 0;
      last.actionPoint = null;
      added.actionPoint = 0;
    } else if (kind === "actionPoint") {
      pointsInGoal += 1;
      if (goalIsNew) return `${goalLabel}.${pointsInGoal}`;
    }
    let label: string;
    if (known && fitsKind(kind, known)) {
      last[kind] = known;
      added[kind] = 0;
      label = known;
    } else {
      added[kind]! += 1;
      const anchor = last[kind] ?? (kind === "actionPoint" ? `${goalLabel}.0` : `${PREFIX[kind]}0`);
      label = `${anchor}${suffix(added[kind]!)}`;
    }
    if (kind === "goal") {
      goalLabel = label;
      goalIsNew = label !== known;
    }
    return label;
  });
}

/** The baseline stored in a base-text Y.Doc (empty before the first version). */
export function readBaseline(doc: Y.Doc): Map<string, string> {
  const map = doc.getMap<unknown>(NUMBERING_MAP);
  const baseline = new Map<string, string>();
  for (const [id, number] of map.entries()) if (typeof number === "string") baseline.set(id, number);
  return baseline;
}
