/*
 * A flaky connection: when a refresh fails, what is on the screen stays, with how old it is, and the page tries
 * again less and less often (every poll, then every 2nd, 4th, … up to every 15th) until one succeeds.
 */

const MAX_SKIP = 15;

/** "just now", "1 min ago", "12 min ago", "2 h ago", "3 days ago". */
export function ageWords(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** The banner while refreshes fail: "Last updated 2 min ago — retrying." */
export const staleWords = (lastSuccess: number | undefined, now: number): string =>
  lastSuccess === undefined
    ? 'Cannot reach Aftercare right now — retrying.'
    : `Cannot reach Aftercare right now. Last updated ${ageWords(now - lastSuccess)} — retrying.`;

/** Counts polls rather than clock time, so a wrong or frozen clock on the phone cannot stop the retries. */
export class Backoff {
  private failures = 0;
  private waiting = 0;

  get failing(): boolean {
    return this.failures > 0;
  }

  /** Whether this poll should try; after n failures in a row, every 2^n-th poll does (at most every 15th). */
  shouldTry(): boolean {
    if (this.waiting <= 0) return true;
    this.waiting -= 1;
    return false;
  }

  failed(): void {
    this.failures += 1;
    this.waiting = Math.min(2 ** this.failures - 1, MAX_SKIP);
  }

  succeeded(): void {
    this.failures = 0;
    this.waiting = 0;
  }
}
