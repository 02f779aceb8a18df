import { type Stage } from "../../common/vocabulary";
import { LABELS } from "../labels";

export function StageBadge({ stage }: { stage: Stage }) {
  return <span className={`badge badge--stage badge--${stage}`}>{LABELS.stage[stage]}</span>;
}
