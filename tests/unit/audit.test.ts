import { describe, expect, it } from "vitest";
import { auditLink, describeAudit } from "../../server/queries/describeAudit";
import { csvCell } from "../../server/queries/listAuditEntries";

describe("audit entries in words", () => {
  it("describes stage moves, deadlines, silence, adoption and publication", () => {
    const entry = (action: string, details: object) => describeAudit({ action, details: JSON.stringify(details) }, "BP/MC/2025/L.1");
    expect(entry("document.setStage", { from: "amendments_open", to: "consolidation", reason: "deadline" })).toBe(
      "moved BP/MC/2025/L.1 from Amendments open to Consolidation (deadline passed)",
    );
    expect(entry("document.setStage", { before: { stage: "drafting" }, after: { stage: "amendments_open" } })).toBe(
      "moved BP/MC/2025/L.1 from Drafting to Amendments open",
    );
    expect(entry("deadline.extend", { from: "2026-12-01T17:00:00.000Z", to: "2026-12-03T17:00:00.000Z" })).toBe(
      "extended the deadline of BP/MC/2025/L.1 from 2026-12-01 17:00 UTC to 2026-12-03 17:00 UTC",
    );
    expect(entry("silence.break", { objection: "We object." })).toBe("broke silence on BP/MC/2025/L.1: “We object.”");
    expect(entry("document.adopt", { method: "meeting", version: "Rev.2", meetingPlace: "Istanbul", meetingDate: "2026-11-20" })).toBe(
      "recorded the adoption of Rev.2 of BP/MC/2025/L.1 at a meeting in Istanbul on 2026-11-20",
    );
    expect(entry("document.publish", { version: "Rev.2", path: "/p/bp/BP-MC-2025-L.1" })).toBe(
      "published Rev.2 of BP/MC/2025/L.1 at /p/bp/BP-MC-2025-L.1",
    );
    expect(entry("block.setStatus", { number: "OP3", before: "open", after: "agreed_ad_ref" })).toBe(
      "set the status of OP3 in BP/MC/2025/L.1 from Open to Agreed ad ref",
    );
    expect(entry("something.new", { x: 1 })).toBe("something.new on BP/MC/2025/L.1");
    expect(describeAudit({ action: "silence.break", details: "not json" }, "X")).toBe("broke silence on X: “”");
  });

  it("links to the object's page", () => {
    expect(auditLink({ subjectType: "document", subjectId: "d1" })).toBe("/documents/d1");
    expect(auditLink({ subjectType: "amendment", subjectId: "a1" })).toBe("/amendments/a1");
    expect(auditLink({ subjectType: "office", subjectId: "chair" })).toBeNull();
  });

  it("writes CSV cells a spreadsheet never runs as formulas", () => {
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("=HYPERLINK(1)")).toBe(`"'=HYPERLINK(1)"`);
    expect(csvCell("+1")).toBe(`"'+1"`);
    expect(csvCell("-2")).toBe(`"'-2"`);
    expect(csvCell("@SUM")).toBe(`"'@SUM"`);
    expect(csvCell("Türkiye")).toBe('"Türkiye"');
  });
});
