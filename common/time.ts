import { TZDate } from "@date-fns/tz";

// Times are stored in UTC and shown in the reader's participant's time zone with UTC beside it;
// deadlines are typed in the participant's time zone. Intl (and @date-fns/tz to read a
// wall-clock time in a zone): the same results on the server and in the browser.

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * An IANA zone name that Intl knows ("Europe/Budapest", "UTC"), spelled as Intl does; null for
 * anything else, offsets ("+01:00") and abbreviations ("CET") included.
 */
export function ianaTimeZone(value: string): string | null {
  const zone = value.trim();
  if (zone.length > 64 || !/^(UTC|[A-Za-z]+(\/[A-Za-z0-9_+-]+){1,2})$/.test(zone) || !isTimeZone(zone)) return null;
  // Intl's spelling ("europe/vienna" → "Europe/Vienna"), but not its older names for renamed
  // zones (Node's ICU resolves Asia/Kolkata to Asia/Calcutta): those stay as typed.
  const resolved = new Intl.DateTimeFormat("en-GB", { timeZone: zone }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
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

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::00)?$/;

/** The instant as a datetime-local value ("2026-12-01T18:00") on the wall clocks of `zone`. */
export function toWallTime(value: Date | string, zone: string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: isTimeZone(zone) ? zone : "UTC",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * A datetime-local value read on the wall clocks of `zone` ("2026-12-01T17:00" in Europe/Vienna
 * is 16:00 UTC). "invalid" when it is not such a value; "nonexistent" when clocks skip that time
 * there (the hour lost when summer time starts). A time that happens twice (clocks go back) is
 * read as the later one.
 */
export function wallTimeToUtc(wall: string, zone: string): Date | "invalid" | "nonexistent" {
  const match = WALL_TIME.exec(wall);
  if (!match || !isTimeZone(zone)) return "invalid";
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return "invalid";
  const date = new Date(new TZDate(year, month - 1, day, hour, minute, zone).getTime());
  if (Number.isNaN(date.getTime())) return "invalid";
  // Round trip: a day that does not exist (31 April) or an hour clocks skip comes back different.
  const back = toWallTime(date, zone);
  if (back.slice(0, 10) !== wall.slice(0, 10)) return "invalid";
  return back === wall.slice(0, 16) ? date : "nonexistent";
}
