import { StageError } from "@vigie/contracts";

/** The backoff type of stage jobs: exponential with jitter, but never sooner than the server's `Retry-After`. */
export const RETRY_AFTER_BACKOFF = "exponential-retry-after";

/** Longest wait a `Retry-After` may impose on one retry (a server asking for a day is not obeyed past this). */
export const MAX_RETRY_AFTER_MS = 6 * 3600 * 1000;

/**
 * BullMQ backoff strategy for {@link RETRY_AFTER_BACKOFF}: `delay × 2^(attempt−1)`, ±50 % jitter,
 * raised to the `Retry-After` a 429/503 carried (on its `StageError`). `random` is injectable for tests.
 */
export function retryDelay(attemptsMade: number, err: unknown, delayMs = 1000, random: () => number = Math.random): number {
  const exponential = Math.round(delayMs * 2 ** Math.max(0, attemptsMade - 1) * (0.5 + random()));
  const retryAfterMs = err instanceof StageError && err.retryAfterSeconds !== undefined ? Math.min(err.retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS) : 0;
  return Math.max(exponential, retryAfterMs);
}
