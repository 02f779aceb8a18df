import { compiledChange } from "../../app/editor/diff";
import {
  AlignmentType,
  DeletedTextRun,
  Document,
  HeadingLevel,
  InsertedTextRun,
  Packer,
  Tab,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from "docx";
import { ACTION_POINT_FIELDS, FIELD_LABELS } from "../../app/editor/blocks";
import { textDirection } from "../../common/vocabulary";
import { optionLabel, optionRuns, runLines, type BlockOption, type OptionRun } from "../../app/editor/options";
import { isBracketed, paragraphRuns, type ExportAmendment, type ExportBlock, type ExportCompilation, type ExportDocument } from "./model";

// Word documents through the `docx` package: numbered paragraphs (the numbers the app computes),
// headings, goals and action points with their fields as a table, right-to-left for Arabic, and
// the compilation with real tracked changes (w:ins / w:del) authored by the proposing state.

const FONT = { ascii: "Noto Serif", hAnsi: "Noto Serif", cs: "Noto Naskh Arabic", eastAsia: "Noto Serif" };

/**
 * A hard break in a block is a line break in Word (w:br), a run of its own before each line after
 * the first, an empty line too: two hard breaks are two breaks, a blank line (a break riding on a
 * line's first run was lost with an empty line).
 */
function brokenLines<Line>(lines: readonly Line[], lineRuns: (line: Line) => ParagraphChild[], lineBreak: () => ParagraphChild) {
  return lines.flatMap((line, index) => (index > 0 ? [lineBreak(), ...lineRuns(line)] : lineRuns(line)));
}

const lineBreak = (rtl: boolean) => () => new TextRun({ break: 1, rightToLeft: rtl || undefined, font: FONT });

function runs(text: string, rtl: boolean, options: { bold?: boolean; italics?: boolean } = {}) {
  return brokenLines(
    text.split("\n"),
    (line) => (line ? [new TextRun({ text: line, rightToLeft: rtl || undefined, font: FONT, ...options })] : []),
    lineBreak(rtl),
  );
}

function numbered(block: ExportBlock, rtl: boolean, body: ParagraphChild[]) {
  const label = block.number ? [boldText(block.number, rtl), new TextRun({ children: [new Tab()] })] : [];
  return new Paragraph({
    children: [...label, ...body],
    bidirectional: rtl || undefined,
    indent: { left: 720, hanging: 720 },
    spacing: { after: 160 },
  });
}

function fieldsTable(block: ExportBlock, rtl: boolean) {
  const fields = ACTION_POINT_FIELDS.filter((field) => block.fields[field]);
  if (fields.length === 0) return null;
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    visuallyRightToLeft: rtl || undefined,
    rows: fields.map(
      (field) =>
        new TableRow({
          children: [
            new TableCell({
              width: { size: 25, type: WidthType.PERCENTAGE },
              children: [new Paragraph({ children: runs(FIELD_LABELS[field], false, { bold: true }) })],
            }),
            new TableCell({ children: [new Paragraph({ bidirectional: rtl || undefined, children: runs(block.fields[field]!, rtl) })] }),
          ],
        }),
    ),
  });
}

/** A paragraph's words as adopted: its formatting, its italic opening word, and its brackets when bracketed. */
function paragraph(block: ExportBlock, rtl: boolean, bold: boolean): ParagraphChild[] {
  const words = formattedRuns(paragraphRuns(block), rtl, bold);
  return isBracketed(block) ? [boldText("[", rtl), ...words, boldText("]", rtl)] : words;
}

/** Words with their formatting (bold, italic, underline) and hard breaks, all bold in a goal. */
function formattedRuns(words: readonly OptionRun[], rtl: boolean, bold: boolean): ParagraphChild[] {
  return brokenLines(
    runLines(words),
    (line) =>
      line.map(
        (run) =>
          new TextRun({
            text: run.text,
            bold: bold || run.bold || undefined,
            italics: run.italic || undefined,
            underline: run.underline ? {} : undefined,
            rightToLeft: rtl || undefined,
            font: FONT,
          }),
      ),
    lineBreak(rtl),
  );
}

const boldText = (text: string, rtl: boolean) => new TextRun({ text, bold: true, rightToLeft: rtl || undefined, font: FONT });

/**
 * A block's wording: its text, or its option set as "[Option A (Current text): …]", then each
 * further option on a line of its own under the number.
 */
function wording(block: ExportBlock, rtl: boolean, bold = false): { first: ParagraphChild[]; more: Paragraph[] } {
  if (!block.options?.length) return { first: paragraph(block, rtl, bold), more: [] };
  const option = (each: BlockOption) => [
    boldText(`[${optionLabel(each)}: `, rtl),
    ...formattedRuns(optionRuns(each), rtl, bold),
    boldText("]", rtl),
  ];
  const [first, ...rest] = block.options;
  return {
    first: option(first!),
    more: rest.map(
      (each) => new Paragraph({ children: option(each), bidirectional: rtl || undefined, indent: { left: 720 }, spacing: { after: 160 } }),
    ),
  };
}

