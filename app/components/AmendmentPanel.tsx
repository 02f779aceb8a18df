import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { useFetcher } from "@remix-run/react";
import type { z } from "zod";
import type { proposeInput } from "../../server/domain/amendments/proposeAmendment";
import { FormErrors } from "./forms";
import type { action as proposeAction, loader as amendmentsLoader } from "../routes/documents.$documentId.amendments";
import { useEffect, useId, useState } from "react";
import type { BlockLabel } from "../editor/documentModel";
import { ParagraphSelect } from "./ParagraphSelect";
import type { DocumentAmendment } from "../../server/queries/listDocumentAmendments";
import { AMENDMENT_OPERATIONS, AMENDMENT_STATUSES } from "../../common/vocabulary";
import { AMENDMENT_LABELS } from "../labels";
import { AmendmentCard } from "./AmendmentCard";
import { useOnline } from "../utils/useOnline";

/**
 * The side panel: the amendments of the chosen paragraph (loaded on demand, so a document with
 * thousands of amendments stays light), filters by state and status, and "Propose amendment".
 */
export function AmendmentPanel({
  documentId,
  language,
  blocks,
  counts,
  proposers,
  liveVersion,
  selectedBlockId,
  onSelectBlock,
  selectedAmendmentId,
  onSelectAmendment,
  canPropose,
}: {
  documentId: string;
  language: string;
  blocks: BlockLabel[];
  counts: Record<string, number>;
  proposers: { id: string; name: string }[];
  liveVersion: number;
  selectedBlockId: string | null;
  onSelectBlock: (blockId: string | null) => void;
  selectedAmendmentId: string | null;
  onSelectAmendment: (amendment: DocumentAmendment | null) => void;
  canPropose: boolean;
}) {
  const id = useId();
  const [stateFilter, setStateFilter] = useState("");
  const [statusFilter, setStatusFilter] = useState("");
  const fetcher = useFetcher<typeof amendmentsLoader>();
  // A fetcher: a refused proposal answers here, beside the form, and a draft opens on success.
  const propose = useFetcher<typeof proposeAction>();
  // One form per paragraph: choosing another paragraph starts afresh, without the last refusal.
  const [proposeForm, fields] = useForm<z.input<typeof proposeInput>>({
    id: `propose-${selectedBlockId ?? "none"}`,
    lastResult: propose.data?.result,
    defaultValue: { operation: "replace" },
  });
  const operationError = fields.operation.errors?.[0] ?? fields.targetBlockId.errors?.[0];
  const { key: operationKey, ...operationProps } = getSelectProps(fields.operation, {
    ariaDescribedBy: operationError && !fields.operation.errors ? fields.operation.errorId : undefined,
  });
  const filtering = Boolean(selectedBlockId || stateFilter || statusFilter);
  const query = new URLSearchParams({ block: selectedBlockId ?? "", state: stateFilter, status: statusFilter }).toString();
  const { load } = fetcher;
  const online = useOnline();
  useEffect(() => {
    if (filtering && online) load(`/documents/${documentId}/amendments?${query}`);
  }, [documentId, query, filtering, liveVersion, load, online]);

  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const selectedBlock = blocks.find((block) => block.id === selectedBlockId) ?? null;
  const amendments = filtering ? (fetcher.data?.amendments ?? []) : [];
  return (
    <div className="amendments-panel">
      <ParagraphSelect
        id={`${id}-block`}
        blocks={blocks}
        language={language}
        selectedBlockId={selectedBlockId}
        onSelectBlock={onSelectBlock}
        allLabel={`All paragraphs (${total} tabled)`}
        counts={counts}
      />
      <div className="grid-2 grid-2--tight">
        <div className="field">
          <label htmlFor={`${id}-state`}>State</label>
          <select id={`${id}-state`} value={stateFilter} onChange={(event) => setStateFilter(event.target.value)}>
            <option value="">All states</option>
            {proposers.map((state) => (
              <option key={state.id} value={state.id}>
                {state.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={statusFilter} onChange={(event) => setStatusFilter(event.target.value)}>
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
        <propose.Form method="post" action={`/documents/${documentId}/amendments`} className="propose-form" {...getFormProps(proposeForm)}>
          <FormErrors form={proposeForm} />
          <input type="hidden" name="targetBlockId" value={selectedBlock.id} />
          <label htmlFor={fields.operation.id}>
            Propose an amendment to {selectedBlock.number ?? (selectedBlock.kind === "title" ? "the title" : "this heading")}
          </label>
          <div className="inline-form inline-form--tight">
            <select key={operationKey} {...operationProps} aria-invalid={operationError ? true : undefined}>
              {AMENDMENT_OPERATIONS.map((operation) => (
                <option key={operation} value={operation}>
                  {AMENDMENT_LABELS.operation[operation]}
                </option>
              ))}
            </select>
            <button type="submit" className="button button--primary button--small" disabled={propose.state !== "idle"}>
              Propose amendment
            </button>
          </div>
          {/* The paragraph's refusal (gone, or not a paragraph one may amend) is shown under the operation that targets it. */}
          {operationError ? (
            <p id={fields.operation.errorId} className="field__error" role="alert" data-testid="propose-error">
              {operationError}
            </p>
          ) : null}
        </propose.Form>
      ) : null}
      <div className="amendment-list" aria-live="polite" aria-busy={fetcher.state === "loading"}>
        {!filtering ? (
          <p className="muted small">
            Click into a paragraph, press its ✎ badge, or choose it above to see its amendments
            {canPropose ? " and propose one" : ""}.
          </p>
        ) : !online ? (
          <p className="muted small" data-testid="panel-offline">
            You are offline: the amendments appear here once you are back online.
          </p>
        ) : fetcher.data && amendments.length === 0 ? (
          <p className="muted small">No amendments{selectedBlock ? " on this paragraph" : ""} match.</p>
        ) : null}
        {(online ? amendments : []).map((amendment) => (
          <AmendmentCard
            key={amendment.id}
            amendment={amendment}
            language={language}
            selected={amendment.id === selectedAmendmentId}
            onSelect={() => onSelectAmendment(amendment.id === selectedAmendmentId ? null : amendment)}
          />
        ))}
      </div>
    </div>
  );
}
