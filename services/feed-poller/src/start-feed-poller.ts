import { createStageWorker, queues, type StageWorker } from "@vigie/queue";
import type { Runtime } from "@vigie/runtime";
import { pollFeed, recordPollFailure } from "./poll-feed.ts";

export interface FeedPollerOptions {
  /** @defaultValue 5 */
  concurrency?: number;
}

export function startFeedPoller(runtime: Runtime, options: FeedPollerOptions = {}): StageWorker {
  const { config } = runtime;
  const deps = {
    store: runtime.store,
    sql: runtime.sql,
    http: { userAgent: config.HTTP_USER_AGENT, timeoutMs: config.HTTP_TIMEOUT_MS, maxBytes: config.HTTP_MAX_BYTES, allowHosts: config.HTTP_ALLOW_HOSTS },
    bounds: { minSeconds: config.FEED_MIN_INTERVAL_SECONDS, maxSeconds: config.FEED_MAX_INTERVAL_SECONDS },
  };
  return createStageWorker({
    queue: queues.poll,
    connection: runtime.redis,
    prefix: runtime.prefix,
    stalledIntervalMs: runtime.config.QUEUE_STALLED_INTERVAL_MS,
    logger: runtime.logger,
    concurrency: options.concurrency ?? 5,
    // Politeness: at most FEED_PER_HOST_CONCURRENCY polls in flight per host, across processes.
    hostOf: (job) => job.host,
    hostConcurrency: { max: config.FEED_PER_HOST_CONCURRENCY, leaseMs: config.HTTP_TIMEOUT_MS * 3 },
    handler: (job, ctx) => pollFeed(job, ctx, deps),
    onFailure: (job, failure, ctx) => recordPollFailure(job, failure, ctx, deps),
  });
}
