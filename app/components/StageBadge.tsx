import { LABELS, type Stage } from "../../common/vocabulary";

export function StageBadge({ stage }: { stage: Stage }) {
  return <span className={`badge badge--stage badge--${stage}`}>{LABELS.stage[stage]}</span>;
}
