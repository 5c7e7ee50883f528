import { createStageWorker, queues, type StageWorker } from "@vigie/queue";
import type { Runtime } from "@vigie/runtime";
import { fetchArticle, recordFetchFailure } from "./fetch-article.ts";

export interface FetcherOptions {
  /** @defaultValue 10 */
  concurrency?: number;
  /** Requests per host per second, across every fetcher process. @defaultValue FETCH_PER_HOST_PER_SECOND */
  perHostPerSecond?: number;
}

export function startFetcher(runtime: Runtime, options: FetcherOptions = {}): StageWorker {
  const { config } = runtime;
  const http = {
    userAgent: config.HTTP_USER_AGENT,
    timeoutMs: config.HTTP_TIMEOUT_MS,
    maxBytes: config.HTTP_MAX_BYTES,
    allowHosts: config.HTTP_ALLOW_HOSTS,
  };
  return createStageWorker({
    queue: queues.fetch,
    connection: runtime.redis,
    prefix: runtime.prefix,
    stalledIntervalMs: runtime.config.QUEUE_STALLED_INTERVAL_MS,
    logger: runtime.logger,
    concurrency: options.concurrency ?? 10,
    hostOf: (job) => (URL.canParse(job.url) ? new URL(job.url).host : undefined),
    hostLimit: { max: options.perHostPerSecond ?? config.FETCH_PER_HOST_PER_SECOND, windowMs: 1000 },
    handler: (job, ctx) => fetchArticle(job, ctx, { store: runtime.store, sql: runtime.sql, http }),
    onFailure: (job, failure) => recordFetchFailure(job, failure, runtime),
  });
}
