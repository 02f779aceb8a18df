// What a page may do with a stage: name it through the labels, and decide from the loader's fields.
const NAMES: Record<string, string> = { adopted: "Adopted" };
export function badge(stage: string, silence: { underWay: boolean } | null, status: string) {
  const shown = silence?.underWay ?? false;
  return `${NAMES[stage] ?? stage} ${shown ? "(silence)" : ""} ${status === "draft" ? "draft" : ""}`;
}
