import { Conflict } from "../kernel/errors";

/** Nobody comments on an adopted or published text: one clear refusal for every comment action. */
export function assertCommentsOpen(document: { stage: string }) {
  if (document.stage === "adopted" || document.stage === "published") {
    throw new Conflict(`Comments are closed: this document is ${document.stage}.`);
  }
}
