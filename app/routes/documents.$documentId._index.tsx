import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useMemo, useState } from "react";
import { AmendmentPanel } from "../components/AmendmentPanel";
import { CommentsPanel } from "../components/CommentsPanel";
import { PanelTabs } from "../components/PanelTabs";
import type { SelectedRange } from "../components/editor/DocumentEditor";
import type { ThreadView } from "../../server/queries/listThreads";
import { useLiveRevalidation } from "../utils/useLiveRevalidation";
import type { DocumentAmendment } from "../../server/queries/listDocumentAmendments";
import { AMENDMENT_LABELS, LABELS, textDirection, type DocumentKind, type Stage } from "../../common/vocabulary";
import { ConnectionStatus, PresenceList } from "../components/CollaborationStatus";
import { StageBadge } from "../components/StageBadge";
import { StageDeadline, StageNotice } from "../components/StageStatus";
import { DocumentEditor } from "../components/editor/DocumentEditor";
import { useCollaboration } from "../components/editor/useCollaboration";
import { useRootUser } from "../root";
import { loadOrThrow, requireActor } from "../utils/domain.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.document.symbol} ${data.document.title} · Plenary` : "Document · Plenary" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  return json(await loadOrThrow(() => context.services.getDocumentPage(actor, params.documentId ?? "")));
}

export default function DocumentPage() {
  const { document, room, html, abilities, editRefusal, closedNotice, blocks, counts, proposers, commentCounts, participants, stageInfo } =
    useLoaderData<typeof loader>();
  const user = useRootUser();
  const liveVersion = useLiveRevalidation(document.id);
  const [selectedBlockId, setSelectedBlockId] = useState<string | null>(null);
  const [selectedAmendment, setSelectedAmendment] = useState<DocumentAmendment | null>(null);
  const [panel, setPanel] = useState<"amendments" | "comments">("amendments");
  const [range, setRange] = useState<SelectedRange | null>(null);
  const [selectedThread, setSelectedThread] = useState<ThreadView | null>(null);
  const marks = useMemo(
    () => ({
      counts,
      selected:
        selectedAmendment && selectedAmendment.status !== "draft"
          ? {
              blockId: selectedAmendment.targetBlockId,
              parts: selectedAmendment.currentDiff ?? selectedAmendment.diff,
              colour: selectedAmendment.proposer.colour,
              label: `${selectedAmendment.proposer.name}: ${AMENDMENT_LABELS.operation[selectedAmendment.operation]}`,
            }
          : null,
      commentCounts,
      highlight: selectedThread?.anchor
        ? { blockId: selectedThread.blockId, start: selectedThread.anchor.start, end: selectedThread.anchor.end }
        : null,
    }),
    [counts, selectedAmendment, commentCounts, selectedThread]
  );
  const { session, connection, loaded, present } = useCollaboration(room);
  const [editorReady, setEditorReady] = useState(false);
  const canWrite = abilities["document.editBase"] && connection.kind !== "denied";
  const stage = document.stage as Stage;
  const direction = textDirection(document.language);
  const showEditor = Boolean(session && loaded && editorReady);

  return (
    <div className="document-page">
      <header className="document-head">
        <div>
          <p className="eyebrow">
            <span className="mono">{document.symbol}</span> · {LABELS.documentKind[document.kind as DocumentKind]}
          </p>
          <h1 lang={document.language} dir="auto">
            {document.title}
          </h1>
          <StageDeadline deadline={stageInfo.deadline} />
        </div>
        <div className="document-head__meta">
          <StageBadge stage={stage} />
          <Link to="compilation" className="button button--quiet">
            Compilation text
          </Link>
          <Link to="versions" className="button button--quiet">
            Versions
          </Link>
          <Link to="lifecycle" className="button button--quiet">
            Stage &amp; exports
          </Link>
          {abilities["document.editSettings"] ? (
            <Link to="settings" className="button button--quiet">
              Settings
            </Link>
          ) : null}
        </div>
      </header>
      <StageNotice notice={stageInfo.notice} />
      <div className="collab-bar">
        <ConnectionStatus connection={connection} />
        <PresenceList present={present} />
      </div>
      {!abilities["document.editBase"] ? (
        <div className="banner banner--readonly" role="status" data-testid="readonly-banner">
          <strong>Read-only.</strong>{" "}
          {editRefusal}
        </div>
      ) : null}
      <div className="document-layout">
        <article className="document-surface" lang={document.language} dir={direction}>
          {!showEditor ? (
            <div className="document-text document-text--static" aria-busy={Boolean(session)} dangerouslySetInnerHTML={{ __html: html }} />
          ) : null}
          {session && loaded ? (
            <div hidden={!showEditor}>
              <DocumentEditor
                doc={session.doc}
                provider={session.provider}
                canWrite={canWrite}
                canSetStatus={abilities["block.setStatus"]}
                documentKind={document.kind}
                language={document.language}
                user={{ name: user?.name ?? "", color: user?.colour ?? "#888888", participant: user?.participantName ?? "" }}
                onReady={() => setEditorReady(true)}
                marks={marks}
                onSelectBlock={(blockId, chosenPanel) => {
                  setSelectedBlockId(blockId);
                  if (chosenPanel) setPanel(chosenPanel);
                }}
                onSelectRange={setRange}
              />
            </div>
          ) : null}
        </article>
        <aside className="side-panel" aria-label="Amendments and comments">
          <PanelTabs panel={panel} onChange={setPanel} />
          {panel === "comments" ? (
            <div role="tabpanel" id="panel-comments" aria-labelledby="tab-comments">
              <CommentsPanel
                documentId={document.id}
                blocks={blocks}
                participants={participants}
                liveVersion={liveVersion}
                selectedBlockId={selectedBlockId}
                onSelectBlock={setSelectedBlockId}
                range={range}
                selectedThreadId={selectedThread?.id ?? null}
                onSelectThread={(thread) => {
                  setSelectedThread(thread);
                  if (thread) setSelectedBlockId(thread.blockId);
                }}
                closedMessage={closedNotice}
              />
            </div>
          ) : (
            <div role="tabpanel" id="panel-amendments" aria-labelledby="tab-amendments">
              <AmendmentPanel
                documentId={document.id}
                language={document.language}
                blocks={blocks}
                counts={counts}
                proposers={proposers}
                liveVersion={liveVersion}
                selectedBlockId={selectedBlockId}
                onSelectBlock={setSelectedBlockId}
                selectedAmendmentId={selectedAmendment?.id ?? null}
                onSelectAmendment={(amendment) => {
                  setSelectedAmendment(amendment);
                  if (amendment) setSelectedBlockId(amendment.targetBlockId);
                }}
                canPropose={abilities["amendment.draft"]}
              />
            </div>
          )}
        </aside>
      </div>
    </div>
  );
}

