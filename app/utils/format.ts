/** "2026-11-24 21:38 UTC" from an ISO timestamp: the one way times are shown. */
export function formatUtc(iso: string) {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}
