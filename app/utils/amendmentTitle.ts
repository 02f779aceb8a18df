import type { AmendmentOperation } from "../../common/vocabulary";
import { AMENDMENT_LABELS } from "../labels";

/**
 * "Replace OP4", "Delete PP2", "Insert after OP3 (new OP3bis)": the paragraph it targets by its
 * current number (or its number when tabled, if it has gone), and for an insertion the
 * provisional label of the new paragraph as well.
 */
export function amendmentTitle(amendment: {
  operation: AmendmentOperation;
  targetNumber: string | null;
  targetNumberWhenTabled: string | null;
  provisionalLabel: string | null;
}) {
  const target = amendment.targetNumber ?? amendment.targetNumberWhenTabled ?? "a paragraph";
  const operation = AMENDMENT_LABELS.operation[amendment.operation];
  if (amendment.operation === "insert_after" && amendment.provisionalLabel)
    return `${operation} ${target} (new ${amendment.provisionalLabel})`;
  return amendment.operation === "alternative" ? `${operation} for ${target}` : `${operation} ${target}`;
}
