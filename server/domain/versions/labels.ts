/** "Zero draft" (sequence 0), "Rev.1", "Rev.2", …, or "Final". */
export function versionLabel(sequence: number, final: boolean): string {
  if (final) return "Final";
  return sequence === 0 ? "Zero draft" : `Rev.${sequence}`;
}

/** An amendment's fate between two versions (recorded in AmendmentFate). */
export const AMENDMENT_FATES = [
  "incorporated",
  "incorporated_with_changes",
  "merged",
  "not_retained",
  "withdrawn",
  "carried_forward",
] as const;
export type AmendmentFateKind = (typeof AMENDMENT_FATES)[number];

/** The fate an amendment's status stands for when a version is issued; null: not public (a draft). */
export function fateOfStatus(status: string): AmendmentFateKind | null {
  switch (status) {
    case "accepted":
      return "incorporated";
    case "accepted_with_changes":
      return "incorporated_with_changes";
    case "merged":
      return "merged";
    case "not_retained":
      return "not_retained";
    case "withdrawn":
      return "withdrawn";
    case "tabled":
      return "carried_forward";
    default:
      return null;
  }
}
