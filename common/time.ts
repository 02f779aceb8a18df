// Times are stored in UTC and shown in the reader's participant's time zone with UTC beside it.
// Pure Intl: the same formatting on the server and in the browser.

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** "2026-12-01 17:00 UTC". */
export function formatUtcTime(value: Date | string): string {
  const iso = typeof value === "string" ? value : value.toISOString();
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** "Tue 1 Dec 2026, 18:00 (Europe/Budapest)"; UTC for an unknown zone. */
export function formatInZone(value: Date | string, zone: string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  const timeZone = isTimeZone(zone) ? zone : "UTC";
  const text = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
  return `${text} (${timeZone})`;
}

/** Both, as every deadline is shown: local first, UTC beside it. */
export function formatDeadline(value: Date | string, zone: string): { local: string; utc: string; iso: string } {
  const date = typeof value === "string" ? new Date(value) : value;
  return { local: formatInZone(date, zone), utc: formatUtcTime(date), iso: date.toISOString() };
}
