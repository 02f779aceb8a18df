import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { json } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { AmendmentPanel } from "../components/AmendmentPanel";
import { CommentsPanel } from "../components/CommentsPanel";
import { PanelTabs } from "../components/PanelTabs";
import type { SelectedRange } from "../components/editor/DocumentEditor";
import type { ThreadView } from "../../server/queries/listThreads";
import type { action as statusAction } from "./documents.$documentId.status";
import type { action as optionsAction } from "./documents.$documentId.options";
import { useLiveRevalidation } from "../utils/useLiveRevalidation";
import { isRefusal } from "../utils/revalidation";
import { useLiveAnnouncer } from "../utils/useLiveAnnouncer";
import type { DocumentAmendment } from "../../server/queries/listDocumentAmendments";
import { textDirection } from "../../common/vocabulary";
import { AMENDMENT_LABELS, LABELS } from "../labels";
import { ConnectionStatus, PresenceList } from "../components/CollaborationStatus";
import { StageBadge } from "../components/StageBadge";
import { StageDeadline, StageNotice } from "../components/StageStatus";
import { DocumentEditor } from "../components/editor/DocumentEditor";
import { useCollaboration } from "../components/editor/useCollaboration";
import { useRootUser } from "../root";
import { loadOrThrow, requireActor } from "../utils/domain.server";
import { pageHtml } from "../utils/pageHtml.server";
import { usePageHtml } from "../utils/pageHtml";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.document.symbol} ${data.document.title} · Plenary` : "Document · Plenary" },
];

/**
 * A refused status change changes nothing, so nothing is reloaded: the refusal stays beside the
 * control that asked (reloading would take the toolbar away when the stage moved meanwhile, and
 * the reason with it). Live notices still refresh the page as usual.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, actionResult, defaultShouldRevalidate }) => {
  if (isRefusal(actionResult) && (formAction?.endsWith("/status") || formAction?.endsWith("/options"))) return false;
  return defaultShouldRevalidate;
};

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const page = await loadOrThrow(() => context.services.getDocumentPage(actor, params.documentId ?? ""));
  // The rendered text goes into the page once, not again into its data (docs/decisions/132).
  return json({ ...page, html: pageHtml(context, "document", page.html) });
}

export default function DocumentPage() {
  const {
    document,
    room,
    html: htmlInData,
    abilities,
    editRefusal,
    closedNotice,
    blocks,
    counts,
    proposers,
    commentCounts,
    participants,
    stageInfo,
  } = useLoaderData<typeof loader>();
  const html = usePageHtml("document", htmlInData);
  const user = useRootUser();
  const liveVersion = useLiveRevalidation(document.id);
  const [selectedBlockId, setSelectedBlockId] = useState<string | null>(null);
  const [selectedAmendment, setSelectedAmendment] = useState<DocumentAmendment | null>(null);
  // A notification's link (?thread=…) opens that thread: comments panel, scrolled and focused.
  const [searchParams] = useSearchParams();
  const linkedThreadId = searchParams.get("thread");
  const [panel, setPanel] = useState<"amendments" | "comments">(linkedThreadId ? "comments" : "amendments");
  // On narrow screens the side panel is a drawer over the text.
  const [drawerOpen, setDrawerOpen] = useState(Boolean(linkedThreadId));
  // The drawer's own buttons move the focus with it: its toggle hides once pressed and its Close once
  // the drawer shuts, and the focus fell back to the page's start each time.
  const drawerToggle = useRef<HTMLButtonElement>(null);
  const drawerClose = useRef<HTMLButtonElement>(null);
  const drawerFocus = useRef<"into" | "back" | null>(null);
  const moveDrawer = (open: boolean) => {
    drawerFocus.current = open ? "into" : "back";
    setDrawerOpen(open);
  };
  useEffect(() => {
    const target = drawerFocus.current === "into" ? drawerClose.current : drawerFocus.current === "back" ? drawerToggle.current : null;
    drawerFocus.current = null;
    target?.focus();
  }, [drawerOpen]);
  const closeDrawerOnEscape = (event: KeyboardEvent) => {
    // Only where the panel is a drawer (its Close shown): on wide screens it is always there.
    if (event.key !== "Escape" || !drawerOpen || !drawerClose.current?.getClientRects().length) return;
    event.preventDefault();
    moveDrawer(false);
  };
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
    [counts, selectedAmendment, commentCounts, selectedThread],
  );
  const { session, connection, loaded, present } = useCollaboration(room);
  const announcer = useLiveAnnouncer();
  const selectThread = useCallback((thread: ThreadView | null) => {
    setSelectedThread(thread);
    if (thread) setSelectedBlockId(thread.blockId);
  }, []);
  // Bring the selected thread's paragraph into view beside it.
  useEffect(() => {
    if (!selectedThread) return;
    const block = window.document.querySelector(`.document-surface [data-id="${CSS.escape(selectedThread.blockId)}"]`);
    block?.scrollIntoView({ block: "nearest" });
  }, [selectedThread]);
  // The toolbar's status menu posts here; a refusal (a closed text, an agreed paragraph) is shown above the text.
  const statusFetcher = useFetcher<typeof statusAction>();
  const statusError = statusFetcher.state === "idle" && statusFetcher.data?.result.status === "error" ? statusFetcher.data.error : null;
  const optionsFetcher = useFetcher<typeof optionsAction>();
  // A refused resolution is shown in the toolbar, beside the options of the paragraph it was about.
  const optionsRefused = optionsFetcher.state === "idle" && optionsFetcher.data?.error ? optionsFetcher.data : null;
  const refusedBlockId = optionsRefused?.result.initialValue?.blockId;
  const optionsRefusal =
    optionsRefused?.error && typeof refusedBlockId === "string" ? { blockId: refusedBlockId, message: optionsRefused.error } : null;
  const [editorReady, setEditorReady] = useState(false);
  const canWrite = abilities["document.editBase"] && connection.kind !== "denied" && connection.kind !== "halted";
  const stage = document.stage;
  const direction = textDirection(document.language);
  const showEditor = Boolean(session && loaded && editorReady);
  // A link to a paragraph (?block=…: "Now OP3" in "Where did our proposals go") shows it: chosen in the
  // side panel, with its amendments, and brought into view; the page used to open at the top.
  const linkedBlockId = searchParams.get("block");
  const shownLink = useRef<string | null>(null);
  useEffect(() => {
    if (!showEditor || !linkedBlockId || shownLink.current === linkedBlockId) return;
    shownLink.current = linkedBlockId;
    setSelectedBlockId(linkedBlockId);
    const block = window.document.querySelector<HTMLElement>(`.document-surface [data-id="${CSS.escape(linkedBlockId)}"]`);
    block?.scrollIntoView({ block: "center" });
    if (block?.matches("[tabindex]")) block.focus({ preventScroll: true });
  }, [showEditor, linkedBlockId]);

  return (
    <div className="document-page">
      <header className="document-head">
        <div>
          <p className="eyebrow">
            <span className="mono">{document.symbol}</span> · {LABELS.documentKind[document.kind]}
          </p>
          <h1 lang={document.language} dir="auto">
            {document.title}
          </h1>
          <div className="stage-strip" data-testid="stage-strip">
            <span className="muted small">Stage</span>
            <StageBadge stage={stage} />
            <StageDeadline deadline={stageInfo.deadline} />
          </div>
        </div>
        <div className="document-head__meta">
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
        <ConnectionStatus connection={connection} editing={abilities["document.editBase"]} />
        <PresenceList present={present} />
      </div>
      {!abilities["document.editBase"] ? (
        <div className="banner banner--readonly" role="status" data-testid="readonly-banner">
          <strong>Read-only.</strong> {editRefusal}
        </div>
      ) : null}
      {optionsFetcher.state === "idle" && optionsFetcher.data?.notice ? (
        <div className="alert alert--success" role="status" data-testid="options-result">
          {optionsFetcher.data.notice}
        </div>
      ) : null}
      <p className="live-announcer" role="status" aria-live="polite" data-testid="live-announcer">
        {announcer.message}
      </p>
      <div className="document-layout">
        <article className="document-surface" lang={document.language} dir={direction}>
          {!showEditor ? (
            <div
              className="document-text document-text--static"
              data-page-html="document"
              aria-busy={Boolean(session)}
              dangerouslySetInnerHTML={{ __html: html }}
            />
          ) : null}
          {session && loaded ? (
            <div hidden={!showEditor}>
              <DocumentEditor
                doc={session.doc}
                provider={session.provider}
                canWrite={canWrite}
                canSetStatus={abilities["block.setStatus"]}
                onSetStatus={(blockId, status) =>
                  statusFetcher.submit({ blockId, status }, { method: "post", action: `/documents/${document.id}/status` })
                }
                statusRefusal={statusError}
                optionsRefusal={optionsRefusal}
                canResolveOptions={abilities["block.resolveOptions"]}
                onResolveOptions={(blockId, option) =>
                  optionsFetcher.submit({ blockId, option }, { method: "post", action: `/documents/${document.id}/options` })
                }
                documentKind={document.kind}
                language={document.language}
                user={{ name: user?.name ?? "", color: user?.colour ?? "#888888", participant: user?.participantName ?? "" }}
                onReady={() => {
                  performance.mark("plenary:editor-created");
                  setEditorReady(true);
                }}
                marks={marks}
                onSelectBlock={(blockId, chosenPanel) => {
                  setSelectedBlockId(blockId);
                  if (chosenPanel) {
                    setPanel(chosenPanel);
                    setDrawerOpen(true);
                  }
                }}
                onTapBlock={(blockId) => {
                  // Where the side panel is a drawer (a phone), a tap showed nothing: the paragraph was
                  // chosen in a panel out of sight. The drawer opens on it, as the panel shows it beside the text on a wide screen.
                  if (!drawerClose.current?.getClientRects().length || drawerOpen) return;
                  setSelectedBlockId(blockId);
                  moveDrawer(true);
                }}
                onSelectRange={setRange}
                onRemoteChange={announcer.report}
              />
            </div>
          ) : null}
        </article>
        <button
          type="button"
          className="button drawer-toggle"
          aria-expanded={drawerOpen}
          aria-controls="side-panel"
          ref={drawerToggle}
          onClick={() => moveDrawer(!drawerOpen)}
          data-testid="drawer-toggle"
        >
          {drawerOpen ? "Back to the text" : "Amendments & comments"}
        </button>
        <aside
          id="side-panel"
          className={`side-panel${drawerOpen ? " side-panel--open" : ""}`}
          aria-label="Amendments and comments"
          onKeyDown={closeDrawerOnEscape}
        >
          <div className="side-panel__drawer-head">
            <strong>Amendments &amp; comments</strong>
            <button type="button" ref={drawerClose} className="button button--quiet button--small" onClick={() => moveDrawer(false)}>
              Close
            </button>
          </div>
          <PanelTabs panel={panel} onChange={setPanel} />
          {panel === "comments" ? (
            <div role="tabpanel" id="panel-comments" aria-labelledby="tab-comments">
              <CommentsPanel
                documentId={document.id}
                language={document.language}
                blocks={blocks}
                participants={participants}
                liveVersion={liveVersion}
                selectedBlockId={selectedBlockId}
                onSelectBlock={setSelectedBlockId}
                range={range}
                selectedThreadId={selectedThread?.id ?? null}
                onSelectThread={selectThread}
                closedMessage={closedNotice}
                focusThreadId={linkedThreadId}
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
