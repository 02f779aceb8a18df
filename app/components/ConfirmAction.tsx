import type { ReactNode } from "react";

/**
 * A consequential action behind a confirmation step: the first button only opens the question,
 * the form inside submits. Built on <details>, so it works before JavaScript loads and by keyboard.
 */
export function ConfirmAction({
  label,
  question,
  confirmLabel,
  open,
  children,
}: {
  label: string;
  question: ReactNode;
  confirmLabel: string;
  /** Opened on first render: the last confirmation was refused, and its form shows why. */
  open?: boolean;
  /** Renders the form; receives the confirm button to place inside it. */
  children: (confirm: ReactNode) => ReactNode;
}) {
  return (
    <details className="confirm" open={open || undefined}>
      <summary className="button button--small button--danger">{label}</summary>
      <div className="confirm__panel" role="group" aria-label={label}>
        <p className="confirm__question">{question}</p>
        {children(
          <button type="submit" className="button button--small button--danger-solid">
            {confirmLabel}
          </button>,
        )}
      </div>
    </details>
  );
}
