import type { DeadlineKind } from "../../server/queries/getStageInfo";

export interface DeadlineView {
  kind: DeadlineKind;
  local: string;
  utc: string;
  iso: string;
}

const DEADLINE_TEXT: Record<DeadlineKind, string> = {
  amendments_close: "Amendments close",
  silence_end: "Silence ends",
};

/** The pending deadline: in the reader's time zone, with UTC beside it. */
export function StageDeadline({ deadline }: { deadline: DeadlineView | null }) {
  if (!deadline) return null;
  return (
    <p className="stage-deadline" data-testid="stage-deadline">
      <span className="stage-deadline__label">{DEADLINE_TEXT[deadline.kind]}</span> <time dateTime={deadline.iso}>{deadline.local}</time>{" "}
      <span className="muted">· {deadline.utc}</span>
    </p>
  );
}

/** The latest stage announcement, refreshed live (a polite live region). */
export function StageNotice({ notice }: { notice: { text: string; at: string } | null }) {
  return (
    <div role="status" aria-live="polite" data-testid="stage-notice" className={notice ? "banner banner--stage" : undefined}>
      {notice ? (
        <>
          {notice.text} <span className="muted small">({notice.at})</span>
        </>
      ) : null}
    </div>
  );
}
