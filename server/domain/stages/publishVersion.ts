import { z } from "zod";
import { documentResource, type Actor } from "../../policies";
import { authorize } from "../kernel/authorize";
import { recordAudit } from "../kernel/audit";
import type { DomainContext } from "../kernel/context";
import { Conflict } from "../kernel/errors";
import { fields, parseInput } from "../kernel/validation";
import { findDocument } from "../documents/findDocument";
import { fileStem } from "../../exports/model";
import { applyStage, claimStage } from "./applyStage";

/** Where a published text lives, readable without signing in. */
export const publicPath = (processSlug: string, slug: string) => `/p/${encodeURIComponent(processSlug)}/${encodeURIComponent(slug)}`;

export const publishVersionInput = z.object({ documentId: fields.id });

/**
 * The secretariat publishes the adopted version: from now on it is readable by anyone at a
 * stable address, with its content hash and adoption record, and nothing about it can change
 * (the domain refuses, and database triggers refuse any update of the version, its blocks, the
 * publication record and the published document).
 */
export async function publishVersion(ctx: DomainContext, actor: Actor, input: z.input<typeof publishVersionInput>) {
  const { documentId } = parseInput(publishVersionInput, input);
  const document = await findDocument(ctx, actor, documentId);
  authorize(actor, "document.publish", documentResource(document));
  if (document.stage === "published") throw new Conflict("This text is already published.");
  if (document.stage !== "adopted") throw new Conflict("Only an adopted text can be published.");
  const adoption = await ctx.db.adoption.findFirst({ where: { documentId: document.id }, orderBy: { createdAt: "desc" } });
  if (!adoption) throw new Conflict("No adoption is recorded for this text.");
  const [version, process] = await Promise.all([
    ctx.db.version.findUniqueOrThrow({ where: { id: adoption.versionId } }),
    ctx.db.process.findUniqueOrThrow({ where: { id: document.processId }, select: { slug: true } }),
  ]);
  const slug = fileStem(document.symbol);
  const now = ctx.now();

  const publication = await ctx.db.$transaction(async (tx) => {
    await claimStage(tx, document.id, "adopted");
    if (await tx.publication.findFirst({ where: { processSlug: process.slug, slug } })) {
      throw new Conflict(
        `Another published text already uses the address ${publicPath(process.slug, slug)}. Change this document's symbol first.`,
      );
    }
    const publication = await tx.publication.create({
      data: {
        documentId: document.id,
        versionId: version.id,
        adoptionId: adoption.id,
        processSlug: process.slug,
        slug,
        contentHash: version.contentHash,
        publishedById: actor.userId,
        publishedAt: now,
      },
    });
    await applyStage(tx, {
      document,
      to: "published",
      actor,
      now,
      notice: `${version.label} is published at ${publicPath(process.slug, slug)}.`,
      details: { version: version.label, contentHash: version.contentHash, publicationId: publication.id },
    });
    await recordAudit(tx, actor, document.processId, {
      action: "document.publish",
      subjectType: "document",
      subjectId: document.id,
      details: { version: version.label, contentHash: version.contentHash, path: publicPath(process.slug, slug) },
    });
    return publication;
  });
  ctx.events.emit("document.changed", document.id);
  return publication;
}
