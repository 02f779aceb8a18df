import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { loadOrThrow, requireActor } from "../utils/domain.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Plenary" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const before = new URL(request.url).searchParams.get("before") ?? undefined;
  return json(await loadOrThrow(() => context.services.listAuditEntries(actor, { before })));
}

export default function AuditLog() {
  const { entries, nextBefore } = useLoaderData<typeof loader>();
  return (
    <div className="stack stack--lg">
      <div>
        <p className="eyebrow">Secretariat</p>
        <h1>Audit log</h1>
        <p className="muted">Every change, newest first. Entries cannot be edited or deleted.</p>
      </div>
      <section className="card">
        <table className="table table--audit">
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">Participant</th>
              <th scope="col">Action</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td className="mono nowrap">{entry.createdAt.replace("T", " ").slice(0, 19)}</td>
                <td>{entry.actorName}</td>
                <td>{entry.participantName ?? "—"}</td>
                <td className="mono">{entry.action}</td>
                <td>
                  <code className="details">{entry.details}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {nextBefore ? (
          <p>
            <Link to={`?before=${nextBefore}`}>Older entries →</Link>
          </p>
        ) : null}
      </section>
    </div>
  );
}
