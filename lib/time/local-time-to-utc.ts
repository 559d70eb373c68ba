/**
 * "2026-11-30T08:00" on the clocks of `timeZone` → the instant. The browser's
 * datetime-local input gives wall-clock time with no zone; the publication's
 * zone decides what it means. Null for malformed input.
 */
export function localTimeToUtc(local: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // 30 February and the like: Date.UTC rolls them over; refuse instead.
  if (new Date(asUtc).getUTCDate() !== day) return null;
  try {
    // The zone's offset a day either side covers any change; each gives one candidate instant.
    const candidates = [...new Set([offsetMs(asUtc - 86_400_000, timeZone), offsetMs(asUtc + 86_400_000, timeZone)])].map((offset) => asUtc - offset);
    const exact = candidates.filter((instant) => utcToLocalTime(new Date(instant), timeZone) === local);
    // A time the clocks pass twice (autumn) means its first occurrence; one they skip (spring) means the moment after the jump.
    return new Date(exact.length > 0 ? Math.min(...exact) : Math.max(...candidates));
  } catch {
    return null;
  }
}

/** The zone's offset from UTC at `instant`, in ms (positive east of Greenwich). */
function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(new Date(instant));
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(value("year"), value("month") - 1, value("day"), value("hour"), value("minute"), value("second"));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant as "YYYY-MM-DDTHH:MM" on the zone's clocks, for a datetime-local input. */
export function utcToLocalTime(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(date);
  const value = (type: string) => parts.find((part) => part.type === type)?.value ?? "00";
  return `${value("year")}-${value("month")}-${value("day")}T${value("hour")}:${value("minute")}`;
}
