// A page deciding from the stage itself, in each shape the rule catches.
export function silenceShown(stage: string, silence: object | null) {
  return stage === "silence_procedure" && silence !== null;
}
export function closed(stage: string) {
  return ["adopted", "published"].includes(stage);
}
export function deadlineField(to: string) {
  switch (to) {
    case "amendments_open":
      return true;
    default:
      return false;
  }
}
