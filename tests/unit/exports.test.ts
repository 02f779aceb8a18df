import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { blockEid, renderAmendmentListAkn, renderDocumentAkn } from "../../server/exports/akn";
import { renderCompilationDocx, renderDocumentDocx } from "../../server/exports/docx";
import { escapeHtml, renderDocumentHtml } from "../../server/exports/html";
import { fileStem } from "../../server/exports/model";
import { validateAkn } from "../support/akn";
import { ARABIC, arabicDocument, exportCompilation, exportDocument } from "../support/exportFixtures";
import type { ExportBlock } from "../../server/exports/model";
import type { OptionRun } from "../../app/editor/options";

/** The demo declaration with OP1 bracketed and frozen with these runs (its text is theirs); `others` changes the rest. */
function withBracketedOp1(runs: OptionRun[], others: (block: ExportBlock) => ExportBlock = (block) => block) {
  const source = exportDocument("declaration");
  source.blocks = source.blocks.map((block) =>
    block.number === "OP1" ? { ...block, status: "bracketed", text: runs.map((run) => run.text).join(""), runs } : others(block),
  );
  return source;
}

async function documentXml(buffer: Buffer) {
  const zip = await JSZip.loadAsync(buffer);
  return zip.file("word/document.xml")!.async("string");
}

/** Every paragraph's visible text (w:t runs, tracked insertions included, deletions as w:delText). */
function paragraphs(xml: string) {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((match) =>
    [...match[0].matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>/g)].map((text) => text[1]).join(""),
  );
}

/** A paragraph as Word shows it: its runs' words, a tab for w:tab, a new line for each w:br. */
function shown(paragraph: string) {
  return [...paragraph.matchAll(/<w:br\/>|<w:tab\/>|<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>/g)]
    .map((match) => (match[0] === "<w:br/>" ? "\n" : match[0] === "<w:tab/>" ? "\t" : match[1]))
    .join("");
}

