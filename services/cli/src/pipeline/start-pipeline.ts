import { startDeduplicator } from "@vigie/deduplicator";
import { startFeedPoller } from "@vigie/feed-poller";
import { startFetcher } from "@vigie/fetcher";
import { projections, runProjection } from "@vigie/projections";
import { runDispatcher, stageNames, type StageName, type StageWorker } from "@vigie/queue";
import type { Runtime } from "@vigie/runtime";
import { startStoryWorker } from "@vigie/story";
import { startTagger } from "@vigie/tagger";
import { runWatcher, startAlerter } from "@vigie/watcher";
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
  /** Run the watcher (matches articles against watches) here too. @defaultValue same as `dispatcher` */
  watcher?: boolean;
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
  alert: (r, c) => startAlerter(r, { concurrency: c }),
  digest: (r, c) => startAlerter(r, { concurrency: c, queue: "digest" }),
  // Story decisions depend on each other: one at a time, whatever the concurrency asked.
  story: (r) => startStoryWorker(r),
};

/**
 * Consumers of the log a pipeline with these options runs (the dispatcher, each projection, the
 * watcher): each holds a pooled connection for its advisory lock, so callers reserve that many.
 */
export function logConsumers(options: Pick<PipelineOptions, "dispatcher" | "projections" | "watcher"> = {}): number {
  return (
    (options.dispatcher === false ? 0 : 1) +
    ((options.projections ?? options.dispatcher) === false ? 0 : Object.keys(projections).length) +
    ((options.watcher ?? options.dispatcher) === false ? 0 : 1)
  );
}

/** Connections a process needs besides the one each consumer of the log holds for its lock. */
const SPARE_CONNECTIONS = 2;

/**
 * Starts stage workers and the dispatcher in this process (`vigie start`, `vigie worker`). Throws
 * when the Postgres pool cannot serve the consumers it would run: each holds a pooled connection
 * for its advisory lock, and with no connection left their page reads would wait for ever.
 */
export function startPipeline(runtime: Runtime, options: PipelineOptions = {}): Pipeline {
  const consumers = logConsumers(options);
  const pool = runtime.sql.options.max;
  if (consumers > 0 && pool < consumers + SPARE_CONNECTIONS) {
    throw new Error(
      `DATABASE_POOL_SIZE ${pool} is too small for the ${consumers} consumers of the log in this process (each holds a connection for its lock): set it to ${consumers + SPARE_CONNECTIONS} or more`,
    );
  }
  const workers: Partial<Record<StageName, StageWorker>> = {};
  for (const stage of options.stages ?? stageNames) workers[stage] = starters[stage](runtime, options.concurrency);
  const controller = new AbortController();
  const dispatcherDone =
    options.dispatcher === false
      ? Promise.resolve()
      : runDispatcher({ sql: runtime.sql, queues: runtime.queues, logger: runtime.logger, signal: controller.signal, wake: runtime.wake }).catch(
          (err: unknown) => {
            runtime.logger.fatal({ err }, "dispatcher stopped");
          },
        );
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
  const watcherDone =
    (options.watcher ?? options.dispatcher) === false
      ? Promise.resolve()
      : runWatcher({ sql: runtime.sql, logger: runtime.logger, signal: controller.signal, wake: runtime.wake }).catch((err: unknown) => {
          runtime.logger.fatal({ err }, "watcher stopped");
        });
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
      await Promise.all([dispatcherDone, watcherDone, ...projectionsDone]);
      await Promise.all(Object.values(workers).map((w) => w.close()));
    },
  };
}
