import { STAGES, type Stage } from "../../common/vocabulary";
import type { Actor } from "../policies";
import type { DomainContext } from "../domain/kernel/context";
import { getDocument } from "../domain/documents/getDocument";
import { canMove } from "../domain/documents/stages";
import { getStageInfo } from "./getStageInfo";

/** Stages the stage form offers; the others have their own forms (silence, adoption, publication). */
const PLAIN_MOVES: readonly Stage[] = ["amendments_open", "consolidation"];

/** The lifecycle page: stage, deadline, the moves the actor may make, and the stage history. */
export async function getLifecycle(ctx: DomainContext, actor: Actor | null, documentId: string) {
  const { document, abilities } = await getDocument(ctx, actor, documentId);
  const stage = document.stage as Stage;
  const [stageInfo, history] = await Promise.all([
    getStageInfo(ctx, actor!, document.id),
    ctx.db.notification.findMany({
      where: { userId: actor!.userId, documentId: document.id, kind: "stage" },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, text: true, createdAt: true },
    }),
  ]);
  const moves = abilities["document.setStage"] ? STAGES.filter((to) => PLAIN_MOVES.includes(to) && canMove(stage, to)) : [];
  return {
    document: { id: document.id, title: document.title, symbol: document.symbol, kind: document.kind, language: document.language, stage },
    abilities,
    stageInfo,
    moves,
    history,
  };
}
