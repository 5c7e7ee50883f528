import { entityModelFiles } from "@vigie/config";
import { loadTagger, type Tagger } from "@vigie/entities";
import { createStageWorker, queues, type StageWorker } from "@vigie/queue";
import type { Runtime } from "@vigie/runtime";
import { recordTaggingFailure, tagArticle } from "./tag-article.ts";

export interface TaggerOptions {
  /** Tagging is CPU-bound: a few jobs at once per process. @defaultValue 2 */
  concurrency?: number;
  /** A tagger already loaded (tests share one). @defaultValue loadTagger() with the weights named by ENTITIES_MODEL_FR / ENTITIES_MODEL_EN */
  tagger?: Tagger;
}

export function startTagger(runtime: Runtime, options: TaggerOptions = {}): StageWorker {
  const tagger = options.tagger ?? loadTagger({ modelFiles: entityModelFiles(runtime.config) });
  return createStageWorker({
    queue: queues.tag,
    connection: runtime.redis,
    prefix: runtime.prefix,
    stalledIntervalMs: runtime.config.QUEUE_STALLED_INTERVAL_MS,
    logger: runtime.logger,
    concurrency: options.concurrency ?? 2,
    handler: (job, ctx) => tagArticle(job, ctx, { store: runtime.store, tagger }),
    onFailure: (job, failure) => recordTaggingFailure(job, failure, runtime),
  });
}
