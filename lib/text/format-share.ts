/** A share of a whole, as a reader reads it: "42.1%", or "—" when there is no whole to share. */
export function formatShare(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : "—";
}
