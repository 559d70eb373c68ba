/**
 * Spaces requests evenly: at most `perSecond` starts per second in this
 * process (Resend allows 2 by default). `pause` holds everyone back, as a
 * 429's retry-after asks. With several worker processes, give each its share.
 */
export function createRateLimiter(perSecond: number, clock: { now(): number; sleep(ms: number): Promise<void> } = realClock) {
  // 5% slower than the limit: a provider counting in its own windows sees request times with network jitter.
  const interval = perSecond > 0 ? 1050 / perSecond : 0;
  let nextSlot = 0;
  return {
    async take(): Promise<void> {
      const now = clock.now();
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + interval;
      if (slot > now) await clock.sleep(slot - now);
    },
    pause(ms: number): void {
      nextSlot = Math.max(nextSlot, clock.now() + ms);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

const realClock = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };
