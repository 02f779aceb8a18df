import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { AuditRow } from "../../server/queries/listAuditEntries";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { auditFilterInput } from "../utils/inputs.server";
import { parseParams, searchValues } from "../utils/params.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Plenary" }];

const FILTERS = ["participantId", "userId", "action", "from", "to"] as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const filter = parseParams(auditFilterInput, searchValues(request, [...FILTERS, "before"]));
  const page = await loadOrThrow(() => context.services.listAuditEntries(actor, filter));
  const query = new URLSearchParams(FILTERS.flatMap((name) => (filter[name] ? [[name, filter[name]]] : []))).toString();
  return json({ ...page, query });
}

function when(iso: string) {
  return iso.replace("T", " ").slice(0, 19);
}

function Entries({ rows, caption }: { rows: AuditRow[]; caption: string }) {
  return (
    <table className="table table--audit">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">When (UTC)</th>
          <th scope="col">Who</th>
          <th scope="col">Participant</th>
          <th scope="col">What</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <td className="mono nowrap">{when(row.at)}</td>
            <td>{row.who}</td>
            <td>{row.participant}</td>
            <td>
              {row.link ? <Link to={row.link}>{row.summary}</Link> : row.summary}
              <details>
                <summary className="muted small">Details</summary>
                <code className="details">{row.details}</code>
              </details>
            </td>
            <td className="mono">{row.action}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function AuditLog() {
  const { entries, nextBefore, filter, options, query } = useLoaderData<typeof loader>();
  const selectOption = (value: string, label: string) => (
    <option key={value} value={value}>
      {label}
    </option>
  );
  return (
    <div className="stack stack--lg">
      <div>
        <p className="eyebrow">Secretariat</p>
        <h1>Audit log</h1>
        <p className="muted">
          Every change, newest first, including base-text editing sessions (per user and document, written once a session pauses for a
          minute). Entries cannot be edited or deleted.
        </p>
      </div>
      <section className="card">
        <Form method="get" className="audit-filters" aria-label="Filter the audit log">
          <div className="field">
            <label htmlFor="audit-participant">Participant</label>
            <select id="audit-participant" name="participantId" defaultValue={filter.participantId ?? ""}>
              {selectOption("", "All")}
              {options.participants.map((participant) => selectOption(participant.id, participant.name))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-user">User</label>
            <select id="audit-user" name="userId" defaultValue={filter.userId ?? ""}>
              {selectOption("", "All")}
              {options.users.map((user) => selectOption(user.id, user.name))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-action">Action</label>
            <select id="audit-action" name="action" defaultValue={filter.action ?? ""}>
              {selectOption("", "All")}
              {options.actions.map((action) => selectOption(action, action))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-from">From</label>
            <input id="audit-from" name="from" type="date" defaultValue={filter.from ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">To</label>
            <input id="audit-to" name="to" type="date" defaultValue={filter.to ?? ""} />
          </div>
          <button type="submit" className="button">
            Filter
          </button>
          <Link to="/audit" className="button button--quiet">
            Clear
          </Link>
          <a href={`/audit.csv?${query}`} className="button button--quiet" download>
            Export CSV
          </a>
        </Form>
      </section>
      <section className="card" aria-labelledby="audit-entries">
        <h2 id="audit-entries">Entries</h2>
        {entries.length === 0 ? <p className="muted">No entry matches.</p> : <Entries rows={entries} caption="Audit entries" />}
        {nextBefore ? (
          <p>
            <Link to={`?${query}&before=${nextBefore}`}>Older entries →</Link>
          </p>
        ) : null}
      </section>
    </div>
  );
}
