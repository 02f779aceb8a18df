import { z } from "zod";
import type { Actor } from "../policies";
import type { DomainContext } from "../domain/kernel/context";
import { getDocument } from "../domain/documents/getDocument";
import { readBaseBlocks } from "../domain/documents/readBaseBlocks";
import { loadAmendmentRecords } from "../domain/amendments/loadAmendmentRecords";
import { fields, parseInput } from "../domain/kernel/validation";
import { NotFound, TooManyRequests, DomainError } from "../domain/kernel/errors";
import { getPublishedText, publishedTextInput, versionSource } from "./publishedTexts";
import { attributionLine, presentAmendments } from "./presentAmendments";
import { renderAmendmentListAkn, renderDocumentAkn } from "../exports/akn";
import { renderCompilationDocx, renderDocumentDocx } from "../exports/docx";
import { renderCompilationHtml, renderDocumentHtml } from "../exports/html";
import { fileStem, type ExportCompilation, type ExportDocument } from "../exports/model";
import { PdfBusy, PdfUnavailable, printPdf } from "../exports/pdf";
import { publishedPdf } from "../exports/publishedPdfs";

export const EXPORT_FORMATS = ["html", "docx", "pdf", "akn"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFile {
  body: Buffer | string;
  contentType: string;
  fileName: string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  html: "text/html; charset=utf-8",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  akn: "application/akn+xml; charset=utf-8",
};
const EXTENSIONS: Record<ExportFormat, string> = { html: "html", docx: "docx", pdf: "pdf", akn: "akn.xml" };

const format = z.enum(EXPORT_FORMATS, { message: "Unknown export format: use html, docx, pdf or akn." });
/** A member's download: the route parses its path and `?version=` with this, the query again. */
export const exportInput = z.object({ documentId: fields.id, format, versionId: fields.id.optional() });
export const compilationExportInput = exportInput.omit({ versionId: true });
export const publishedExportInput = publishedTextInput.extend({ format });

/** Renders a prepared document in a format; shared by member and public downloads. */
export async function renderExport(source: ExportDocument, format: ExportFormat): Promise<ExportFile> {
  const fileName = `${fileStem(source.symbol, source.versionLabel === "Current text" ? null : source.versionLabel)}.${EXTENSIONS[format]}`;
  const body = await render(format, {
    html: () => renderDocumentHtml(source),
    docx: () => renderDocumentDocx(source),
    akn: () => renderDocumentAkn(source),
    title: `${source.symbol} ${source.versionLabel}`,
    // A published text is immutable: its PDF is printed once (server/exports/publishedPdfs).
    cacheKey: source.contentHash && source.publicPath ? { contentHash: source.contentHash, publicPath: source.publicPath } : undefined,
  });
  return { body, contentType: CONTENT_TYPES[format], fileName };
}

async function render(
  format: ExportFormat,
  renderers: {
    html: () => string;
    docx: () => Promise<Buffer>;
    akn: () => string;
    title: string;
    cacheKey?: { contentHash: string; publicPath: string };
  },
): Promise<Buffer | string> {
  switch (format) {
    case "html":
      return renderers.html();
    case "docx":
      return renderers.docx();
    case "akn":
      return renderers.akn();
    case "pdf":
      try {
        return renderers.cacheKey
          ? await publishedPdf(renderers.cacheKey, { html: renderers.html, title: renderers.title })
          : await printPdf(renderers.html(), renderers.title);
      } catch (error) {
        if (error instanceof PdfBusy) throw new TooManyRequests(error.message, 30);
        if (error instanceof PdfUnavailable) throw new DomainError(`The PDF export is unavailable on this server: ${error.message}`, 503);
        throw error;
      }
  }
}

/** The current text of a document, for members (drafts are never public). */
async function currentTextSource(ctx: DomainContext, actor: Actor | null, documentId: string): Promise<ExportDocument> {
  const { document } = await getDocument(ctx, actor, documentId);
  const process = await ctx.db.process.findUniqueOrThrow({ where: { id: document.processId }, select: { name: true, slug: true } });
  const now = ctx.now().toISOString();
  return {
    process,
    symbol: document.symbol,
    title: document.title,
    kind: document.kind,
    language: document.language,
    versionLabel: "Current text",
    date: now,
    blocks: [...(await readBaseBlocks(ctx, document.id))],
    contentHash: null,
    adoption: null,
    events: [{ label: "Current text", date: now, kind: "version" }],
    publicPath: null,
  };
}

/** A document's text (the current text, or an issued version) as a download, for whoever may read the document. */
export async function exportDocument(ctx: DomainContext, actor: Actor | null, input: z.input<typeof exportInput>): Promise<ExportFile> {
  const { documentId, format, versionId } = parseInput(exportInput, input);
  if (!versionId) return renderExport(await currentTextSource(ctx, actor, documentId), format);
  const { document } = await getDocument(ctx, actor, documentId);
  const version = await ctx.db.version.findFirst({ where: { id: versionId, documentId: document.id } });
  if (!version) throw new NotFound("Version not found.");
  return renderExport(await versionSource(ctx, document, version.id), format);
}

/** A published text as a download, for anyone. */
export async function exportPublished(ctx: DomainContext, input: z.input<typeof publishedExportInput>): Promise<ExportFile> {
  const { processSlug, slug, format } = parseInput(publishedExportInput, input);
  const source = await getPublishedText(ctx, { processSlug, slug });
  return renderExport(source, format);
}

/** The compilation (every tabled amendment under its block, attributed) as a download. */
export async function exportCompilation(
  ctx: DomainContext,
  actor: Actor,
  input: z.input<typeof compilationExportInput>,
): Promise<ExportFile> {
  const { documentId, format } = parseInput(compilationExportInput, input);
  const source = await currentTextSource(ctx, actor, documentId);
  const { records, participants } = await loadAmendmentRecords(ctx, actor, { documentId, status: "tabled" });
  const views = presentAmendments(records, participants, source.blocks);
  const byBlock = new Map<string, ExportCompilation["blocks"][number]["amendments"]>();
  for (const view of views) {
    const list = byBlock.get(view.targetBlockId) ?? [];
    list.push({
      id: view.id,
      operation: view.operation,
      proposer: { name: view.proposer.name, code: view.proposer.code },
      sponsors: view.sponsors.map((sponsor) => sponsor.name),
      targetBlockId: view.targetBlockId,
      label: view.provisionalLabel ?? view.targetNumberWhenTabled ?? view.targetNumber,
      diff: view.diff,
      proposedText: view.proposedText,
      justification: view.justification,
      tabledAt: view.tabledAt,
      attribution: attributionLine(view),
    });
    byBlock.set(view.targetBlockId, list);
  }
  const { blocks, contentHash: _hash, adoption: _adoption, publicPath: _path, ...document } = source;
  const compilation: ExportCompilation = {
    document,
    blocks: blocks.map((block) => ({ ...block, amendments: byBlock.get(block.id) ?? [] })),
  };
  const fileName = `${fileStem(source.symbol, "compilation")}.${EXTENSIONS[format]}`;
  const body = await render(format, {
    html: () => renderCompilationHtml(compilation),
    docx: () => renderCompilationDocx(compilation),
    akn: () => renderAmendmentListAkn(compilation),
    title: `${source.symbol} compilation`,
  });
  return { body, contentType: CONTENT_TYPES[format], fileName };
}