/** Every paragraph of the document as Word shows it. */
const shownParagraphs = (xml: string) => [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((match) => shown(match[0]));

describe("file names", () => {
  it("turns a symbol and a version into a safe stem", () => {
    expect(fileStem("BP/MC/2025/L.1", "Rev.1")).toBe("BP-MC-2025-L.1-Rev.1");
    expect(fileStem("BP/MC/2025/L.1", "Zero draft")).toBe("BP-MC-2025-L.1-Zero-draft");
    expect(fileStem('../"evil"\\name', null)).toBe("..-evil-name");
  });
});

describe("DOCX", () => {
  it("numbers preambular and operative paragraphs in order, with the title and headings", async () => {
    const source = exportDocument("declaration");
    const xml = await documentXml(await renderDocumentDocx(source));
    const texts = paragraphs(xml);
    const numbered = source.blocks.filter((block) => block.number);
    // A bracketed paragraph between its brackets, as adopted (OP2 of the demo declaration).
    const words = (block: (typeof numbered)[number]) => (block.status === "bracketed" ? `[${block.text}]` : block.text);
    expect(numbered.find((block) => block.number === "OP2")!.status).toBe("bracketed");
    for (const block of numbered) expect(texts).toContain(`${block.number}${words(block)}`);
    const positions = numbered.map((block) => texts.findIndex((text) => text.startsWith(block.number!) && text.endsWith(words(block))));
    // The opening word of each PP and OP in italics, UN drafting style.
    expect(xml).toMatch(/<w:r><w:rPr>(?:(?!<\/w:rPr>).)*<w:i\/>(?:(?!<\/w:rPr>).)*<\/w:rPr><w:t(?: [^>]*)?>Recalling<\/w:t><\/w:r>/);
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(xml).toContain('<w:pStyle w:val="Title"/>');
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).not.toContain("<w:bidi/>");
  });

  it("lays out goals and action points with their fields as a table", async () => {
    const source = exportDocument("action_plan");
    const xml = await documentXml(await renderDocumentDocx(source));
    const withFields = source.blocks.find((block) => block.kind === "actionPoint" && block.fields.lead)!;
    expect(paragraphs(xml)).toContain(`${withFields.number}${withFields.text}`);
    const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((match) => paragraphs(match[0]));
    expect(tables).toContainEqual(expect.arrayContaining(["Lead", withFields.fields.lead!]));
    expect(tables.length).toBe(source.blocks.filter((block) => Object.keys(block.fields).length > 0).length);
  });

  it("writes Arabic right to left (w:bidi on paragraphs, w:rtl on runs)", async () => {
    const xml = await documentXml(await renderDocumentDocx(arabicDocument()));
    // The opening word is a run of its own (in italics): the paragraph is found by the words after it.
    const rest = ARABIC.operative[0]!.slice(ARABIC.operative[0]!.indexOf(" "));
    const paragraph = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((match) => match[0]).find((p) => p.includes(rest))!;
    expect(paragraph).toContain("<w:bidi/>");
    expect(paragraph).toContain("<w:rtl/>");
    expect(paragraphs(xml)).toContain(`OP1${ARABIC.operative[0]}`);
  });

  it("writes the compilation as Word tracked changes authored by the proposing state", async () => {
    const xml = await documentXml(await renderCompilationDocx(exportCompilation()));
    const insertions = [...xml.matchAll(/<w:ins [^>]*w:author="([^"]+)"[^>]*>([\s\S]*?)<\/w:ins>/g)].map((match) => ({
      author: match[1],
      text: paragraphs(`<w:p>${match[2]}</w:p>`)[0],
    }));
    const deletions = [...xml.matchAll(/<w:del [^>]*w:author="([^"]+)"[^>]*>([\s\S]*?)<\/w:del>/g)].map((match) => ({
      author: match[1],
      text: paragraphs(`<w:p>${match[2]}</w:p>`)[0],
    }));
    expect(insertions).toContainEqual({ author: "Pakistan", text: "substantially reinforce" });
    expect(deletions).toContainEqual({ author: "Pakistan", text: "strengthen" });
    expect(insertions).toContainEqual({ author: "Iraq", text: "We welcome regional return programmes." });
    expect(xml).toContain("<w:delText");
    // Revision ids are unique, as Word requires.
    const ids = [...xml.matchAll(/<w:(?:ins|del) w:id="(\d+)"/g)].map((match) => match[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(paragraphs(xml)).toContain("Proposed by Pakistan, co-sponsored by Iraq; supported by Hungary");
  });

  it("writes two hard breaks as two line breaks (a blank line): in a paragraph, an option and a tracked change", async () => {
    const source = exportDocument("declaration");
    const [op1, op2] = source.blocks.filter((block) => block.kind === "operative");
    op1!.text = "First line\n\nThird line\n";
    op2!.text = "Option A words";
    op2!.options = [
      { key: "A", text: op2!.text, attribution: "Current text", amendmentId: null },
      {
        key: "B",
        text: "Bold start\n\nafter a blank line",
        runs: [{ text: "Bold start", bold: true }, { text: "\n\nafter a blank line" }],
        attribution: "Iraq",
        amendmentId: "x",
      },
      { key: "C", text: "\n\nTwo breaks first", attribution: "Pakistan", amendmentId: "y" },
    ];
    const document = shownParagraphs(await documentXml(await renderDocumentDocx(source)));
    expect(document).toContain(`${op1!.number}\tFirst line\n\nThird line\n`);
    expect(document).toContain("[Option B (Iraq): Bold start\n\nafter a blank line]");
    expect(document).toContain("[Option C (Pakistan): \n\nTwo breaks first]");

    const compilation = exportCompilation();
    const amendment = compilation.blocks.flatMap((block) => block.amendments).find((each) => each.id === "amendment-1")!;
    amendment.diff = [
      { kind: "same", text: "We commit\n\nto " },
      { kind: "deleted", text: "strengthen\n\n" },
      { kind: "inserted", text: "substantially\n\nreinforce" },
      { kind: "same", text: " cooperation." },
    ];
    const xml = await documentXml(await renderCompilationDocx(compilation));
    expect(shownParagraphs(xml)).toContain("OP2\tWe commit\n\nto strengthen\n\nsubstantially\n\nreinforce cooperation.");
    // The breaks go with the change that brought them: inside w:ins and w:del, one each.
    const tracked = (tag: "ins" | "del") =>
      [...xml.matchAll(new RegExp(`<w:${tag} [^>]*w:author="Pakistan"[^>]*>([\\s\\S]*?)</w:${tag}>`, "g"))].map((match) =>
        shown(match[1]!),
      );
    expect(tracked("ins").join("")).toBe("substantially\n\nreinforce");
    expect(tracked("del").join("")).toBe("strengthen\n\n");
  });
});

