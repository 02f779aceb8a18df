import { formatUtcTime } from "../../../common/time";

const dateText = (date: Date | string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(
    typeof date === "string" ? new Date(date) : date,
  );

/** The sentence an adoption record reads as, everywhere it is shown. */
export function adoptionText(adoption: {
  method: string;
  adoptedAt: Date | string;
  meetingDate?: string | null;
  meetingPlace?: string | null;
}) {
  if (adoption.method === "meeting") {
    return `Adopted at a meeting in ${adoption.meetingPlace ?? "—"} on ${dateText(adoption.meetingDate ?? adoption.adoptedAt)}.`;
  }
  return `Adopted under the silence procedure on ${formatUtcTime(adoption.adoptedAt)}, no objection having been raised.`;
}
