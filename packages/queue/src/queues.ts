import { AssignStoryJob, DeduplicateArticleJob, DeliverAlertJob, FetchArticleJob, PollFeedJob, TagArticleJob } from "@vigie/contracts";
import { defineQueue } from "./define-queue.ts";
import { RETRY_AFTER_BACKOFF } from "./retry-delay.ts";

/** The pipeline's queues, one per stage. */
export const queues = {
  poll: defineQueue("poll-feed", PollFeedJob),
  fetch: defineQueue("fetch-article", FetchArticleJob),
  dedup: defineQueue("deduplicate-article", DeduplicateArticleJob),
  tag: defineQueue("tag-article", TagArticleJob),
  /** Webhook deliveries of watches, one per match (`services/watcher`), retried on their own queue. */
  alert: defineQueue("deliver-alert", DeliverAlertJob),
  /** Digest deliveries of watches, run by one job scheduler per digest watch (the period is the retry). */
  digest: defineQueue("deliver-digest", DeliverAlertJob),
  story: defineQueue("assign-story", AssignStoryJob),
} as const;

export type StageName = keyof typeof queues;
export const stageNames = Object.keys(queues) as StageName[];

/**
 * Stages whose jobs come from job schedulers: each scheduler always holds its next run as a
 * delayed job, so their delayed jobs are not pending work (idle checks leave them out).
 */
export const scheduledStages: ReadonlySet<StageName> = new Set<StageName>(["poll", "digest"]);

/**
 * Retries with exponential backoff and jitter (1 s, 2 s, 4 s, 8 s … ±50 %), never sooner than a
 * `Retry-After` the server sent (`retryDelay`). Completed jobs are
 * kept for a day so that a re-enqueue with the same job id (a dispatcher replay) is ignored;
 * the event store's idempotent append is what guarantees exactly-once effects in the end.
 */
export const defaultJobOptions = {
  attempts: 5,
  backoff: { type: RETRY_AFTER_BACKOFF, delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;
