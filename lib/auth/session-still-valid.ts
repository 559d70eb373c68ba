/**
 * A session is good if it began at or after the member's `sessionsValidAfter`,
 * which a password change moves to that moment. Sessions issued before
 * `authAt` was recorded count as beginning at 0, so they end too.
 */
export function sessionStillValid(authAt: number | undefined, sessionsValidAfter: Date): boolean {
  return (authAt ?? 0) >= sessionsValidAfter.getTime();
}
