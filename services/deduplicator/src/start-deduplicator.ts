import { createDedupStore, type DedupOptions } from "@vigie/dedup";
import { createStageWorker, queues, type StageWorker } from "@vigie/queue";
import type { Runtime } from "@vigie/runtime";
import { deduplicateArticle, recordDedupFailure } from "./deduplicate-article.ts";

export interface DeduplicatorOptions {
  /** @defaultValue 10 */
  concurrency?: number;
  dedup?: DedupOptions;
}

export function startDeduplicator(runtime: Runtime, options: DeduplicatorOptions = {}): StageWorker {
  const dedup = createDedupStore(runtime.sql, options.dedup);
  return createStageWorker({
    queue: queues.dedup,
    connection: runtime.redis,
    prefix: runtime.prefix,
    stalledIntervalMs: runtime.config.QUEUE_STALLED_INTERVAL_MS,
    logger: runtime.logger,
    concurrency: options.concurrency ?? 10,
    handler: (job, ctx) => deduplicateArticle(job, ctx, { store: runtime.store, decide: (input) => dedup.decide(input) }),
    onFailure: (job, failure) => recordDedupFailure(job, failure, runtime),
  });
}
