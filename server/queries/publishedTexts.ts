import { z } from "zod";
import type { Document } from "@prisma/client";
import { ACTION_POINT_FIELDS, type ActionPointField, type BlockKind, type BlockStatus } from "../../app/editor/blocks";
import { parseOptions, presentOptions, runsOfInline } from "../../app/editor/options";
import type { DomainContext } from "../domain/kernel/context";
import { NotFound } from "../domain/kernel/errors";
import { parseInput } from "../domain/kernel/validation";
import { adoptionText } from "../domain/stages/adoptionText";
import { publicPath } from "../domain/stages/publishVersion";
import { renderDocumentHtml, renderPublicIndex } from "../exports/html";
import type { ExportBlock, ExportDocument, ExportEvent } from "../exports/model";
import { documentColumns } from "../domain/kernel/vocabularyColumns";

/** A frozen block's option set, if it was issued with one (Option A reads the block's text). */
function optionsOf(json: string, text: string): Pick<ExportBlock, "options"> {
  try {
    const node = JSON.parse(json) as { attrs?: Record<string, unknown>; content?: Parameters<typeof runsOfInline>[0] };
    const options = parseOptions(node.attrs?.options);
    return options.length > 0 ? { options: presentOptions(options, text, runsOfInline(node.content)) } : {};
  } catch {
    return {};
  }
}

/** The frozen block's words with their formatting; left out when they do not spell its text (then it is shown plain). */
function runsOf(json: string, text: string): Pick<ExportBlock, "runs"> {
  try {
    const node = JSON.parse(json) as { content?: Parameters<typeof runsOfInline>[0] };
    const runs = runsOfInline(node.content);
    return runs.some((run) => run.bold || run.italic || run.underline) && runs.map((run) => run.text).join("") === text ? { runs } : {};
  } catch {
    return {};
  }
}

function fieldsOf(json: string): ExportBlock["fields"] {
  try {
    const attrs = (JSON.parse(json) as { attrs?: Record<string, unknown> }).attrs ?? {};
    const fields: ExportBlock["fields"] = {};
    for (const field of ACTION_POINT_FIELDS)
      if (typeof attrs[field] === "string" && attrs[field]) fields[field as ActionPointField] = attrs[field] as string;
    return fields;
  } catch {
    return {};
  }
}

/**
 * An issued version as the exports read it: its frozen blocks, its hash, its adoption and
 * publication if any, and the lifecycle events up to it. Reads stored rows only.
 */
export async function versionSource(ctx: DomainContext, document: Document, versionId: string): Promise<ExportDocument> {
  const [process, version, earlier, adoption, publication] = await Promise.all([
    ctx.db.process.findUniqueOrThrow({ where: { id: document.processId }, select: { name: true, slug: true } }),
    ctx.db.version.findFirstOrThrow({
      where: { id: versionId, documentId: document.id },
      include: { blocks: { orderBy: { position: "asc" } } },
    }),
    ctx.db.version.findMany({
      where: { documentId: document.id },
      orderBy: { sequence: "asc" },
      select: { label: true, issuedAt: true, sequence: true },
    }),
    ctx.db.adoption.findUnique({ where: { versionId } }),
    ctx.db.publication.findUnique({ where: { versionId } }),
  ]);
  const events: ExportEvent[] = earlier
    .filter((entry) => entry.sequence <= version.sequence)
    .map((entry) => ({ label: entry.label, date: entry.issuedAt.toISOString(), kind: "version" }));
  if (adoption) events.push({ label: "Adoption", date: adoption.adoptedAt.toISOString(), kind: "adoption" });
  if (publication) events.push({ label: "Publication", date: publication.publishedAt.toISOString(), kind: "publication" });
  return {
    process,
    symbol: document.symbol,
    title: document.title,
    kind: documentColumns(document).kind,
    language: document.language,
    versionLabel: version.label,
    date: version.issuedAt.toISOString(),
    blocks: version.blocks.map((block) => ({
      id: block.blockId,
      kind: block.kind as BlockKind,
      number: block.number,
      status: block.status as BlockStatus,
      text: block.text,
      ...runsOf(block.json, block.text),
      fields: fieldsOf(block.json),
      ...optionsOf(block.json, block.text),
    })),
    contentHash: version.contentHash,
    adoption: adoption
      ? { method: adoption.method as "silence" | "meeting", adoptedAt: adoption.adoptedAt.toISOString(), text: adoptionText(adoption) }
      : null,
    events,
    publicPath: publication ? publicPath(publication.processSlug, publication.slug) : null,
  };
}

/** A published text's stable address, /p/:process/:slug: parsed by the public routes, then here. */
export const publishedTextInput = z.object({
  processSlug: z.string().trim().min(1, "Required.").max(100),
  slug: z.string().trim().min(1, "Required.").max(200),
});

/** A published text, for anyone: nothing but the adopted version and its public record. */
export async function getPublishedText(ctx: DomainContext, input: z.input<typeof publishedTextInput>): Promise<ExportDocument> {
  const { processSlug, slug } = parseInput(publishedTextInput, input);
  const publication = await ctx.db.publication.findUnique({ where: { processSlug_slug: { processSlug, slug } } });
  if (!publication) throw new NotFound("No published text at this address.");
  const document = await ctx.db.document.findUniqueOrThrow({ where: { id: publication.documentId } });
  return versionSource(ctx, document, publication.versionId);
}

/** The public index of published texts, newest first. */
export async function listPublications(ctx: DomainContext) {
  const publications = await ctx.db.publication.findMany({ orderBy: { publishedAt: "desc" }, take: 500 });
  const [documents, versions, processes] = await Promise.all([
    ctx.db.document.findMany({
      where: { id: { in: publications.map((entry) => entry.documentId) } },
      select: { id: true, title: true, symbol: true, language: true },
    }),
    ctx.db.version.findMany({ where: { id: { in: publications.map((entry) => entry.versionId) } }, select: { id: true, label: true } }),
    ctx.db.process.findMany({ select: { slug: true, name: true } }),
  ]);
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));
  const documentById = byId(documents);
  const versionById = byId(versions);
  const processBySlug = new Map(processes.map((process) => [process.slug, process.name]));
  return publications.map((publication) => ({
    path: publicPath(publication.processSlug, publication.slug),
    process: processBySlug.get(publication.processSlug) ?? publication.processSlug,
    symbol: documentById.get(publication.documentId)?.symbol ?? publication.slug,
    title: documentById.get(publication.documentId)?.title ?? "",
    language: documentById.get(publication.documentId)?.language ?? "en",
    version: versionById.get(publication.versionId)?.label ?? "",
    contentHash: publication.contentHash,
    publishedAt: publication.publishedAt.toISOString(),
  }));
}

/** The public page of a published text: standalone HTML, the same the HTML export gives. */
export async function renderPublishedPage(ctx: DomainContext, input: z.input<typeof publishedTextInput>): Promise<string> {
  return renderDocumentHtml(await getPublishedText(ctx, input));
}

/** The public index page of published texts. */
export async function renderPublicationsIndex(ctx: DomainContext): Promise<string> {
  return renderPublicIndex(await listPublications(ctx));
}
