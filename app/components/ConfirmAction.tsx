import type { ReactNode } from "react";

/**
 * A consequential action behind a confirmation step: the first button only opens the question,
 * the form inside submits. Built on <details>, so it works before JavaScript loads and by keyboard.
 */
export function ConfirmAction({
  label,
  question,
  confirmLabel,
  children,
}: {
  label: string;
  question: ReactNode;
  confirmLabel: string;
  /** Renders the form; receives the confirm button to place inside it. */
  children: (confirm: ReactNode) => ReactNode;
}) {
  return (
    <details className="confirm">
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
