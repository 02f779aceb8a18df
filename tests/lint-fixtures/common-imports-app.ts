import { LABELS } from "../app/labels";
export const labels = LABELS;
