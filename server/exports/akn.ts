import { compiledChange } from "../../app/editor/diff";
import { ACTION_POINT_FIELDS, FIELD_LABELS } from "../../app/editor/blocks";
import { RUN_MARKS, optionRuns, optionsAsText, runLines, type BlockOption, type OptionRun } from "../../app/editor/options";
import {
  isBracketed,
  paragraphRuns,
  type ExportAmendment,
  type ExportBlock,
  type ExportCompilation,
  type ExportDocument,
  type ExportEvent,
} from "./model";

// Akoma Ntoso 3.0 (OASIS LegalDocML). A declaration is a `statement`, an action plan a `doc`
// named "actionPlan"; the compilation is an `amendmentList` of `amendment` documents. eIds come
// from the computed numbers (para_3 for OP3), wIds and GUIDs from the stable block ids, so a
// paragraph keeps its wId and GUID across renumbering while its eId follows the expression.

export const AKN_NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

const ISO_639_2: Record<string, string> = { en: "eng", fr: "fra", ru: "rus", ar: "ara", tr: "tur", es: "spa", zh: "zho", de: "deu" };
export const languageCode3 = (language: string) => ISO_639_2[language] ?? "und";

export function escapeXml(text: string) {
  // Characters XML 1.0 forbids are dropped rather than breaking the document.
  return text
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/[&<>"]/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[char]!);
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "") || "x";

const date = (iso: string) => iso.slice(0, 10);

/** A block id made safe for an XML id (UUIDs are, but stored data is not trusted). */
const idPart = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 64) || "x";

const ids = (eId: string, blockId: string) => `eId="${eId}" wId="blk_${idPart(blockId)}" GUID="urn:uuid:${idPart(blockId)}"`;

/** Words with their formatting, one line of them: Akoma Ntoso's inline `b`, `i` and `u`, escaped. */
const AKN_MARKS = { bold: "b", italic: "i", underline: "u" } as const;
const runsXml = (line: readonly OptionRun[]) =>
  line
    .map((run) =>
      RUN_MARKS.filter((name) => run[name]).reduceRight(
        (inner, name) => `<${AKN_MARKS[name]}>${inner}</${AKN_MARKS[name]}>`,
        escapeXml(run.text),
      ),
    )
    .join("");

/** Formatted words as `p` elements, a `p` per line (hard breaks become separate paragraphs). */
const runParagraphs = (runs: readonly OptionRun[]) =>
  runLines(runs)
    .map((line) => `<p>${runsXml(line)}</p>`)
    .join("");

const optionParagraphs = (option: BlockOption) => runParagraphs(optionRuns(option));
const paragraphs = (text: string) => runParagraphs([{ text }]);

/**
 * A paragraph's words as adopted, as the HTML and Word exports show them: its own formatting, the
 * italic opening word of a PP or OP, and a bracketed paragraph between bold brackets (class
 * "bracket": Akoma Ntoso has no element for a bracketed text) opening its first line and closing
 * its last.
 */
const BRACKETS = ['<b class="bracket">[</b>', '<b class="bracket">]</b>'] as const;
function paragraphLines(block: ExportBlock): string[] {
  const lines = runLines(paragraphRuns(block)).map(runsXml);
  if (!isBracketed(block)) return lines;
  lines[0] = BRACKETS[0] + lines[0];
  lines[lines.length - 1] += BRACKETS[1];
  return lines;
}

interface WorkIds {
  work: string;
  expression: string;
  manifestation: string;
}

function workIds(
  document: { process: { slug: string }; symbol: string; kind: string; language: string; versionLabel: string; date: string },
  docType: string,
): WorkIds {
  const work = `/akn/int/${docType}/${slug(document.process.slug)}/${date(document.date).slice(0, 4)}/${slug(document.symbol)}`;
  const expression = `${work}/${languageCode3(document.language)}@${slug(document.versionLabel)}`;
  return { work, expression, manifestation: `${expression}/!main.xml` };
}

