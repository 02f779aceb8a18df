import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { STANCES } from "../../common/vocabulary";
import { AMENDMENT_LABELS } from "../labels";
import { loadOrThrow, requireActor } from "../utils/domain.server";

export const meta: MetaFunction = () => [{ title: "Our amendments · Plenary" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  return json({ documents: await loadOrThrow(() => context.services.getDelegationTracker(actor)), participant: actor.participantName });
}

export default function DelegationTracker() {
  const { documents, participant } = useLoaderData<typeof loader>();
  return (
    <div className="stack stack--lg">
      <div>
        <p className="eyebrow">{participant}</p>
        <h1>Our amendments</h1>
        <p className="muted">Every amendment of your delegation, with its status, co-sponsors and the positions it received.</p>
        <p>
          <Link to="/amendments/trail">Where did our proposals go? Fates across versions, decisions and reasons →</Link>
        </p>
      </div>
      {documents.length === 0 ? <p className="card muted">Your delegation has not proposed any amendment yet.</p> : null}
      {documents.map(({ document, amendments }) => (
        <section key={document.id} className="card" aria-labelledby={`tracker-${document.id}`}>
          <h2 id={`tracker-${document.id}`}>
            <Link to={`/documents/${document.id}`}>{document.title}</Link> <span className="mono muted small">{document.symbol}</span>
          </h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Paragraph</th>
                <th scope="col">Amendment</th>
                <th scope="col">Status</th>
                <th scope="col">Co-sponsors</th>
                <th scope="col">Positions received</th>
              </tr>
            </thead>
            <tbody>
              {amendments.map((amendment) => (
                <tr key={amendment.id}>
                  <td className="nowrap">
                    {amendment.provisionalLabel ?? amendment.targetNumber ?? amendment.targetNumberWhenTabled ?? "—"}
                  </td>
                  <td>
                    <Link to={`/amendments/${amendment.id}`}>{AMENDMENT_LABELS.operation[amendment.operation]}</Link>
                    {amendment.outdated ? <span className="badge badge--warn">Outdated</span> : null}
                  </td>
                  <td>
                    <Link to="/amendments/trail">{AMENDMENT_LABELS.status[amendment.status]}</Link>
                  </td>
                  <td>{amendment.sponsors.map((sponsor) => sponsor.name).join(", ") || "—"}</td>
                  <td className="small">
                    {STANCES.filter((stance) => amendment.tally[stance].length > 0)
                      .map((stance) => `${AMENDMENT_LABELS.stance[stance]}: ${amendment.tally[stance].join(", ")}`)
                      .join(" · ") || "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
