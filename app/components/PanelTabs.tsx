import type { KeyboardEvent } from "react";

const TABS = [
  { id: "amendments", label: "Amendments" },
  { id: "comments", label: "Comments" },
] as const;
type Panel = (typeof TABS)[number]["id"];

/** WAI-ARIA tabs: arrow keys move between them. */
export function PanelTabs({ panel, onChange }: { panel: Panel; onChange: (panel: Panel) => void }) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const index = TABS.findIndex((tab) => tab.id === panel);
    const next = TABS[(index + (event.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length]!;
    onChange(next.id);
    event.currentTarget.querySelector<HTMLButtonElement>(`#tab-${next.id}`)?.focus();
  };
  return (
    <div role="tablist" aria-label="Side panel" className="tabs" onKeyDown={onKeyDown}>
      {TABS.map((tab) => (
        <button
          key={tab.id}
          id={`tab-${tab.id}`}
          type="button"
          role="tab"
          aria-selected={panel === tab.id}
          aria-controls={`panel-${tab.id}`}
          tabIndex={panel === tab.id ? 0 : -1}
          className="tabs__tab"
          onClick={() => onChange(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
