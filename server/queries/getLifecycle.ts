import { formatUtcTime } from "../../common/time";
import type { Actor } from "../policies";
import type { DomainContext } from "../domain/kernel/context";
import { getDocument } from "../domain/documents/getDocument";
import { formMoves, meetingAdoptionRefusal, moveNeedsDeadline } from "../domain/documents/stages";
import { adoptionText } from "../domain/stages/adoptionText";
import { publicPath } from "../domain/stages/publishVersion";
import { getStageInfo } from "./getStageInfo";

/**
 * The stage page: stage and deadline, the moves the actor may make, the versions with their
 * downloads, the silence procedure with its objections, the adoption record, the publication,
 * and the stage history. Objections are public to every participant (docs/decisions/032). The
 * page shows what to offer from here (moves, abilities, whether silence is under way) and
 * compares no stage itself.
 */
export async function getLifecycle(ctx: DomainContext, actor: Actor | null, documentId: string) {
  const { me, document, abilities } = await getDocument(ctx, actor, documentId);
  const stage = document.stage;
  const [stageInfo, history, versions, silence, adoptions, publication] = await Promise.all([
    getStageInfo(ctx, me, document.id),
    ctx.db.notification.findMany({
      where: { userId: me.userId, documentId: document.id, kind: "stage" },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, text: true, createdAt: true },
    }),
    ctx.db.version.findMany({
      where: { documentId: document.id },
      orderBy: { sequence: "desc" },
      select: { id: true, label: true, issuedAt: true, contentHash: true },
    }),
    ctx.db.silenceProcedure.findFirst({
      where: { documentId: document.id },
      orderBy: { startedAt: "desc" },
      include: { objections: { orderBy: { createdAt: "asc" } } },
    }),
    ctx.db.adoption.findMany({ where: { documentId: document.id }, orderBy: { createdAt: "desc" } }),
    ctx.db.publication.findUnique({ where: { documentId: document.id } }),
  ]);
  const participantIds = silence?.objections.map((objection) => objection.participantId) ?? [];
  const participants = new Map(
    (await ctx.db.participant.findMany({ where: { id: { in: participantIds } }, select: { id: true, name: true } })).map((participant) => [
      participant.id,
      participant.name,
    ]),
  );
  const labelOf = new Map(versions.map((version) => [version.id, version.label]));
  // The stage form's moves; silence, adoption and publication have their own forms.
  const moves = abilities["document.setStage"] ? formMoves(stage).map((to) => ({ to, needsDeadline: moveNeedsDeadline(to) })) : [];
  return {
    document: { id: document.id, title: document.title, symbol: document.symbol, kind: document.kind, language: document.language, stage },
    abilities,
    stageInfo,
    moves,
    history,
    versions: versions.map((version) => ({
      id: version.id,
      label: version.label,
      issuedAt: formatUtcTime(version.issuedAt),
      contentHash: version.contentHash,
    })),
    latestVersion: versions[0] ? { id: versions[0].id, label: versions[0].label } : null,
    silence: silence
      ? {
          version: labelOf.get(silence.versionId) ?? "",
          /** The text is under this silence procedure now (an ended one keeps only its objections on the page). */
          underWay: stage === "silence_procedure",
          outcome: silence.outcome,
          startedAt: formatUtcTime(silence.startedAt),
          endedAt: silence.endedAt ? formatUtcTime(silence.endedAt) : null,
          objections: silence.objections.map((objection) => ({
            id: objection.id,
            participant: participants.get(objection.participantId) ?? "A participating state",
            text: objection.text,
            at: formatUtcTime(objection.createdAt),
          })),
        }
      : null,
    adoption: adoptions[0] ? { version: labelOf.get(adoptions[0].versionId) ?? "", text: adoptionText(adoptions[0]) } : null,
    publication: publication
      ? {
          path: publicPath(publication.processSlug, publication.slug),
          contentHash: publication.contentHash,
          publishedAt: formatUtcTime(publication.publishedAt),
        }
      : null,
    can: {
      startSilence: abilities["silence.start"] && versions.length > 0,
      breakSilence: abilities["silence.break"],
      adopt: abilities["document.adopt"] && versions.length > 0 && meetingAdoptionRefusal(stage, null) === null,
      /** The secretariat during silence: why no adoption form, and the way to one. */
      adoptAfterSilence: abilities["document.adopt"] && stage === "silence_procedure",
      publish: abilities["document.publish"] && stage === "adopted",
    },
  };
}
