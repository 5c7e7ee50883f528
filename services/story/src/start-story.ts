import { createStageWorker, queues, type StageWorker } from "@vigie/queue";
import type { Runtime } from "@vigie/runtime";
import { loadBilingualLexicon, type BilingualLexicon, type StoryModelOptions } from "@vigie/stories";
import { assignStory, recordStoryFailure } from "./assign-story.ts";
import { StoryAssigner, type StorySnapshotOptions } from "./story-assigner.ts";

export interface StoryWorkerOptions {
  /** The lexicon already loaded (tests share one). @defaultValue loadBilingualLexicon() */
  lexicon?: BilingualLexicon;
  /** Thresholds and window of the story model. @defaultValue the model's defaults */
  model?: StoryModelOptions;
  /** Snapshots of the model (false: none, every start refolds the log). @defaultValue every STORY_SNAPSHOT_EVERY_EVENTS events / STORY_SNAPSHOT_EVERY_MS */
  snapshots?: StorySnapshotOptions | false;
}

/**
 * The story stage. Decisions depend on the ones before them, so a process takes one job at a
 * time (concurrency 1); more replicas stay correct (one decision per tagged revision) but may
 * start a story twice when two of them see its first articles at the same moment.
 */
export function startStoryWorker(runtime: Runtime, options: StoryWorkerOptions = {}): StageWorker {
  const { STORY_SNAPSHOT_EVERY_EVENTS: everyEvents, STORY_SNAPSHOT_EVERY_MS: everyMs } = runtime.config;
  const snapshots = options.snapshots ?? (everyEvents > 0 ? { everyEvents, everyMs } : false);
  const assigner = new StoryAssigner(runtime.sql, options.lexicon ?? loadBilingualLexicon(), options.model, snapshots || undefined);
  return createStageWorker({
    queue: queues.story,
    connection: runtime.redis,
    prefix: runtime.prefix,
    stalledIntervalMs: runtime.config.QUEUE_STALLED_INTERVAL_MS,
    logger: runtime.logger,
    concurrency: 1,
    handler: (job, ctx) => assignStory(job, ctx, { store: runtime.store, assigner }),
    onFailure: (job, failure) => recordStoryFailure(job, failure, runtime),
  });
}
