import { LABELS, type Stage } from "../../server/policies/vocabulary";

export function StageBadge({ stage }: { stage: Stage }) {
  return <span className={`badge badge--stage badge--${stage}`}>{LABELS.stage[stage]}</span>;
}
