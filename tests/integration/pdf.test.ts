import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderCompilationHtml, renderDocumentHtml } from "../../server/exports/html";
import { closePdfPrinter, pdfsPrinted, printPdf } from "../../server/exports/pdf";
import { exportPublished } from "../../server/queries/exportFiles";
import { issueVersion } from "../../server/domain/versions/issueVersion";
import { recordAdoption } from "../../server/domain/stages/recordAdoption";
import { publishVersion } from "../../server/domain/stages/publishVersion";
import { domainHarness } from "../support/domain";
import { ARABIC, arabicDocument, exportCompilation } from "../support/exportFixtures";
import { TMP } from "../support/paths";

// The PDF is the public page printed by Debian's Chromium with Debian's Noto fonts
// (scripts/ensure-chromium.sh installs both, and poppler-utils to read the PDF back).

afterAll(closePdfPrinter);

function readBack(pdf: Buffer, name: string) {
  const file = path.join(TMP, name);
  fs.writeFileSync(file, pdf);
  return {
    text: execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }),
    fonts: execFileSync("pdffonts", [file], { encoding: "utf8" }),
  };
}

describe("PDF through Chromium", () => {
  it("prints Arabic and Cyrillic with the Noto fonts embedded", async () => {
    const pdf = await printPdf(renderDocumentHtml(arabicDocument()), "BP/MC/2025/L.1/AR");
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { text, fonts } = readBack(pdf, "arabic.pdf");
    // Words come back whole (pdftotext may order right-to-left runs either way, so compare words).
    for (const word of ["الهجرة", "الآمنة", "الإقليمي"]) expect(text).toContain(word);
    expect(text).toContain(ARABIC.heading);
    const rows = fonts.split("\n").slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThan(0);
    expect(fonts).toMatch(/Noto\S*Arabic/);
    expect(fonts).toMatch(/Noto(Serif|Sans)/);
    // Every font is embedded (the "emb" column says yes).
    for (const row of rows) expect(row, row).toMatch(/\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/);
  });

  it("prints the compilation with its attribution lines", async () => {
    const pdf = await printPdf(renderCompilationHtml(exportCompilation()), "compilation");
    const { text } = readBack(pdf, "compilation.pdf");
    expect(text).toContain("Proposed by Pakistan, co-sponsored by Iraq");
    expect(text).toContain("substantially reinforce");
  });
});

describe("the published PDF", () => {
  it("is printed once per published text: concurrent and repeated requests are served from the cache", async () => {
    const harness = domainHarness();
    try {
      const { ctx, db } = harness;
      const [chair, secretariat] = await Promise.all([harness.actor("chair@turkiye.example"), harness.actor("secretariat@icmpd.example")]);
      const document = await db.document.findFirstOrThrow({ where: { kind: "declaration" } });
      await db.document.update({ where: { id: document.id }, data: { stage: "consolidation" } });
      const version = await issueVersion(ctx, chair, { documentId: document.id });
      const meetingDate = new Date().toISOString().slice(0, 10);
      await recordAdoption(ctx, secretariat, { documentId: document.id, versionId: version.id, meetingDate, meetingPlace: "Istanbul" });
      const publication = await publishVersion(ctx, secretariat, { documentId: document.id });
      const address = { processSlug: publication.processSlug, slug: publication.slug, format: "pdf" as const };

      const before = pdfsPrinted();
      // More at once than the print queue takes (8): one print serves them all, none is refused.
      const first = await Promise.all(Array.from({ length: 12 }, () => exportPublished(ctx, address)));
      expect(pdfsPrinted() - before).toBe(1);
      const again = await exportPublished(ctx, address);
      expect(pdfsPrinted() - before).toBe(1);
      for (const file of [...first, again]) {
        expect(file.contentType).toBe("application/pdf");
        expect(Buffer.compare(file.body as Buffer, first[0]!.body as Buffer)).toBe(0);
      }
      expect(readBack(first[0]!.body as Buffer, "published.pdf").text).toContain(publication.contentHash.slice(0, 16));
    } finally {
      await harness.close();
    }
  });
});
