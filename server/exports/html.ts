import { compiledChange } from "../../app/editor/diff";
import { FIELD_LABELS, ACTION_POINT_FIELDS } from "../../app/editor/blocks";
import { DOCUMENT_KIND_NAMES, textDirection } from "../../common/vocabulary";
import { RUN_MARKS, optionLabel, optionRuns, runLines, type BlockOption, type OptionRun } from "../../app/editor/options";
import { isBracketed, paragraphRuns, type ExportBlock, type ExportCompilation, type ExportDocument } from "./model";

export function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);
}

/** Noto covers Latin, Cyrillic and Arabic (Debian fonts-noto-core); the PDF embeds it. */
const STYLE = `
  :root { color-scheme: light; }
  body { font-family: "Noto Serif", "Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", serif; font-size: 12pt; line-height: 1.5;
         max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem; color: #1a1a1a; background: #fff; }
  header.meta { font-family: "Noto Sans", "Noto Sans Arabic", sans-serif; font-size: 0.85rem; color: #4a4a4a; border-bottom: 1px solid #ccc; padding-bottom: 0.75rem; margin-bottom: 1.5rem; }
  header.meta p { margin: 0.15rem 0; }
  .symbol { font-weight: 700; letter-spacing: 0.02em; }
  h1 { font-size: 1.5rem; text-align: center; margin: 1.5rem 0; }
  h2 { font-size: 1.15rem; margin: 1.5rem 0 0.5rem; }
  .block { display: flex; gap: 0.75rem; margin: 0 0 0.75rem; }
  .num { flex: 0 0 3.5rem; font-weight: 700; color: #333; }
  .text { flex: 1; white-space: pre-wrap; }
  .bracket { font-weight: 700; }
  .goal { font-weight: 700; margin-top: 1.25rem; }
  table.fields { border-collapse: collapse; margin: 0.25rem 0 0.75rem 4.25rem; font-size: 0.9rem; }
  [dir="rtl"] table.fields { margin: 0.25rem 4.25rem 0.75rem 0; }
  table.fields th, table.fields td { border: 1px solid #bbb; padding: 0.2rem 0.5rem; text-align: start; vertical-align: top; }
  .record { font-family: "Noto Sans", sans-serif; font-size: 0.85rem; border-top: 1px solid #ccc; margin-top: 2rem; padding-top: 0.75rem; color: #333; }
  .hash { font-family: "Noto Sans Mono", monospace; word-break: break-all; }
  ins { background: #e6f4ea; text-decoration: underline; }
  del { background: #fce8e6; }
  .amendment { margin: 0 0 0.75rem 4.25rem; padding: 0.4rem 0.6rem; border-inline-start: 3px solid #888; font-size: 0.95rem; }
  .attribution { font-family: "Noto Sans", sans-serif; font-size: 0.8rem; color: #444; }
  .options { border-inline-start: 3px solid #8a5a00; padding-inline-start: 0.6rem; }
  .option { margin: 0 0 0.35rem; }
  .option-label { font-family: "Noto Sans", sans-serif; font-size: 0.85rem; font-weight: 700; color: #6b4500; }
  a { color: #0b4f9c; }
  nav.downloads { font-family: "Noto Sans", sans-serif; font-size: 0.9rem; display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; margin: 0 0 1rem; }
  nav.downloads a { padding: 0.15rem 0; }
  a:focus-visible { outline: 3px solid #0b4f9c; outline-offset: 2px; }
  table.index { border-collapse: collapse; width: 100%; font-family: "Noto Sans", sans-serif; font-size: 0.95rem; }
  table.index th, table.index td { border-bottom: 1px solid #ddd; padding: 0.5rem; text-align: start; vertical-align: top; }
  @media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } nav.downloads { display: none; } }
`;

/** An option's words with their formatting (<strong>, <em>, <u>, <br>). */
const HTML_MARKS = { bold: "strong", italic: "em", underline: "u" } as const;
function runsHtml(runs: readonly OptionRun[]) {
  return runLines(runs)
    .map((line) =>
      line
        .map((run) =>
          RUN_MARKS.filter((name) => run[name]).reduceRight(
            (inner, name) => `<${HTML_MARKS[name]}>${inner}</${HTML_MARKS[name]}>`,
            escapeHtml(run.text),
          ),
        )
        .join(""),
    )
    .join("<br>");
}

/** An option set as "[Option A (Current text): …] [Option B (Iraq): …]", one option a line. */
function optionsHtml(options: readonly BlockOption[]) {
  return `<div class="options">${options
    .map(
      (option) =>
        `<p class="option" data-option="${escapeHtml(option.key)}"><span class="option-label">[${escapeHtml(optionLabel(option))}:</span> <span dir="auto">${runsHtml(optionRuns(option))}</span><span class="option-label">]</span></p>`,
    )
    .join("")}</div>`;
}

/**
 * A paragraph's words as adopted: its own formatting, the italic opening word, and a bracketed
 * paragraph between its brackets (the public page dropped all three, so a published declaration
 * read differently from the text the states agreed).
 */
function paragraphHtml(block: ExportBlock) {
  const html = runsHtml(paragraphRuns(block));
  return isBracketed(block) ? `<span class="bracket">[</span>${html}<span class="bracket">]</span>` : html;
}

