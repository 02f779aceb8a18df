import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AMENDMENT_LABELS } from "../labels";
import { loadOrThrow, requireActor } from "../utils/domain.server";

export const meta: MetaFunction = () => [{ title: "Where did our proposals go · Plenary" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const trail = await loadOrThrow(() => context.services.getProposalTrail(actor));
  return json({ trail, participant: actor.participantName });
}

/** Every amendment the delegation proposed or co-sponsored, followed across versions. */
export default function ProposalTrail() {
  const { trail, participant } = useLoaderData<typeof loader>();
  return (
    <div className="stack stack--lg">
      <div>
        <p className="eyebrow">
          <Link to="/amendments">{participant}'s amendments</Link>
        </p>
        <h1>Where did our proposals go</h1>
        <p className="muted">Each amendment {participant} proposed or co-sponsored: what the Chair decided, in which version, and why.</p>
      </div>
      {trail.length === 0 ? <p className="card muted">No tabled amendment yet.</p> : null}
      {/* On a phone each amendment reads as a card, every cell under its column's name: scrolled sideways, the Chair's reason was out of sight. */}
      <table className="table table--stacked">
        <thead>
          <tr>
            <th scope="col">Document</th>
            <th scope="col">Paragraph</th>
            <th scope="col">Amendment</th>
            <th scope="col">Fate</th>
            <th scope="col">Decision</th>
            <th scope="col">Resulting wording</th>
          </tr>
        </thead>
        <tbody>
          {trail.map((entry) => (
            <tr key={entry.id} data-testid="trail-row">
              <td className="nowrap" data-label="Document">
                {entry.document.symbol}
              </td>
              <td className="nowrap" data-label="Paragraph">
                {entry.target ?? "—"}
              </td>
              <td data-label="Amendment">
                <Link to={`/amendments/${entry.id}`}>
                  {AMENDMENT_LABELS.operation[entry.operation as keyof typeof AMENDMENT_LABELS.operation] ?? entry.operation}
                </Link>
                <div className="small muted">{entry.role === "proposer" ? "Proposed" : `Co-sponsored (proposed by ${entry.proposer})`}</div>
              </td>
              <td data-label="Fate">
                <strong data-testid="trail-fate">{entry.summary}</strong>
                {entry.history.length > 1 ? (
                  <div className="small muted">{entry.history.map((step) => `${step.version}: ${step.fate}`).join(" · ")}</div>
                ) : null}
              </td>
              <td className="small" data-label="Decision">
                {entry.decision?.reason ? <>Reason: {entry.decision.reason}</> : entry.decision ? "No reason given" : "—"}
                {entry.decision && entry.decision.mergedWith.length > 0 ? (
                  <div>
                    Merged with{" "}
                    {entry.decision.mergedWith.map((id, index) => (
                      <span key={id}>
                        {index > 0 ? ", " : ""}
                        <Link to={`/amendments/${id}`}>another amendment</Link>
                      </span>
                    ))}
                  </div>
                ) : null}
              </td>
              <td className="small" data-label="Resulting wording">
                {!entry.decision?.wording && entry.resulting.length === 0 && !entry.settledIn?.previousVersionId ? "—" : null}
                {entry.decision?.wording ? <span dir="auto">{entry.decision.wording}</span> : null}
                {entry.resulting.map((block) => (
                  <div key={block.blockId}>
                    {block.present ? (
                      <Link to={`/documents/${entry.document.id}?block=${block.blockId}`}>Now {block.number ?? "in the text"}</Link>
                    ) : (
                      "No longer in the text"
                    )}
                  </div>
                ))}
                {entry.settledIn?.previousVersionId ? (
                  <div>
                    <Link
                      to={`/documents/${entry.document.id}/compare?from=${entry.settledIn.previousVersionId}&to=${entry.settledIn.versionId}`}
                    >
                      See the change in {entry.settledIn.label}
                    </Link>
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
