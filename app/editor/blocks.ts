// The block vocabulary of a Plenary document (docs/decisions/005). Pure data and functions: shared by
// the browser editor and the server (rendering, block listing, later diffs and exports).

export const BLOCK_KINDS = ["title", "heading", "preambular", "operative", "goal", "actionPoint"] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export const BLOCK_STATUSES = ["open", "bracketed", "agreed_ad_ref", "agreed"] as const;
export type BlockStatus = (typeof BLOCK_STATUSES)[number];

export const ACTION_POINT_FIELDS = ["lead", "partners", "timeline", "indicators"] as const;
export type ActionPointField = (typeof ACTION_POINT_FIELDS)[number];

export const BLOCK_LABELS: Record<BlockKind, string> = {
  title: "Title",
  heading: "Heading",
  preambular: "Preambular paragraph (PP)",
  operative: "Operative paragraph (OP)",
  goal: "Priority goal",
  actionPoint: "Action point",
};

export const STATUS_LABELS: Record<BlockStatus, string> = {
  open: "Open",
  bracketed: "Bracketed",
  agreed_ad_ref: "Agreed ad ref",
  agreed: "Agreed",
};

export const FIELD_LABELS: Record<ActionPointField, string> = {
  lead: "Lead",
  partners: "Partners",
  timeline: "Timeline",
  indicators: "Indicators",
};

/** The block kinds offered in the toolbar for each document kind. */
export function blockKindsFor(documentKind: string): BlockKind[] {
  if (documentKind === "declaration") return ["title", "heading", "preambular", "operative"];
  if (documentKind === "action_plan") return ["title", "heading", "goal", "actionPoint"];
  return [...BLOCK_KINDS];
}

/**
 * Display numbers computed from position, never typed or stored: PP1.., OP1.., goals 1..,
 * and action points numbered within the goal above them (1.1, 1.2, ...).
 */
export function numberBlocks(kinds: readonly string[]): (string | null)[] {
  let preambular = 0;
  let operative = 0;
  let goal = 0;
  let actionPoint = 0;
  return kinds.map((kind) => {
    switch (kind) {
      case "preambular":
        return `PP${++preambular}`;
      case "operative":
        return `OP${++operative}`;
      case "goal":
        actionPoint = 0;
        return `${++goal}`;
      case "actionPoint":
        return `${goal}.${++actionPoint}`;
      default:
        return null;
    }
  });
}

/** UN drafting style: the opening word of a preambular or operative paragraph is set in italics. */
export const OPENING_WORD = /^\s*([\p{L}\p{M}][\p{L}\p{M}’'-]*)/u;

export function hasOpeningWord(kind: string): boolean {
  return kind === "preambular" || kind === "operative";
}

/** How a read-only paragraph announces itself as a keyboard stop: "OP3, bracketed", "Title". */
export function readingLabel(kind: string, number: string | null | undefined, status: string | null | undefined): string {
  const name = number ?? (kind === "title" ? "Title" : kind === "heading" ? "Heading" : "Paragraph");
  if (kind === "title" || kind === "heading") return name;
  return `${name}, ${(STATUS_LABELS[(status ?? "open") as BlockStatus] ?? "Open").toLowerCase()}`;
}