// Schema validation runs libxml2 in WebAssembly: about a second each, more on a busy machine.
describe("Akoma Ntoso", { timeout: 30_000 }, () => {
  it("writes a declaration as a valid statement: one paragraph per OP with its eId, recitals per PP, FRBR and lifecycle", async () => {
    const source = exportDocument("declaration");
    const xml = renderDocumentAkn(source);
    const result = await validateAkn(xml);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    const operative = source.blocks.filter((block) => block.kind === "operative");
    const paragraphsXml = [...xml.matchAll(/<paragraph eId="([^"]+)" wId="([^"]+)" GUID="([^"]+)"><num>([^<]+)<\/num>/g)];
    expect(paragraphsXml.map((match) => match[1])).toEqual(operative.map((_, index) => `para_${index + 1}`));
    expect(paragraphsXml.map((match) => match[4])).toEqual(operative.map((block) => block.number));
    expect(paragraphsXml.map((match) => match[3])).toEqual(operative.map((block) => `urn:uuid:${block.id}`));
    expect(paragraphsXml.map((match) => match[2])).toEqual(operative.map((block) => `blk_${block.id}`));
    expect(xml.match(/<recital /g)?.length).toBe(source.blocks.filter((block) => block.kind === "preambular").length);
    expect(xml).toContain('<statement name="declaration">');
    expect(xml).toContain('<FRBRlanguage language="eng"/>');
    expect(xml).toContain('<FRBRuri value="/akn/int/statement/budapest-process/2026/bp-mc-2025-l-1/eng@rev-1"/>');
    expect(xml.match(/<eventRef /g)?.length).toBe(2);
  });

  it("writes an action plan with goals as sections and action points as paragraphs", async () => {
    const source = exportDocument("action_plan");
    const xml = renderDocumentAkn(source);
    expect((await validateAkn(xml)).errors).toEqual([]);
    const firstPoint = source.blocks.findIndex((block) => block.kind === "actionPoint");
    expect(blockEid(source.blocks[firstPoint]!, firstPoint)).toBe("sec_1__para_1");
    expect(xml).toContain('<section eId="sec_1"');
    expect(xml).toContain('<paragraph eId="sec_1__para_1"');
  });

  it("writes Arabic with the ISO 639-2 language and the text intact", async () => {
    const xml = renderDocumentAkn(arabicDocument());
    expect((await validateAkn(xml)).errors).toEqual([]);
    expect(xml).toContain('<FRBRlanguage language="ara"/>');
    // The opening word in italics, as in every rendering; the words after it intact.
    const [opening, ...rest] = ARABIC.operative[1]!.split(" ");
    expect(xml).toContain(`<p><i>${opening}</i> ${rest.join(" ")}</p>`);
  });

  it("keeps the text as adopted: the italic opening word of a PP and an OP, a bracketed paragraph's brackets, a frozen version's formatting", async () => {
    const source = withBracketedOp1(
      [
        { text: "Commit to act " },
        { text: "<now>", bold: true },
        { text: "\nand " },
        { text: "together", bold: true, underline: true },
        { text: " & " },
        { text: "fully", italic: true },
        { text: "." },
      ],
      (block) => (block.kind === "heading" ? { ...block, status: "bracketed" } : block),
    );
    const xml = renderDocumentAkn(source);
    expect((await validateAkn(xml)).errors).toEqual([]);
    // A frozen version's runs, the opening word, the brackets around the first and last lines.
    expect(xml).toContain(
      '<num>OP1</num><content><p><b class="bracket">[</b><i>Commit</i> to act <b>&lt;now&gt;</b></p><p>and <b><u>together</u></b> &amp; <i>fully</i>.<b class="bracket">]</b></p></content></paragraph>',
    );
    // The demo's bracketed OP2, plain text.
    const op2 = source.blocks.find((block) => block.number === "OP2")!;
    expect(op2.status).toBe("bracketed");
    expect(xml).toContain(
      `<num>OP2</num><content><p><b class="bracket">[</b><i>Comprehensive</i>${op2.text.slice("Comprehensive".length)}<b class="bracket">]</b></p></content>`,
    );
    expect(xml).toContain(
      "<num>PP1</num><p><i>Recalling</i> that the Budapest Process, established in 1991, is a consultative forum of more than fifty governments and international organisations aiming at developing comprehensive and sustainable systems for orderly migration,</p></recital>",
    );
    expect(xml).toContain("<num>OP4</num><content><p><i>Support</i> and solidarity: commit");
    // Headings keep their plain words, even marked bracketed.
    expect(xml).toContain("<heading>Preamble</heading>");
    expect(xml.match(/class="bracket"/g)?.length).toBe(4);
  });

  it("keeps a goal's formatting and brackets in its heading, a hard break as eol, and a goal with no action points valid", async () => {
    const source = exportDocument("action_plan");
    source.blocks = source.blocks
      .filter((block) => !(block.kind === "actionPoint" && block.number!.startsWith("6.")))
      .map((block) =>
        block.kind === "goal" && block.number === "6"
          ? {
              ...block,
              status: "bracketed",
              text: "Promote international protection\nfor all",
              runs: [{ text: "Promote", bold: true }, { text: " international protection\nfor " }, { text: "all", underline: true }],
            }
          : block,
      );
    const xml = renderDocumentAkn(source);
    expect((await validateAkn(xml)).errors).toEqual([]);
    expect(xml).toMatch(
      /<section eId="sec_6" [^>]*><num>6<\/num><heading><b class="bracket">\[<\/b><b>Promote<\/b> international protection<eol\/>for <u>all<\/u><b class="bracket">\]<\/b><\/heading><content><p\/><\/content><\/section>/,
    );
  });

  it("writes the compilation as a valid amendmentList pointing at the target eIds, with authors", async () => {
    const xml = renderAmendmentListAkn(exportCompilation());
    const result = await validateAkn(xml);
    expect(result.errors).toEqual([]);
    expect(xml.match(/<amendment name=/g)?.length).toBe(2);
    expect(xml).toContain('<ref href="/akn/int/statement/budapest-process/2026/bp-mc-2025-l-1/!main#para_2">OP2</ref>');
    expect(xml).toContain('<docProponent refersTo="#cmp_1__part_pak">Pakistan</docProponent>');
    expect(xml).toContain("<del>strengthen</del><ins>substantially reinforce</ins>");
    expect(xml).toContain('showAs="Iraq"');
  });

  it("survives text that is not XML-safe", async () => {
    const source = exportDocument("declaration");
    source.blocks[3] = { ...source.blocks[3]!, text: 'A & B < C > "D" \u0001 end' };
    const xml = renderDocumentAkn(source);
    expect((await validateAkn(xml)).errors).toEqual([]);
    expect(xml).toContain("<p><i>A</i> &amp; B &lt; C &gt; &quot;D&quot;  end</p>");
  });
});