function meta(input: {
  ids: WorkIds;
  title: string;
  symbol: string;
  language: string;
  date: string;
  versionLabel: string;
  events: ExportEvent[];
  extraReferences?: string;
  authorHref?: string;
  /** Nested documents (amendments in a list) prefix their ids: eIds are unique in the whole file. */
  prefix?: string;
}) {
  const p = input.prefix ?? "";
  const author = input.authorHref ?? `#${p}process`;
  const events = input.events.length ? input.events : [{ label: input.versionLabel, date: input.date, kind: "version" as const }];
  const lifecycle = events
    .map(
      (event, index) =>
        `<eventRef eId="${p}evt_${index + 1}" date="${date(event.date)}" source="#${p}plenary" refersTo="#${p}tlc_evt_${index + 1}" type="${index === 0 ? "generation" : "amendment"}"/>`,
    )
    .join("\n        ");
  const eventTerms = events
    .map(
      (event, index) =>
        `<TLCEvent eId="${p}tlc_evt_${index + 1}" href="/ontology/event/plenary/${slug(event.label)}" showAs="${escapeXml(event.label)}"/>`,
    )
    .join("\n        ");
  return `<meta>
      <identification source="#${p}plenary">
        <FRBRWork>
          <FRBRthis value="${input.ids.work}/!main"/>
          <FRBRuri value="${input.ids.work}"/>
          <FRBRdate date="${date(events[0]!.date)}" name="generation"/>
          <FRBRauthor href="${author}"/>
          <FRBRcountry value="int"/>
          <FRBRnumber value="${escapeXml(input.symbol)}"/>
          <FRBRname value="${escapeXml(input.title)}"/>
        </FRBRWork>
        <FRBRExpression>
          <FRBRthis value="${input.ids.expression}/!main"/>
          <FRBRuri value="${input.ids.expression}"/>
          <FRBRdate date="${date(input.date)}" name="${escapeXml(input.versionLabel)}"/>
          <FRBRauthor href="${author}"/>
          <FRBRlanguage language="${languageCode3(input.language)}"/>
        </FRBRExpression>
        <FRBRManifestation>
          <FRBRthis value="${input.ids.manifestation}"/>
          <FRBRuri value="${input.ids.manifestation}"/>
          <FRBRdate date="${date(input.date)}" name="export"/>
          <FRBRauthor href="#${p}plenary"/>
        </FRBRManifestation>
      </identification>
      <lifecycle source="#${p}plenary">
        ${lifecycle}
      </lifecycle>
      <references source="#${p}plenary">
        <TLCOrganization eId="${p}plenary" href="/ontology/organization/plenary" showAs="Plenary"/>
        <TLCOrganization eId="${p}process" href="/ontology/organization/process" showAs="Process"/>
        ${eventTerms}${input.extraReferences ?? ""}
      </references>
    </meta>`;
}

function preface(document: ExportDocument | ExportCompilation["document"], titleBlock: ExportBlock | undefined, extra = "") {
  const title = titleBlock?.text ?? document.title;
  return `<preface>
      <p><docNumber>${escapeXml(document.symbol)}</docNumber></p>
      <p><docTitle>${escapeXml(title)}</docTitle></p>
      <p><docStage>${escapeXml(document.versionLabel)}</docStage></p>${extra}
    </preface>`;
}

function fieldParagraphs(block: ExportBlock) {
  return ACTION_POINT_FIELDS.filter((field) => block.fields[field])
    .map((field) => `<p class="${field}">${escapeXml(FIELD_LABELS[field])}: ${escapeXml(block.fields[field]!)}</p>`)
    .join("");
}

/** eId of a block: para_3 for OP3, rec_2 for PP2, sec_1 for goal 1, sec_1__para_2 for 1.2. */
export function blockEid(block: Pick<ExportBlock, "kind" | "number" | "id">, index: number): string {
  const number = block.number ?? "";
  switch (block.kind) {
    case "operative":
      return `para_${number.replace(/^OP/, "") || index + 1}`;
    case "preambular":
      return `rec_${number.replace(/^PP/, "") || index + 1}`;
    case "goal":
      return `sec_${number || index + 1}`;
    case "actionPoint": {
      const [goal, point] = number.split(".");
      return goal && point ? `sec_${goal}__para_${point}` : `para_ap_${index + 1}`;
    }
    default:
      return `hcontainer_${index + 1}`;
  }
}

