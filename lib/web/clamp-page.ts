/**
 * A page number as the URL gave it (any number, NaN, Infinity, 1e20), made one a query can take:
 * a whole number from 1 to `max`. Unclamped, a page such as 1e20 makes an OFFSET the database refuses.
 */
export function clampPage(page: number | undefined, max: number): number {
  return Math.min(max, Math.max(1, Math.floor(page ?? 1) || 1));
}
