import { Form } from "@remix-run/react";
import { useId, useMemo, useState } from "react";
import type { BlockSummary } from "../editor/documentModel";
import type { DocumentAmendment } from "../../server/domain/listDocumentAmendments";
import { AMENDMENT_LABELS, AMENDMENT_OPERATIONS, AMENDMENT_STATUSES, type AmendmentStatus } from "../../server/policies/vocabulary";
import { AmendmentCard } from "./AmendmentCard";

function blockLabel(block: BlockSummary) {
  const text = block.text.length > 60 ? `${block.text.slice(0, 57)}…` : block.text;
  return `${block.number ?? (block.kind === "title" ? "Title" : "Heading")} — ${text}`;
}

/** The side panel: a block's amendments with filters, and the way to propose one. */
export function AmendmentPanel({
  documentId,
  language,
  blocks,
  amendments,
  selectedBlockId,
  onSelectBlock,
  selectedAmendmentId,
  onSelectAmendment,
  canPropose,
}: {
  documentId: string;
  language: string;
  blocks: BlockSummary[];
  amendments: DocumentAmendment[];
  selectedBlockId: string | null;
  onSelectBlock: (blockId: string | null) => void;
  selectedAmendmentId: string | null;
  onSelectAmendment: (amendmentId: string | null) => void;
  canPropose: boolean;
}) {
  const id = useId();
  const [stateFilter, setStateFilter] = useState("");
  const [statusFilter, setStatusFilter] = useState<AmendmentStatus | "">("");
  const states = useMemo(
    () => [...new Map(amendments.map((amendment) => [amendment.proposer.id, amendment.proposer])).values()].sort((a, b) => a.name.localeCompare(b.name)),
    [amendments],
  );
  const countByBlock = useMemo(() => {
    const counts = new Map<string, number>();
    for (const amendment of amendments) if (amendment.status === "tabled") counts.set(amendment.targetBlockId, (counts.get(amendment.targetBlockId) ?? 0) + 1);
    return counts;
  }, [amendments]);
  const selectedBlock = blocks.find((block) => block.id === selectedBlockId) ?? null;
  const shown = amendments.filter(
    (amendment) =>
      (!selectedBlockId || amendment.targetBlockId === selectedBlockId) &&
      (!stateFilter || amendment.proposer.id === stateFilter) &&
      (!statusFilter || amendment.status === statusFilter),
  );
  return (
    <aside className="side-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Amendments</h2>
      <div className="field">
        <label htmlFor={`${id}-block`}>Paragraph</label>
        <select id={`${id}-block`} value={selectedBlockId ?? ""} onChange={(event) => onSelectBlock(event.target.value || null)}>
          <option value="">All paragraphs ({amendments.length})</option>
          {blocks.map((block) => (
            <option key={block.id} value={block.id}>
              {blockLabel(block)}
              {countByBlock.get(block.id) ? ` (${countByBlock.get(block.id)})` : ""}
            </option>
          ))}
        </select>
      </div>
      <div className="grid-2 grid-2--tight">
        <div className="field">
          <label htmlFor={`${id}-state`}>State</label>
          <select id={`${id}-state`} value={stateFilter} onChange={(event) => setStateFilter(event.target.value)}>
            <option value="">All states</option>
            {states.map((state) => (
              <option key={state.id} value={state.id}>
                {state.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={statusFilter} onChange={(event) => setStatusFilter(event.target.value as AmendmentStatus | "")}>
            <option value="">Any status</option>
            {AMENDMENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {AMENDMENT_LABELS.status[status]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {canPropose && selectedBlock ? (
        <Form method="post" action={`/documents/${documentId}/amendments`} className="propose-form">
          <input type="hidden" name="targetBlockId" value={selectedBlock.id} />
          <label htmlFor={`${id}-operation`}>Propose an amendment to {selectedBlock.number ?? "this paragraph"}</label>
          <div className="inline-form inline-form--tight">
            <select id={`${id}-operation`} name="operation" defaultValue="replace">
              {AMENDMENT_OPERATIONS.map((operation) => (
                <option key={operation} value={operation}>
                  {AMENDMENT_LABELS.operation[operation]}
                </option>
              ))}
            </select>
            <button type="submit" className="button button--primary button--small">
              Propose amendment
            </button>
          </div>
        </Form>
      ) : canPropose ? (
        <p className="small muted">Choose a paragraph (or click into it) to propose an amendment.</p>
      ) : null}
      <div className="amendment-list" aria-live="polite">
        {shown.length === 0 ? <p className="muted small">No amendments{selectedBlock ? " on this paragraph" : ""}.</p> : null}
        {shown.map((amendment) => (
          <AmendmentCard
            key={amendment.id}
            amendment={amendment}
            language={language}
            selected={amendment.id === selectedAmendmentId}
            onSelect={() => onSelectAmendment(amendment.id === selectedAmendmentId ? null : amendment.id)}
          />
        ))}
      </div>
    </aside>
  );
}