/**
 * A block's wording as block elements: its text, or its option set as a `blockList` of options
 * (an `item` per option: its letter as `num`, who offered it, its words).
 */
function wordingXml(block: ExportBlock, eId: string) {
  if (!block.options?.length)
    return paragraphLines(block)
      .map((line) => `<p>${line}</p>`)
      .join("");
  const items = block.options.map(
    (option) =>
      `<item eId="${eId}__optset__opt_${escapeXml(option.key.toLowerCase())}"><num>Option ${escapeXml(option.key)}</num><p class="attribution">${escapeXml(option.attribution)}</p>${optionParagraphs(option)}</item>`,
  );
  return `<blockList eId="${eId}__optset" class="optionSet">${items.join("")}</blockList>`;
}

/**
 * Headings take inline content only: an option set there reads "[Option A (…): …] [Option B (…): …]";
 * a goal keeps its formatting and brackets as a paragraph does, its hard breaks as `eol`.
 */
const headingText = (block: ExportBlock) =>
  block.options?.length
    ? escapeXml(optionsAsText(block.options))
    : block.kind === "heading"
      ? escapeXml(block.text)
      : paragraphLines(block).join("<eol/>");

function bodyOf(blocks: ExportBlock[]) {
  const preamble: string[] = [];
  const body: string[] = [];
  // A goal opens a section that its action points fill; one with none still needs content to be valid.
  let section: "none" | "empty" | "filled" = "none";
  const closeSection = () => {
    if (section === "empty") body[body.length - 1] += "<content><p/></content></section>";
    if (section === "filled") body.push("</section>");
    section = "none";
  };
  blocks.forEach((block, index) => {
    const eId = blockEid(block, index);
    switch (block.kind) {
      case "title":
        return;
      case "preambular":
        preamble.push(`<recital ${ids(eId, block.id)}><num>${escapeXml(block.number ?? "")}</num>${wordingXml(block, eId)}</recital>`);
        return;
      case "heading":
        closeSection();
        body.push(
          `<hcontainer name="heading" ${ids(eId, block.id)}><heading>${headingText(block)}</heading><content><p/></content></hcontainer>`,
        );
        return;
      case "goal":
        closeSection();
        section = "empty";
        body.push(`<section ${ids(eId, block.id)}><num>${escapeXml(block.number ?? "")}</num><heading>${headingText(block)}</heading>`);
        return;
      default:
        if (section === "empty") section = "filled";
        body.push(
          `<paragraph ${ids(eId, block.id)}><num>${escapeXml(block.number ?? "")}</num><content>${wordingXml(block, eId)}${fieldParagraphs(block)}</content></paragraph>`,
        );
    }
  });
  closeSection();
  const mainBody = body.join("\n      ");
  return { preamble: preamble.length ? `<preamble><recitals eId="recs">${preamble.join("\n      ")}</recitals></preamble>` : "", mainBody };
}

/** A version as an Akoma Ntoso document. */
export function renderDocumentAkn(document: ExportDocument): string {
  const docType = document.kind === "declaration" ? "statement" : "doc";
  const name = document.kind === "declaration" ? "declaration" : document.kind === "action_plan" ? "actionPlan" : "document";
  const { preamble, mainBody } = bodyOf(document.blocks);
  const events: ExportEvent[] = document.events;
  const hash = document.contentHash
    ? `\n      <p>Content hash (SHA-256): <docNumber refersTo="#plenary">${document.contentHash}</docNumber></p>`
    : "";
  return `<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="${AKN_NAMESPACE}">
  <${docType} name="${name}">
    ${meta({ ids: workIds(document, docType), title: document.title, symbol: document.symbol, language: document.language, date: document.date, versionLabel: document.versionLabel, events })}
    ${preface(
      document,
      document.blocks.find((block) => block.kind === "title"),
      hash,
    )}
    ${preamble}
    <mainBody>
      ${mainBody || "<p/>"}
    </mainBody>
  </${docType}>
</akomaNtoso>
`;
}

