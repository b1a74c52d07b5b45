// A token bucket per caller (an API token, a chat user): a burst is allowed, then a steady rate. Kept in
// memory, for one process (PGlite); replicas on PostgreSQL share theirs (shared-rate-limit.ts). The limit
// is a guard against floods and runaway scripts, not an accounting.

/** 0 when the call may go ahead; else how many milliseconds until it may. */
export interface Limiter {
  take(key: string): number | Promise<number>;
}

export class RateLimiter implements Limiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    /** Requests allowed per minute, steadily. */
    private readonly perMinute: number,
    /** Requests allowed at once after a quiet spell. */
    private readonly burst = Math.max(1, Math.ceil(perMinute / 6)),
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when the call may go ahead; else how many milliseconds until it may. */
  take(key: string): number {
    if (this.perMinute <= 0) return 0;
    const now = this.now();
    const rate = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.forgetFull();
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / rate);
  }

  private forgetFull(): void {
    for (const [key, b] of this.buckets) if (b.tokens >= this.burst) this.buckets.delete(key);
  }
}
