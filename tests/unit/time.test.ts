import { describe, expect, it } from "vitest";
import { formatDeadline, ianaTimeZone, toWallTime, wallTimeToUtc } from "../../common/time";

describe("deadlines on a participant's clocks", () => {
  it("reads a datetime-local value in the zone, across summer time", () => {
    expect(wallTimeToUtc("2026-12-01T17:00", "Europe/Vienna")).toEqual(new Date("2026-12-01T16:00:00Z"));
    expect(wallTimeToUtc("2026-07-01T17:00", "Europe/Vienna")).toEqual(new Date("2026-07-01T15:00:00Z"));
    expect(wallTimeToUtc("2026-12-01T17:00", "Asia/Karachi")).toEqual(new Date("2026-12-01T12:00:00Z"));
    expect(wallTimeToUtc("2026-12-01T17:00", "UTC")).toEqual(new Date("2026-12-01T17:00:00Z"));
    expect(wallTimeToUtc("2026-12-01T17:00:00", "Asia/Kolkata")).toEqual(new Date("2026-12-01T11:30:00Z"));
  });

  it("refuses a time the clocks skip, and what is not a date", () => {
    // Vienna's clocks jump from 02:00 to 03:00 on 29 March 2026.
    expect(wallTimeToUtc("2026-03-29T02:30", "Europe/Vienna")).toBe("nonexistent");
    expect(wallTimeToUtc("2026-03-29T03:30", "Europe/Vienna")).toEqual(new Date("2026-03-29T01:30:00Z"));
    for (const wrong of ["2026-04-31T10:00", "2026-13-01T10:00", "2026-12-01 17:00", "tomorrow", "2026-12-01T24:00"]) {
      expect(wallTimeToUtc(wrong, "UTC"), wrong).toBe("invalid");
    }
    expect(wallTimeToUtc("2026-12-01T17:00", "Mars/Olympus")).toBe("invalid");
  });

  it("writes an instant back on the zone's clocks, and shows both", () => {
    expect(toWallTime(new Date("2026-12-01T16:00:00Z"), "Europe/Vienna")).toBe("2026-12-01T17:00");
    expect(toWallTime("2026-12-31T23:30:00Z", "Asia/Tokyo")).toBe("2027-01-01T08:30");
    const shown = formatDeadline("2026-12-01T16:00:00Z", "Europe/Vienna");
    expect(shown.local).toMatch(/^Tue,? 1 Dec 2026, 17:00 \(Europe\/Vienna\)$/);
    expect(shown.utc).toBe("2026-12-01 16:00 UTC");
  });

  it("accepts IANA zone names only", () => {
    expect(ianaTimeZone("Europe/Budapest")).toBe("Europe/Budapest");
    expect(ianaTimeZone(" europe/budapest ")).toBe("Europe/Budapest");
    expect(ianaTimeZone("America/Argentina/Buenos_Aires")).not.toBeNull();
    expect(ianaTimeZone("UTC")).toBe("UTC");
    for (const wrong of ["CET", "+01:00", "GMT+1", "utc+2", "Mars/Olympus", "Europe", "", "x".repeat(100)]) {
      expect(ianaTimeZone(wrong), wrong).toBeNull();
    }
  });
});