function amendmentXml(
  amendment: ExportAmendment,
  index: number,
  compilation: ExportCompilation,
  targetEid: string | null,
  targetWork: string,
) {
  const { document } = compilation;
  const prefix = `cmp_${index + 1}__`;
  const author = `${prefix}part_${slug(amendment.proposer.code)}`;
  const sponsors = amendment.sponsors
    .map(
      (name, i) =>
        `\n        <TLCOrganization eId="${prefix}sponsor_${i + 1}" href="/ontology/organization/${slug(name)}" showAs="${escapeXml(name)}"/>`,
    )
    .join("");
  const work = `/akn/int/amendment/${slug(document.process.slug)}/${date(amendment.tabledAt ?? document.date).slice(0, 4)}/${slug(document.symbol)}-amdt-${idPart(amendment.id)}`;
  const ids = {
    work,
    expression: `${work}/${languageCode3(document.language)}@tabled`,
    manifestation: `${work}/${languageCode3(document.language)}@tabled/!main.xml`,
  };
  const wording = compiledChange(amendment.operation, amendment.diff, amendment.proposedText)
    .map((part) =>
      part.kind === "same"
        ? escapeXml(part.text)
        : part.kind === "inserted"
          ? `<ins>${escapeXml(part.text)}</ins>`
          : `<del>${escapeXml(part.text)}</del>`,
    )
    .join("");
  const target = targetEid
    ? `<ref href="${targetWork}/!main#${targetEid}">${escapeXml(amendment.label ?? targetEid)}</ref>`
    : escapeXml(amendment.label ?? "");
  return `<component eId="cmp_${index + 1}">
      <amendment name="${amendment.operation}">
        ${meta({
          ids,
          title: `Amendment by ${amendment.proposer.name}`,
          symbol: `${document.symbol} amendment ${index + 1}`,
          language: document.language,
          date: amendment.tabledAt ?? document.date,
          versionLabel: "tabled",
          events: [{ label: "Tabled", date: amendment.tabledAt ?? document.date, kind: "version" }],
          authorHref: `#${author}`,
          prefix,
          extraReferences: `\n        <TLCOrganization eId="${author}" href="/ontology/organization/${slug(amendment.proposer.code)}" showAs="${escapeXml(amendment.proposer.name)}"/>${sponsors}`,
        })}
        <preface>
          <p><docProponent refersTo="#${author}">${escapeXml(amendment.proposer.name)}</docProponent></p>
        </preface>
        <amendmentBody>
          <amendmentHeading><p>${escapeXml(`Amendment ${index + 1} by ${amendment.proposer.name}`)} to ${target}</p></amendmentHeading>
          <amendmentContent><p>${wording}</p></amendmentContent>
          <amendmentReference><p>${target}</p></amendmentReference>
          <amendmentJustification>${paragraphs(amendment.justification || "—")}</amendmentJustification>
        </amendmentBody>
      </amendment>
    </component>`;
}

/** The compilation as an Akoma Ntoso amendmentList: one amendment document per tabled amendment. */
export function renderAmendmentListAkn(compilation: ExportCompilation): string {
  const { document } = compilation;
  const targetDocType = document.kind === "declaration" ? "statement" : "doc";
  const targetWork = workIds({ ...document }, targetDocType).work;
  const eIds = new Map(compilation.blocks.map((block, index) => [block.id, blockEid(block, index)]));
  const amendments = compilation.blocks.flatMap((block) => block.amendments);
  const components = amendments.map((amendment, index) =>
    amendmentXml(amendment, index, compilation, eIds.get(amendment.targetBlockId) ?? null, targetWork),
  );
  const ids = workIds({ ...document, versionLabel: `compilation-${document.versionLabel}` }, "amendmentList");
  return `<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="${AKN_NAMESPACE}">
  <amendmentList name="compilation">
    ${meta({ ids, title: `${document.title}: compilation of amendments`, symbol: document.symbol, language: document.language, date: document.date, versionLabel: document.versionLabel, events: document.events })}
    ${preface({ ...document, versionLabel: "Compilation of amendments" }, undefined)}
    <collectionBody>
      ${components.length ? components.join("\n      ") : `<component eId="cmp_0"><interstitial eId="none"><p>No amendments tabled.</p></interstitial></component>`}
    </collectionBody>
  </amendmentList>
</akomaNtoso>
`;
}
