import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { AMENDMENT_LABELS, textDirection } from "../../common/vocabulary";
import { ProposalView } from "../components/ProposalView";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { useLiveRevalidation } from "../utils/useLiveRevalidation";
import { formatUtc } from "../utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Compilation · ${data.document.symbol} · Plenary` : "Compilation · Plenary" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  return json(await loadOrThrow(() => context.services.getCompilation(actor, params.documentId ?? "")));
}

/** The compilation text, attributed or clean; prints as a negotiation document. */
export default function Compilation() {
  const { document, blocks, orphans, amendmentCount, generatedAt } = useLoaderData<typeof loader>();
  useLiveRevalidation(document.id);
  const [searchParams] = useSearchParams();
  const clean = searchParams.get("view") === "clean";
  const direction = textDirection(document.language);
  return (
    <div className="compilation">
      <header className="document-head no-print-controls">
        <div>
          <p className="eyebrow">
            <Link to={`/documents/${document.id}`}>{document.symbol}</Link> · Compilation text
          </p>
          <h1 lang={document.language} dir="auto">
            {document.title}
          </h1>
          <p className="muted small">
            {amendmentCount} tabled amendment{amendmentCount === 1 ? "" : "s"} · as of {formatUtc(generatedAt)}
          </p>
        </div>
        <nav className="document-head__meta print-hidden" aria-label="Compilation view">
          <Link to="?view=attributed" className="button button--quiet" aria-current={!clean ? "page" : undefined}>
            Attributed
          </Link>
          <Link to="?view=clean" className="button button--quiet" aria-current={clean ? "page" : undefined}>
            Clean text
          </Link>
          <button type="button" className="button" onClick={() => window.print()}>
            Print
          </button>
        </nav>
      </header>
      <article className="document-surface compilation__text" lang={document.language} dir={direction}>
        <div className="document-text">
          {blocks.map((block) => (
            <section key={block.id} className={`block block--${block.kind}`} data-number={block.number ?? undefined} data-status={block.status} aria-label={block.number ?? block.kind}>
              {block.kind === "title" ? <h2 className="block__text">{block.text}</h2> : <p className="block__text">{block.text}</p>}
              {!clean && block.amendments.length > 0 ? (
                <ol className="compiled-amendments" dir="ltr">
                  {block.amendments.map((amendment) => (
                    <li key={amendment.id} className="compiled-amendment" style={{ ["--party" as string]: amendment.colour }}>
                      <p className="compiled-amendment__op">
                        {AMENDMENT_LABELS.operation[amendment.operation]}
                        {amendment.provisionalLabel ? ` (new ${amendment.provisionalLabel})` : ""}
                        {amendment.outdated ? " · outdated: the paragraph changed after tabling" : ""}
                      </p>
                      <div lang={document.language} dir={direction}>
                        <ProposalView
                          operation={amendment.operation}
                          parts={amendment.diff}
                          baseText={amendment.baseText}
                          proposedText={amendment.proposedText}
                          colour={amendment.colour}
                          lang={document.language}
                        />
                      </div>
                      <p className="attribution" data-testid="attribution">
                        {`${amendment.attribution}.`}
                      </p>
                      {amendment.justification ? <p className="small muted">Justification: {amendment.justification}</p> : null}
                    </li>
                  ))}
                </ol>
              ) : null}
            </section>
          ))}
          {!clean && orphans.length > 0 ? (
            <section className="compiled-orphans">
              <h2>Amendments to paragraphs no longer in the text</h2>
              {orphans.map((amendment) => (
                <p key={amendment.id}>
                  {amendment.targetNumberWhenTabled}: {amendment.proposedText} — {amendment.attribution}.
                </p>
              ))}
            </section>
          ) : null}
        </div>
      </article>
    </div>
  );
}
