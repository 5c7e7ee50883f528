/** What the schedule is derived from; all optional except the failure count. */
export interface PollIntervalInput {
  /** Publication dates (ISO) of the feed's items, any order; unparseable ones are ignored. */
  itemTimestamps: string[];
  /** RSS `<ttl>`: the publisher asks not to be polled more often. */
  ttlMinutes?: number;
  /** `sy:updatePeriod` / `sy:updateFrequency`. */
  updatePeriodMinutes?: number;
  /** `Cache-Control: max-age` of the last response. */
  maxAgeSeconds?: number;
  /** `Retry-After` of the last response (429/503). */
  retryAfterSeconds?: number;
  /** Consecutive failed polls (0 after a success). */
  consecutiveFailures: number;
  /**
   * Epoch ms of this computation: slows down feeds whose newest item is old, and gives a feed with
   * a single dated item an interval from that item's age.
   * @defaultValue the newest item's time (no staleness slowdown; one dated item gets the default)
   */
  now?: number;
}

export interface PollIntervalBounds {
  /** @defaultValue 300 (5 minutes) */
  minSeconds?: number;
  /** @defaultValue 86400 (24 hours) */
  maxSeconds?: number;
}

const DEFAULT_SECONDS = 3600;
const RECENT_ITEMS = 20;
// A server's Retry-After is obeyed even past maxSeconds, but not beyond a week (typos, hostile values).
const RETRY_AFTER_CAP = 7 * 86_400;

/**
 * Seconds until the next poll of a feed. Pure.
 *
 * - Healthy feed: half the mean gap between its most recent items (so a new item waits on average
 *   a quarter of the publishing gap), stretched to a quarter of the newest item's age when that is
 *   longer; with a single dated item, a quarter of its age (a new feed's first schedule); one hour
 *   without dates (or without `now`); never below what `ttl`, `sy:updatePeriod` and `max-age` ask for.
 * - Failing feed: exponential backoff from `minSeconds` (×2 per consecutive failure).
 * - `Retry-After` is a floor in both cases. Everything is clamped to the bounds, except Retry-After.
 */
export function nextPollInterval(input: PollIntervalInput, bounds: PollIntervalBounds = {}): number {
  const min = bounds.minSeconds ?? 300;
  const max = Math.max(min, bounds.maxSeconds ?? 86_400);
  const clamp = (s: number): number => Math.min(max, Math.max(min, s));
  const retryAfter = Math.min(RETRY_AFTER_CAP, Math.max(0, input.retryAfterSeconds ?? 0));

  if (input.consecutiveFailures > 0) {
    const backoff = clamp(min * 2 ** Math.min(30, input.consecutiveFailures));
    return Math.round(Math.max(backoff, retryAfter));
  }

  const times = input.itemTimestamps
    .map((t) => Date.parse(t))
    .filter((t) => Number.isFinite(t))
    .sort((a, b) => b - a)
    .slice(0, RECENT_ITEMS);
  let seconds = DEFAULT_SECONDS;
  const newest = times[0];
  const oldest = times[times.length - 1];
  // A feed silent for a long time gets polled less: at most every quarter of its silence.
  const silence = input.now !== undefined && newest !== undefined ? Math.max(0, (input.now - newest) / 1000) : undefined;
  if (times.length >= 2 && newest !== undefined && oldest !== undefined && newest > oldest) {
    const meanGap = (newest - oldest) / 1000 / (times.length - 1);
    seconds = meanGap / 2;
    if (silence !== undefined) seconds = Math.max(seconds, silence / 4);
  } else if (silence !== undefined) {
    // One dated item (or several at the same instant) gives no rate, only an age: an item a
    // minute old says the feed is live (near the minimum), a month-old one that it is quiet
    // (towards the maximum). A quarter of the age, as for a silent feed.
    seconds = silence / 4;
  }
  const publisherFloor = Math.max((input.ttlMinutes ?? 0) * 60, (input.updatePeriodMinutes ?? 0) * 60, input.maxAgeSeconds ?? 0);
  seconds = clamp(Math.max(seconds, publisherFloor));
  return Math.round(Math.max(seconds, retryAfter));
}