function blockElements(block: ExportBlock, rtl: boolean): (Paragraph | Table)[] {
  switch (block.kind) {
    case "title":
      return [
        new Paragraph({
          heading: HeadingLevel.TITLE,
          alignment: AlignmentType.CENTER,
          bidirectional: rtl || undefined,
          children: runs(block.text, rtl),
        }),
      ];
    case "heading":
      return [new Paragraph({ heading: HeadingLevel.HEADING_1, bidirectional: rtl || undefined, children: runs(block.text, rtl) })];
    case "goal": {
      const { first, more } = wording(block, rtl, true);
      return [numbered(block, rtl, first), ...more];
    }
    default: {
      const table = fieldsTable(block, rtl);
      const { first, more } = wording(block, rtl);
      return table
        ? [numbered(block, rtl, first), ...more, table, new Paragraph({ children: [] })]
        : [numbered(block, rtl, first), ...more];
    }
  }
}

function metaParagraphs(lines: string[]) {
  return lines.map((line, index) => new Paragraph({ children: [new TextRun({ text: line, bold: index === 0, size: 18, font: FONT })] }));
}

function wordDocument(input: { title: string; symbol: string; language: string; children: (Paragraph | Table)[]; description: string }) {
  return new Document({
    creator: "Plenary",
    title: `${input.symbol} ${input.title}`,
    description: input.description,
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    features: { trackRevisions: false },
    sections: [{ children: input.children }],
  });
}

/** A version (or the published text) as a Word document. */
export async function renderDocumentDocx(document: ExportDocument): Promise<Buffer> {
  const rtl = textDirection(document.language) === "rtl";
  const hasTitle = document.blocks.some((block) => block.kind === "title");
  const children: (Paragraph | Table)[] = [
    ...metaParagraphs([`${document.symbol} · ${document.versionLabel}`, `${document.process.name} · ${document.date.slice(0, 10)}`]),
    ...(hasTitle
      ? []
      : [
          new Paragraph({
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
            bidirectional: rtl || undefined,
            children: runs(document.title, rtl),
          }),
        ]),
    ...document.blocks.flatMap((block) => blockElements(block, rtl)),
  ];
  const record = [document.adoption?.text, document.contentHash ? `Content hash (SHA-256): ${document.contentHash}` : null].filter(
    (line): line is string => Boolean(line),
  );
  if (record.length) children.push(...metaParagraphs(["", ...record]).slice(1));
  return Packer.toBuffer(wordDocument({ ...document, children, description: `${document.symbol} ${document.versionLabel}` }));
}

/** One amendment as a paragraph of tracked changes over the target's wording, by the proposing state. */
function amendmentParagraph(amendment: ExportAmendment, rtl: boolean, nextId: () => number): Paragraph {
  const change = { author: amendment.proposer.name, date: amendment.tabledAt ?? new Date(0).toISOString() };
  const common = { rightToLeft: rtl || undefined, font: FONT };
  const run = (kind: "same" | "inserted" | "deleted", text: string | undefined, breaks?: number) =>
    kind === "same"
      ? new TextRun({ text, break: breaks, ...common })
      : kind === "inserted"
        ? new InsertedTextRun({ text, break: breaks, id: nextId(), ...change, ...common })
        : new DeletedTextRun({ text: text ?? "", break: breaks, id: nextId(), ...change, ...common });
  // The number as a child beside the tab: a run given both text and children writes only the children.
  const label = new TextRun({ bold: true, font: FONT, children: [amendment.label ?? "", new Tab()] });
  // Hard breaks are breaks here too, inserted or deleted with the words around them (accepting or
  // rejecting the change in Word takes them with it).
  const body: ParagraphChild[] = compiledChange(amendment.operation, amendment.diff, amendment.proposedText).flatMap((part) =>
    brokenLines(
      part.text.split("\n"),
      (line) => (line ? [run(part.kind, line)] : []),
      () => run(part.kind, undefined, 1),
    ),
  );
  return new Paragraph({
    children: [label, ...body],
    bidirectional: rtl || undefined,
    indent: { left: 720, hanging: 720 },
    spacing: { after: 60 },
  });
}

/** The compilation: each block, then each tabled amendment as tracked changes with its attribution. */
export async function renderCompilationDocx(compilation: ExportCompilation): Promise<Buffer> {
  const { document } = compilation;
  const rtl = textDirection(document.language) === "rtl";
  let id = 0;
  const nextId = () => ++id;
  const children: (Paragraph | Table)[] = [
    ...metaParagraphs([`${document.symbol} · Compilation of amendments`, `${document.process.name} · ${document.date.slice(0, 10)}`]),
  ];
  for (const block of compilation.blocks) {
    children.push(...blockElements(block, rtl));
    for (const amendment of block.amendments) {
      children.push(amendmentParagraph(amendment, rtl, nextId));
      children.push(
        new Paragraph({
          indent: { left: 720 },
          spacing: { after: 160 },
          children: [new TextRun({ text: amendment.attribution, italics: true, size: 18, font: FONT })],
        }),
      );
    }
  }
  return Packer.toBuffer(wordDocument({ ...document, children, description: `${document.symbol} compilation of amendments` }));
}
