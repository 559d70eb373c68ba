/**
 * A moment as the editor shows it, in the publication's zone: "16 Nov 2026, 07:30"; "—" for none.
 * `withZone` adds the seconds and the zone's abbreviation, or its offset where English has no
 * abbreviation for it ("16 Nov 2026, 08:30:12 CET", "16 Nov 2026, 02:30:12 GMT-5"): for times read
 * on their own, such as the Outbox's, where nothing else on the page says which zone they are in.
 */
export function formatDateTime(date: Date | null, timeZone: string, options: { withZone?: boolean } = {}): string {
  return date ? new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: options.withZone ? "long" : "short", timeZone }).format(date) : "—";
}
