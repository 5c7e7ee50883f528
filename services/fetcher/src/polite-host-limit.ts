import type { HostLimit } from "@vigie/queue";

/** Longest robots.txt `Crawl-delay` honoured, in seconds: a larger one is read as this. */
export const MAX_CRAWL_DELAY_SECONDS = 60;

/**
 * The per-host request rate for a host: `perSecond` (FETCH_PER_HOST_PER_SECOND) by default, lowered
 * to one request every `crawlDelaySeconds` when the host's robots.txt asks for a slower pace. A
 * Crawl-delay never raises the rate above the configured one.
 */
export function politeHostLimit(perSecond: number, crawlDelaySeconds: number | undefined): HostLimit {
  const base: HostLimit = { max: perSecond, windowMs: 1000 };
  if (crawlDelaySeconds === undefined || !Number.isFinite(crawlDelaySeconds) || crawlDelaySeconds <= 0) return base;
  const delay = Math.min(crawlDelaySeconds, MAX_CRAWL_DELAY_SECONDS);
  if (1 / delay >= perSecond) return base;
  return { max: 1, windowMs: Math.round(delay * 1000) };
}
