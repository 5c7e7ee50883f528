import { startDeduplicator } from "@vigie/deduplicator";
import { startFeedPoller } from "@vigie/feed-poller";
import { startFetcher } from "@vigie/fetcher";
import { projections, runProjection } from "@vigie/projections";
import { runDispatcher, stageNames, type StageName, type StageWorker } from "@vigie/queue";
import type { Runtime } from "@vigie/runtime";
import { startTagger } from "@vigie/tagger";
import { serveApi, type ServeApiOptions } from "../commands/api.ts";

export interface PipelineOptions {
  /** Stages to run in this process. @defaultValue all */
  stages?: StageName[];
  /** Run the dispatcher here too. @defaultValue true */
  dispatcher?: boolean;
  /** Jobs at once per stage (the tagger is capped at 2 per process unless set). */
  concurrency?: number;
  /** Keep the projections (articles, feeds) up to date here too. @defaultValue same as `dispatcher` */
  projections?: boolean;
  /** Serve the HTTP API from this process too (`vigie start`). @defaultValue not served */
  api?: ServeApiOptions | undefined;
}

export interface Pipeline {
  workers: Partial<Record<StageName, StageWorker>>;
  /** Resolves when the dispatcher loop ends (after stop). */
  dispatcherDone: Promise<void>;
  /** Graceful stop: dispatcher first, then workers finish their in-flight jobs. */
  stop(): Promise<void>;
}

const starters: Record<StageName, (runtime: Runtime, concurrency?: number) => StageWorker> = {
  poll: (r, c) => startFeedPoller(r, { concurrency: c }),
  fetch: (r, c) => startFetcher(r, { concurrency: c }),
  dedup: (r, c) => startDeduplicator(r, { concurrency: c }),
  tag: (r, c) => startTagger(r, { concurrency: c === undefined ? undefined : Math.min(c, 4) }),
};

/** Starts stage workers and the dispatcher in this process (`vigie start`, `vigie worker`). */
export function startPipeline(runtime: Runtime, options: PipelineOptions = {}): Pipeline {
  const workers: Partial<Record<StageName, StageWorker>> = {};
  for (const stage of options.stages ?? stageNames) workers[stage] = starters[stage](runtime, options.concurrency);
  const controller = new AbortController();
  const dispatcherDone =
    options.dispatcher === false
      ? Promise.resolve()
      : runDispatcher({ sql: runtime.sql, queues: runtime.queues, logger: runtime.logger, signal: controller.signal, wake: runtime.wake }).catch((err: unknown) => {
          runtime.logger.fatal({ err }, "dispatcher stopped");
        });
  const projectionsDone =
    (options.projections ?? options.dispatcher) === false
      ? []
      : Object.values(projections).map((projection) =>
          runProjection(runtime.sql, projection, {
            readSql: runtime.readSql,
            signal: controller.signal,
            wake: runtime.wake,
            onError: (err) => runtime.logger.error({ err, projection: projection.name }, "projection page failed, retrying"),
          }).catch((err: unknown) => runtime.logger.fatal({ err, projection: projection.name }, "projection stopped")),
        );
  const api = options.api
    ? serveApi(runtime, options.api).catch((err: unknown) => {
        runtime.logger.error({ err }, "API not started");
        return undefined;
      })
    : undefined;
  return {
    workers,
    dispatcherDone,
    async stop() {
      await (await api)?.close();
      controller.abort();
      await Promise.all([dispatcherDone, ...projectionsDone]);
      await Promise.all(Object.values(workers).map((w) => w.close()));
    },
  };
}
