import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { textDirection } from "../../common/vocabulary";
import { ComparedOptions, OptionSetSnapshot, ResolvedOptions } from "../components/ComparedOptionSet";
import { DiffView } from "../components/DiffView";
import { DECISION_LABELS } from "../components/DecisionPanel";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { compareInput } from "../utils/inputs.server";
import { parseParams, searchValues } from "../utils/params.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.from.label} vs ${data.to.label} · ${data.document.symbol} · Plenary` : "Compare · Plenary" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  // Opened without its two versions (a bookmark, a shortened link): the versions page, where they
  // are chosen, rather than a 400 naming a missing "from".
  const search = new URL(request.url).searchParams;
  if (!search.get("from") || !search.get("to"))
    return redirect(`/documents/${encodeURIComponent(params.documentId ?? "")}/versions#compare`);
  const query = parseParams(compareInput, searchValues(request, ["from", "to", "state"]));
  return json(await loadOrThrow(() => context.services.compareDocumentVersions(actor, params.documentId ?? "", query)));
}

const CHANGE_LABELS = { unchanged: "Unchanged", changed: "Changed", inserted: "Inserted", deleted: "Deleted" } as const;

/** Two versions side by side or inline, aligned paragraph by paragraph, with who caused each change. */
export default function Compare() {
  const { document, from, to, rows, summary, states, state } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const sideBySide = searchParams.get("view") === "side";
  const direction = textDirection(document.language);
  const link = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    return `?${next.toString()}`;
  };
  const colour = "#1f6feb";
  return (
    <div className="stack stack--lg">
      <header className="document-head">
        <div>
          <p className="eyebrow">
            <Link to={`/documents/${document.id}`}>{document.symbol}</Link> ·{" "}
            <Link to={`/documents/${document.id}/versions`}>Versions</Link>
          </p>
          <h1>
            {from.label} vs {to.label}
          </h1>
          <p className="muted small" data-testid="compare-summary">
            {summary.changed} changed · {summary.inserted} inserted · {summary.deleted} deleted · {summary.moved} moved
          </p>
        </div>
        <nav className="document-head__meta" aria-label="Compare view">
          <Link to={link({ view: null })} className="button button--quiet" aria-current={!sideBySide ? "page" : undefined}>
            Inline
          </Link>
          <Link to={link({ view: "side" })} className="button button--quiet" aria-current={sideBySide ? "page" : undefined}>
            Side by side
          </Link>
          <Form method="get" className="inline-form inline-form--tight">
            <input type="hidden" name="from" value={from.id} />
            <input type="hidden" name="to" value={to.id} />
            {sideBySide ? <input type="hidden" name="view" value="side" /> : null}
            <label htmlFor="compare-state" className="visually-hidden">
              Only paragraphs touched by
            </label>
            <select id="compare-state" name="state" defaultValue={state ?? ""}>
              <option value="">All paragraphs</option>
              {states.map((each) => (
                <option key={each.id} value={each.id}>
                  Touched by {each.name}
                </option>
              ))}
            </select>
            <button type="submit" className="button button--small">
              Filter
            </button>
          </Form>
        </nav>
      </header>
      <article className="document-surface" lang={document.language} dir={direction}>
        {rows.length === 0 ? <p className="muted">No paragraphs to show.</p> : null}
        {rows.map((row) => (
          <section
            key={row.blockId}
            className={`compare-row compare-row--${row.change}`}
            data-change={row.change}
            aria-label={row.after?.number ?? row.before?.number ?? unnumbered(row.kind)}
          >
            <p className="compare-row__head small" dir="ltr">
              <strong>
                {row.before?.number && row.after?.number && row.before.number !== row.after.number
                  ? `${row.before.number} → ${row.after.number}`
                  : (row.after?.number ?? row.before?.number ?? unnumbered(row.kind))}
              </strong>{" "}
              {row.change !== "unchanged" ? <span className={`badge badge--${row.change}`}>{CHANGE_LABELS[row.change]}</span> : null}
              {row.moved ? <span className="badge">Moved</span> : null}
              {row.statusChanged ? <span className="badge">{`Status: ${row.before?.status} → ${row.after?.status}`}</span> : null}
            </p>
            {row.change === "unchanged" ? (
              row.options?.after ? (
                <div className="muted">
                  <OptionSetSnapshot options={row.options.after} />
                </div>
              ) : (
                <p className="muted">{row.after?.text}</p>
              )
            ) : sideBySide ? (
              <div className="grid-2">
                <div className="compare-side compare-side--before" data-testid="compare-before">
                  {row.options?.before ? <OptionSetSnapshot options={row.options.before} /> : <p>{row.before?.text ?? "—"}</p>}
                </div>
                <div className="compare-side compare-side--after" data-testid="compare-after">
                  {row.options?.after ? (
                    <OptionSetSnapshot options={row.options.after} />
                  ) : row.options?.resolution && row.after ? (
                    <ResolvedOptions resolution={row.options.resolution} text={row.after.text} colour={colour} diff={[]} />
                  ) : (
                    <p>{row.after?.text ?? "—"}</p>
                  )}
                </div>
              </div>
            ) : row.options?.resolution && row.after ? (
              <ResolvedOptions resolution={row.options.resolution} text={row.after.text} colour={colour} />
            ) : row.options ? (
              <ComparedOptions compared={row.options.compared} colour={colour} />
            ) : (
              <DiffView parts={row.diff} colour={colour} lang={document.language} />
            )}
            {row.decisions.length > 0 ? (
              <p className="attribution small" dir="ltr" data-testid="compare-attribution">
                {row.decisions
                  .map((decision) => {
                    const label = DECISION_LABELS[decision.kind as keyof typeof DECISION_LABELS] ?? decision.kind;
                    // A set with no amendment behind its options (set by hand) names no amendment.
                    const amendments = decision.amendments.map((amendment) => `${amendment.proposer}'s amendment`).join(", ");
                    return amendments ? `${label}: ${amendments}` : label;
                  })
                  .join("; ")}
              </p>
            ) : null}
            {row.editors.length > 0 && (row.change !== "unchanged" || row.statusChanged) ? (
              <p className="attribution small" dir="ltr" data-testid="compare-editors">
                {`Edited by ${row.editors.map((editor) => editor.name).join(", ")}`}
              </p>
            ) : null}
          </section>
        ))}
      </article>
    </div>
  );
}

/** A row without a number is named as a reader would name it ("Title", "Heading"), not by the schema's word. */
const unnumbered = (kind: string) => ({ title: "Title", heading: "Heading" })[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1);
