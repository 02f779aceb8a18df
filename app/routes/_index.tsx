import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { LABELS } from "../labels";
import { StageBadge } from "../components/StageBadge";
import { loadOrThrow, requireActor } from "../utils/domain.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.process.name ?? "Process"} · Plenary` }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  return json(await loadOrThrow(() => context.services.getProcessHome(actor)));
}

type Participant = { id: string; name: string; code: string; colour: string };

export default function ProcessHome() {
  const home = useLoaderData<typeof loader>();
  return (
    <div className="stack stack--lg">
      <section aria-labelledby="process-title">
        <p className="eyebrow">Process</p>
        <h1 id="process-title">{home.process.name}</h1>
        <dl className="offices">
          <Office title="Chair" participant={home.chair?.participant} person={home.chair?.userName} />
          <Office title="Co-Chair" participant={home.coChair?.participant} person={home.coChair?.userName} />
          <Office title="Secretariat" participant={home.secretariat ?? undefined} />
        </dl>
      </section>

      <section aria-labelledby="documents-title" className="card">
        <div className="section-head">
          <h2 id="documents-title">Documents</h2>
          {home.abilities["document.create"] ? (
            <Link to="/documents/new" className="button button--primary">
              New document
            </Link>
          ) : null}
        </div>
        {home.documents.length === 0 ? (
          <p className="muted">No documents yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Symbol</th>
                <th scope="col">Title</th>
                <th scope="col">Kind</th>
                <th scope="col">Language</th>
                <th scope="col">Stage</th>
              </tr>
            </thead>
            <tbody>
              {home.documents.map((document) => (
                <tr key={document.id}>
                  <td className="mono">{document.symbol}</td>
                  <td>
                    <Link to={`/documents/${document.id}`}>{document.title}</Link>
                  </td>
                  <td>{LABELS.documentKind[document.kind]}</td>
                  <td className="mono">{document.language}</td>
                  <td>
                    <StageBadge stage={document.stage} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <div className="grid-2">
        <ParticipantList id="states" title={`Participating states (${home.states.length})`} participants={home.states} />
        <ParticipantList
          id="observers"
          title={`Observers (${home.observers.length})`}
          participants={home.observers}
          note="International organisations and observer states"
        />
      </div>
    </div>
  );
}

function Office({ title, participant, person }: { title: string; participant?: Participant; person?: string }) {
  return (
    <div className="office">
      <dt>{title}</dt>
      <dd>
        {participant ? (
          <>
            <span className="participant-dot" style={{ background: participant.colour }} aria-hidden="true" />
            {participant.name}
            {person ? <span className="muted"> · {person}</span> : null}
          </>
        ) : (
          <span className="muted">Vacant</span>
        )}
      </dd>
    </div>
  );
}

function ParticipantList({ id, title, participants, note }: { id: string; title: string; participants: Participant[]; note?: string }) {
  return (
    <section aria-labelledby={`${id}-title`} className="card">
      <h2 id={`${id}-title`}>{title}</h2>
      {note ? <p className="muted small">{note}</p> : null}
      <ul className="participant-list">
        {participants.map((participant) => (
          <li key={participant.id}>
            <span className="participant-dot" style={{ background: participant.colour }} aria-hidden="true" />
            {participant.name}
          </li>
        ))}
      </ul>
    </section>
  );
}
