import { RobotsPolicy } from "@vigie/http";
import { createStageWorker, queues, type StageWorker } from "@vigie/queue";
import type { Runtime } from "@vigie/runtime";
import { fetchArticle, recordFetchFailure } from "./fetch-article.ts";
import { politeHostLimit } from "./polite-host-limit.ts";

export interface FetcherOptions {
  /** @defaultValue 10 */
  concurrency?: number;
  /** Requests per host per second, across every fetcher process; a host's robots.txt Crawl-delay lowers it. @defaultValue FETCH_PER_HOST_PER_SECOND */
  perHostPerSecond?: number;
  /** robots.txt policy (tests inject one with short TTLs). @defaultValue one per fetcher, with the HTTP settings of the config */
  robots?: RobotsPolicy;
}

export function startFetcher(runtime: Runtime, options: FetcherOptions = {}): StageWorker {
  const { config } = runtime;
  const http = {
    userAgent: config.HTTP_USER_AGENT,
    timeoutMs: config.HTTP_TIMEOUT_MS,
    maxBytes: config.HTTP_MAX_BYTES,
    allowHosts: config.HTTP_ALLOW_HOSTS,
  };
  // One cache per process: each host's robots.txt is read once per TTL, by the rate limit and the
  // handler alike (the second question is answered from the cache).
  const robots = options.robots ?? new RobotsPolicy({ fetch: http });
  const perSecond = options.perHostPerSecond ?? config.FETCH_PER_HOST_PER_SECOND;
  return createStageWorker({
    queue: queues.fetch,
    connection: runtime.redis,
    prefix: runtime.prefix,
    stalledIntervalMs: runtime.config.QUEUE_STALLED_INTERVAL_MS,
    logger: runtime.logger,
    concurrency: options.concurrency ?? 10,
    hostOf: (job) => (URL.canParse(job.url) ? new URL(job.url).host : undefined),
    hostLimit: async (job) => politeHostLimit(perSecond, (await robots.check(job.url)).crawlDelaySeconds),
    handler: (job, ctx) => fetchArticle(job, ctx, { store: runtime.store, sql: runtime.sql, http, robots }),
    onFailure: (job, failure) => recordFetchFailure(job, failure, runtime),
  });
}
