import { block, listBlocks } from "../../app/editor/documentModel";
import { actionPlanContent, declarationContent } from "../../prisma/demoContent";
import type { ExportCompilation, ExportDocument } from "../../server/exports/model";

/** An Arabic declaration with a Cyrillic heading: right-to-left text and three scripts in one file. */
export const ARABIC = {
  title: "مشروع الإعلان الوزاري",
  heading: "Преамбула",
  preambular: "إذ نذكّر بأن عملية بودابست منتدى تشاوري للحكومات والمنظمات الدولية،",
  operative: ["نلتزم بتعزيز الهجرة الآمنة والمنظمة والنظامية.", "ندعو إلى التعاون الإقليمي في مجال العودة وإعادة الإدماج."],
};

export function exportDocument(kind: "declaration" | "action_plan", overrides: Partial<ExportDocument> = {}): ExportDocument {
  const content = kind === "declaration" ? declarationContent() : actionPlanContent();
  return {
    process: { name: "Budapest Process", slug: "budapest-process" },
    symbol: kind === "declaration" ? "BP/MC/2025/L.1" : "BP/MC/2025/L.2",
    title: kind === "declaration" ? "Draft Ministerial Declaration" : "Call for Action 2025–2030",
    kind,
    language: "en",
    versionLabel: "Rev.1",
    date: "2026-11-20T10:00:00.000Z",
    blocks: listBlocks(content),
    contentHash: null,
    adoption: null,
    events: [
      { label: "Zero draft", date: "2026-10-01T09:00:00.000Z", kind: "version" },
      { label: "Rev.1", date: "2026-11-20T10:00:00.000Z", kind: "version" },
    ],
    publicPath: null,
    ...overrides,
  };
}

export function arabicDocument(): ExportDocument {
  const content = {
    type: "doc",
    content: [
      block("title", ARABIC.title),
      block("heading", ARABIC.heading),
      block("preambular", ARABIC.preambular),
      ...ARABIC.operative.map((text) => block("operative", text)),
    ],
  };
  return exportDocument("declaration", { language: "ar", symbol: "BP/MC/2025/L.1/AR", title: ARABIC.title, blocks: listBlocks(content) });
}

/** The declaration with two amendments on OP2: Pakistan replaces words, Iraq inserts a paragraph. */
export function exportCompilation(): ExportCompilation {
  const source = exportDocument("declaration");
  const { blocks, contentHash: _h, adoption: _a, publicPath: _p, ...document } = source;
  const op2 = blocks.find((candidate) => candidate.number === "OP2")!;
  return {
    document,
    blocks: blocks.map((candidate) => ({
      ...candidate,
      amendments:
        candidate.id === op2.id
          ? [
              {
                id: "amendment-1",
                operation: "replace",
                proposer: { name: "Pakistan", code: "PAK" },
                sponsors: ["Iraq"],
                targetBlockId: op2.id,
                label: "OP2",
                diff: [
                  { kind: "same", text: "We commit to " },
                  { kind: "deleted", text: "strengthen" },
                  { kind: "inserted", text: "substantially reinforce" },
                  { kind: "same", text: " cooperation." },
                ],
                proposedText: "We commit to substantially reinforce cooperation.",
                justification: "Stronger wording.",
                tabledAt: "2026-11-10T12:00:00.000Z",
                attribution: "Proposed by Pakistan, co-sponsored by Iraq; supported by Hungary",
              },
              {
                id: "amendment-2",
                operation: "insert_after",
                proposer: { name: "Iraq", code: "IRQ" },
                sponsors: [],
                targetBlockId: op2.id,
                label: "OP2bis",
                diff: [{ kind: "inserted", text: "We welcome regional return programmes." }],
                proposedText: "We welcome regional return programmes.",
                justification: "",
                tabledAt: "2026-11-11T12:00:00.000Z",
                attribution: "Proposed by Iraq",
              },
            ]
          : [],
    })),
  };
}
