/** A moment as the editor shows it, in the publication's zone: "16 Nov 2026, 07:30"; "—" for none. */
export function formatDateTime(date: Date | null, timeZone: string): string {
  return date ? new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(date) : "—";
}