describe("HTML", () => {
  it("keeps the text as adopted: its own formatting, the italic opening word of a PP or OP, a bracketed paragraph's brackets", () => {
    const source = withBracketedOp1([
      { text: "Commit to act " },
      { text: "<now>", bold: true },
      { text: "\nand " },
      { text: "together", underline: true },
      { text: "." },
    ]);
    const html = renderDocumentHtml(source);
    expect(html).toContain(
      '<span class="bracket">[</span><em>Commit</em> to act <strong>&lt;now&gt;</strong><br>and <u>together</u>.<span class="bracket">]</span>',
    );
    const pp1 = source.blocks.find((block) => block.number === "PP1")!;
    const [opening] = /^\S+/.exec(pp1.text)!;
    expect(html).toContain(`<em>${opening}</em>${escapeHtml(pp1.text.slice(opening.length))}`);
    // Titles and headings keep their plain words.
    const title = source.blocks.find((block) => block.kind === "title")!;
    expect(html).toContain(`>${escapeHtml(title.text)}</h1>`);
  });

  it("is one standalone page: no script, language and direction set, text escaped", () => {
    const source = arabicDocument();
    source.blocks[2] = { ...source.blocks[2]!, text: "<script>alert(1)</script>" };
    const html = renderDocumentHtml({
      ...source,
      contentHash: "a".repeat(64),
      adoption: { method: "silence", adoptedAt: "2026-11-25T00:00:00Z", text: "Adopted under the silence procedure on 25 November 2026." },
    });
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("a".repeat(64));
    expect(html).toContain("Adopted under the silence procedure on 25 November 2026.");
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});

describe("option sets", { timeout: 30_000 }, () => {
  /** The declaration (or plan) with an option set on a block of each kind given: Option A its text, B Iraq's, C Pakistan's with a hostile character. */
  function withOptions(kind: "declaration" | "action_plan", kinds: string[]) {
    const source = exportDocument(kind);
    source.blocks = source.blocks.map((block) =>
      kinds.includes(block.kind) && block.status !== "agreed"
        ? {
            ...block,
            options: [
              { key: "A", text: block.text, attribution: "Current text", amendmentId: null },
              { key: "B", text: `Wording offered by Iraq for ${block.number}.`, attribution: "Iraq", amendmentId: "a1" },
              { key: "C", text: "Pakistan: <wording> & more.", attribution: "Pakistan, as amended by the Chair", amendmentId: "a2" },
            ],
          }
        : block,
    );
    return source;
  }
  const plain = (html: string) =>
    html
      .replace(/<[^>]+>/g, "")
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">");

  it("Akoma Ntoso: each option an item of a blockList (letter, attribution, words), valid against the schema", async () => {
    const declaration = withOptions("declaration", ["preambular", "operative"]);
    const xml = renderDocumentAkn(declaration);
    expect((await validateAkn(xml)).errors).toEqual([]);
    expect(xml).toContain(
      '<blockList eId="para_1__optset" class="optionSet"><item eId="para_1__optset__opt_a"><num>Option A</num><p class="attribution">Current text</p>',
    );
    expect(xml).toContain(
      '<item eId="para_1__optset__opt_b"><num>Option B</num><p class="attribution">Iraq</p><p>Wording offered by Iraq for OP1.</p></item>',
    );
    expect(xml).toContain("<p>Pakistan: &lt;wording&gt; &amp; more.</p>");
    const plan = renderDocumentAkn(withOptions("action_plan", ["goal", "actionPoint"]));
    expect((await validateAkn(plan)).errors).toEqual([]);
    expect(plan).toMatch(/<heading>\[Option A \(Current text\): [^<]+\] \[Option B \(Iraq\): Wording offered by Iraq for 1\.\]/);
  });

  it("DOCX: the numbered paragraph reads [Option A (…): …], each further option on its own line, attributed", async () => {
    const source = withOptions("declaration", ["operative"]);
    const texts = paragraphs(await documentXml(await renderDocumentDocx(source)));
    const op1 = source.blocks.find((block) => block.number === "OP1")!;
    const at = texts.indexOf(`OP1[Option A (Current text): ${op1.text}]`);
    expect(at).toBeGreaterThan(-1);
    expect(texts[at + 1]).toBe("[Option B (Iraq): Wording offered by Iraq for OP1.]");
    expect(texts[at + 2]).toBe("[Option C (Pakistan, as amended by the Chair): Pakistan: &lt;wording&gt; &amp; more.]");
  });

  it("HTML (and the PDF printed from it): both options, attributed, escaped", () => {
    const source = withOptions("declaration", ["operative"]);
    const html = renderDocumentHtml(source);
    const op1 = source.blocks.find((block) => block.number === "OP1")!;
    const text = plain(html);
    expect(text).toContain(`[Option A (Current text): ${op1.text}]`);
    expect(text).toContain("[Option B (Iraq): Wording offered by Iraq for OP1.]");
    expect(text).toContain("[Option C (Pakistan, as amended by the Chair): Pakistan: <wording> & more.]");
    expect(html).not.toContain("<wording>");
  });

  /** The declaration with OP1's Option B formatted: "shall" bold, "fully" italic and underlined, a line break, "<escaped>" bold. */
  function withFormattedOption() {
    const source = exportDocument("declaration");
    source.blocks = source.blocks.map((block) =>
      block.number === "OP1"
        ? {
            ...block,
            options: [
              {
                key: "A",
                text: block.text,
                attribution: "Current text",
                amendmentId: null,
                runs: [{ text: block.text, italic: true as const }],
              },
              {
                key: "B",
                text: "States shall cooperate fully.\nAnd <report>.",
                attribution: "Iraq",
                amendmentId: "a1",
                runs: [
                  { text: "States " },
                  { text: "shall", bold: true as const },
                  { text: " cooperate " },
                  { text: "fully", italic: true as const, underline: true as const },
                  { text: ".\nAnd " },
                  { text: "<report>", bold: true as const },
                  { text: "." },
                ],
              },
            ],
          }
        : block,
    );
    return source;
  }

  it("keeps each option's formatting: Akoma Ntoso b/i/u (valid), HTML strong/em/u, DOCX bold/italic/underlined runs", async () => {
    const source = withFormattedOption();
    const xml = renderDocumentAkn(source);
    expect((await validateAkn(xml)).errors).toEqual([]);
    expect(xml).toContain(
      '<item eId="para_1__optset__opt_b"><num>Option B</num><p class="attribution">Iraq</p><p>States <b>shall</b> cooperate <i><u>fully</u></i>.</p><p>And <b>&lt;report&gt;</b>.</p></item>',
    );
    expect(xml).toMatch(/<item eId="para_1__optset__opt_a">[\s\S]*?<p><i>[^<]+<\/i><\/p><\/item>/);

    const html = renderDocumentHtml(source);
    expect(html).toContain(
      '<span dir="auto">States <strong>shall</strong> cooperate <em><u>fully</u></em>.<br>And <strong>&lt;report&gt;</strong>.</span>',
    );

    const docx = await documentXml(await renderDocumentDocx(source));
    const run = (text: string) => new RegExp(`<w:r>(?:(?!</w:r>)[\\s\\S])*<w:t(?: [^>]*)?>${text}</w:t></w:r>`).exec(docx)?.[0] ?? "";
    expect(run("shall")).toContain("<w:b/>");
    expect(run("shall")).not.toContain("<w:i/>");
    expect(run("fully")).toContain("<w:i/>");
    expect(run("fully")).toContain('<w:u w:val="single"/>');
    expect(run(" cooperate ")).not.toContain("<w:b/>");
    expect(shownParagraphs(docx)).toContainEqual(expect.stringContaining("cooperate fully.\nAnd &lt;report&gt;."));
  });
});