function blockHtml(block: ExportBlock) {
  const heading = block.kind === "title" || block.kind === "heading";
  const text = block.options?.length ? optionsHtml(block.options) : heading ? escapeHtml(block.text) : paragraphHtml(block);
  switch (block.kind) {
    case "title":
      return `<h1 id="b-${block.id}">${text}</h1>`;
    case "heading":
      return `<h2 id="b-${block.id}">${text}</h2>`;
    default: {
      const fields = ACTION_POINT_FIELDS.filter((field) => block.fields[field]);
      const table = fields.length
        ? `<table class="fields"><tbody>${fields
            .map((field) => `<tr><th scope="row">${FIELD_LABELS[field]}</th><td>${escapeHtml(block.fields[field]!)}</td></tr>`)
            .join("")}</tbody></table>`
        : "";
      return `<div class="block ${block.kind}" id="b-${block.id}"><span class="num">${escapeHtml(block.number ?? "")}</span><div class="text">${text}</div></div>${table}`;
    }
  }
}

function page(input: { language: string; title: string; head: string; body: string }) {
  const direction = textDirection(input.language);
  return `<!DOCTYPE html>
<html lang="${escapeHtml(input.language)}" dir="${direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${input.head}
${input.body}
</body>
</html>
`;
}

/**
 * The published text as one standalone HTML page: the public page, the HTML download and the
 * source of the PDF. No script, no external resource, nothing private.
 */
export function renderDocumentHtml(document: ExportDocument): string {
  const base = document.publicPath;
  const nav = base
    ? `<nav class="downloads" aria-label="Downloads"><a href="/p">All published texts</a><a href="${escapeHtml(base)}/docx">Word (DOCX)</a><a href="${escapeHtml(base)}/pdf">PDF</a><a href="${escapeHtml(base)}/html">HTML</a><a href="${escapeHtml(base)}/akn">Akoma Ntoso XML</a></nav>`
    : "";
  const head = `${nav}<header class="meta" dir="ltr" lang="en">
<p class="symbol">${escapeHtml(document.symbol)} · ${escapeHtml(document.versionLabel)}</p>
<p>${escapeHtml(document.process.name)} · ${escapeHtml(DOCUMENT_KIND_NAMES[document.kind])} · ${escapeHtml(document.date.slice(0, 10))}</p>
</header>`;
  const hasTitle = document.blocks.some((block) => block.kind === "title");
  const body = `<main>
${hasTitle ? "" : `<h1>${escapeHtml(document.title)}</h1>`}
${document.blocks.map(blockHtml).join("\n")}
</main>
${record(document)}`;
  return page({ language: document.language, title: `${document.symbol} ${document.title}`, head, body });
}

function record(document: ExportDocument) {
  const lines: string[] = [];
  if (document.adoption) lines.push(`<p data-adoption>${escapeHtml(document.adoption.text)}</p>`);
  if (document.contentHash)
    lines.push(`<p>Content hash (SHA-256): <span class="hash" data-hash>${escapeHtml(document.contentHash)}</span></p>`);
  if (document.publicPath) lines.push(`<p>Published at ${escapeHtml(document.publicPath)}</p>`);
  if (lines.length === 0) return "";
  return `<footer class="record" dir="ltr" lang="en">${lines.join("\n")}</footer>`;
}

/** The compilation: every block with the tabled amendments under it, attributed. */
export function renderCompilationHtml(compilation: ExportCompilation): string {
  const { document } = compilation;
  const head = `<header class="meta" dir="ltr" lang="en">
<p class="symbol">${escapeHtml(document.symbol)} · Compilation of amendments</p>
<p>${escapeHtml(document.process.name)} · ${escapeHtml(document.date.slice(0, 10))}</p>
</header>`;
  const body = compilation.blocks
    .map((block) => {
      const amendments = block.amendments
        .map((amendment) => {
          const wording = compiledChange(amendment.operation, amendment.diff, amendment.proposedText)
            .map((part) =>
              part.kind === "same"
                ? escapeHtml(part.text)
                : part.kind === "inserted"
                  ? `<ins>${escapeHtml(part.text)}</ins>`
                  : `<del>${escapeHtml(part.text)}</del>`,
            )
            .join("");
          return `<div class="amendment"><div class="text">${amendment.label ? `<strong>${escapeHtml(amendment.label)}</strong> ` : ""}${wording}</div><div class="attribution" dir="ltr" lang="en">${escapeHtml(amendment.attribution)}</div></div>`;
        })
        .join("");
      return blockHtml(block) + amendments;
    })
    .join("\n");
  return page({ language: document.language, title: `${document.symbol} compilation`, head, body: `<main>${body}</main>` });
}

/** The public index of published texts: no sign-in, no script. */
export function renderPublicIndex(
  entries: { path: string; process: string; symbol: string; title: string; language: string; version: string; publishedAt: string }[],
) {
  const rows = entries
    .map(
      (entry) =>
        `<tr><td><a href="${escapeHtml(entry.path)}">${escapeHtml(entry.symbol)}</a></td><td lang="${escapeHtml(entry.language)}" dir="auto">${escapeHtml(entry.title)}</td><td>${escapeHtml(entry.version)}</td><td>${escapeHtml(entry.process)}</td><td>${escapeHtml(entry.publishedAt.slice(0, 10))}</td></tr>`,
    )
    .join("\n");
  const body = `<main><h1>Published texts</h1>${
    entries.length
      ? `<table class="index"><thead><tr><th scope="col">Symbol</th><th scope="col">Title</th><th scope="col">Version</th><th scope="col">Process</th><th scope="col">Published</th></tr></thead><tbody>${rows}</tbody></table>`
      : "<p>No text has been published yet.</p>"
  }</main>`;
  return page({ language: "en", title: "Published texts · Plenary", head: "", body });
}
