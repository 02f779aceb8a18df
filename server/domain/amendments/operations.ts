import type { BlockSummary } from "../../../app/editor/documentModel";
import type { AmendmentOperation } from "../../../common/vocabulary";
import { Conflict, Validation } from "../kernel/errors";

/**
 * Whether an operation fits its target block in the current text. Pure, so the refusal is the
 * same for a new draft and at tabling, and easy to test.
 */
export function checkOperationFits(blocks: readonly BlockSummary[], targetBlockId: string, operation: AmendmentOperation): BlockSummary {
  const index = blocks.findIndex((block) => block.id === targetBlockId);
  const target = blocks[index];
  if (!target) {
    throw new Validation("The paragraph this amendment targets is no longer in the text. Propose an amendment to the current text.", {
      targetBlockId: "No such paragraph in the current text.",
    });
  }
  // An agreed paragraph is closed to amendments until the chair reopens it (docs/decisions/028).
  if (target.status === "agreed") {
    throw new Conflict(`${target.number ?? "This paragraph"} is agreed: it takes no amendments unless the Chair reopens it.`, {
      targetBlockId: "The paragraph is agreed.",
    });
  }
  if (operation === "delete" && target.kind === "title") {
    throw new Validation("The title cannot be deleted. Propose a replacement instead.", { operation: "Not possible on the title." });
  }
  if (operation === "delete" && target.kind === "goal" && blocks[index + 1]?.kind === "actionPoint") {
    throw new Validation(
      `Priority goal ${target.number} still has action points. Propose deleting its action points first, or replace the goal.`,
      { operation: "The goal still has action points." },
    );
  }
  if (operation === "alternative" && target.kind === "title") {
    throw new Validation("Alternative wording is for paragraphs, goals and action points, not the title.", {
      operation: "Not possible on the title.",
    });
  }
  return target;
}

/** Display label of a proposed new block after `target`, until the chair renumbers (OP7bis). */
export function provisionalLabel(target: BlockSummary): string | null {
  return target.number ? `${target.number}bis` : null;
}
