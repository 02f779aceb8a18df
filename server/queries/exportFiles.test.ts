import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serializeOptions } from "../../app/editor/options";
import { domainUnderTest } from "../../tests/factories";
import { issueVersion } from "../domain/versions/issueVersion";
import type { Actor } from "../policies";
import { exportDocument } from "./exportFiles";

// Word downloads of a text whose paragraphs hold hard breaks, in process on a real database with the
// live text as a real Y.Doc (the editor writes a hard break as a hardBreak node): two breaks in a
// row are two line breaks in Word, a blank line, in the current text and in an issued version.
const { ctx, make, close } = domainUnderTest();
let chair: Actor;
let documentId = "";
beforeAll(async () => {
  const processId = (await make.process()).id;
  chair = await make.user(processId, "chair");
  documentId = (await make.document(processId, "consolidation")).id;
  const hardBreak = { type: "hardBreak" };
  const text = (words: string, marks?: { type: string }[]) => ({ type: "text", text: words, ...(marks ? { marks } : {}) });
  await make.text(documentId, [
    {
      type: "operative",
      attrs: { id: "block-1", status: "open" },
      content: [text("First line"), hardBreak, hardBreak, text("Third line")],
    },
    {
      type: "operative",
      attrs: {
        id: "block-2",
        status: "open",
        options: serializeOptions([
          { key: "A", text: "Option A words", attribution: "Current text", amendmentId: null },
          {
            key: "B",
            text: "Proposed\n\nafter a blank line",
            runs: [{ text: "Proposed", bold: true }, { text: "\n\nafter a blank line" }],
            attribution: "Iraq",
            amendmentId: null,
          },
        ]),
      },
      content: [text("Option A words")],
    },
  ]);
});
afterAll(close);

/** Each paragraph of a downloaded Word file as Word shows it: a new line for each w:br. */
async function wordParagraphs(body: Buffer | string) {
  const xml = await (await JSZip.loadAsync(body)).file("word/document.xml")!.async("string");
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((paragraph) =>
    [...paragraph[0].matchAll(/<w:br\/>|<w:tab\/>|<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((match) => (match[0] === "<w:br/>" ? "\n" : match[0] === "<w:tab/>" ? "\t" : match[1]))
      .join(""),
  );
}

describe("exportDocument as DOCX", () => {
  it("writes two hard breaks as two line breaks, in a paragraph and in an option, for the current text and a version", async () => {
    const current = await exportDocument(ctx, chair, { documentId, format: "docx" });
    const version = await issueVersion(ctx, chair, { documentId });
    const issued = await exportDocument(ctx, chair, { documentId, format: "docx", versionId: version.id });
    for (const file of [current, issued]) {
      const paragraphs = await wordParagraphs(file.body);
      expect(paragraphs).toContain("OP1\tFirst line\n\nThird line");
      expect(paragraphs).toContain("[Option B (Iraq): Proposed\n\nafter a blank line]");
    }
  });
});
