import { Gauge, Histogram, Registry } from "prom-client";
import type { Sql } from "@vigie/db";
import type { PipelineQueues } from "@vigie/queue";
import { readConsumerLag, readEventCounts, readFailures, readFeedHealth, readQueueFigures } from "./ops-figures.ts";

/** Completed jobs looked at per queue and scrape for the duration histogram. */
const RECENT_JOBS = 500;

/**
 * Prometheus metrics of one app, in a registry of its own (no prom-client global state, so
 * several apps can live in one process). Figures are read at scrape time from Postgres and Redis:
 * they are the same whichever process or replica serves the scrape.
 */
export class OpsMetrics {
  readonly registry = new Registry();
  readonly #sql: Sql;
  readonly #queues: PipelineQueues;
  /** Per queue, the finish time of the newest completed job already observed. */
  readonly #seenUntil = new Map<string, number>();
  readonly #queueJobs = new Gauge({ name: "vigie_queue_jobs", help: "Jobs per queue and state", labelNames: ["queue", "state"], registers: [this.registry] });
  readonly #oldest = new Gauge({
    name: "vigie_queue_oldest_waiting_job_age_seconds",
    help: "Age of the oldest waiting job per queue (0: none waits)",
    labelNames: ["queue"],
    registers: [this.registry],
  });
  readonly #duration = new Histogram({
    name: "vigie_job_duration_seconds",
    help: "Processing time of completed jobs, observed by this process from each queue's completed list since it started",
    labelNames: ["queue"],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly #failures = new Gauge({
    name: "vigie_failure_events",
    help: "Failure events in the log by type and reason",
    labelNames: ["type", "reason"],
    registers: [this.registry],
  });
  readonly #events = new Gauge({ name: "vigie_events", help: "Events appended to the log, by type", labelNames: ["type"], registers: [this.registry] });
  readonly #lagEvents = new Gauge({
    name: "vigie_consumer_lag_events",
    help: "Committed events after a consumer's checkpoint",
    labelNames: ["consumer", "kind"],
    registers: [this.registry],
  });
  readonly #lagSeconds = new Gauge({
    name: "vigie_consumer_lag_seconds",
    help: "Age of the oldest event a consumer has not handled (0: caught up)",
    labelNames: ["consumer", "kind"],
    registers: [this.registry],
  });
  readonly #feeds = new Gauge({
    name: "vigie_feeds",
    help: "Feeds by health (healthy, failing, disabled, removed)",
    labelNames: ["health"],
    registers: [this.registry],
  });

  constructor(sql: Sql, queues: PipelineQueues) {
    this.#sql = sql;
    this.#queues = queues;
  }

  /** Reads every figure and returns the text exposition. */
  async scrape(): Promise<string> {
    const [queues, failures, events, lag, feeds] = await Promise.all([
      readQueueFigures(this.#queues),
      readFailures(this.#sql),
      readEventCounts(this.#sql),
      readConsumerLag(this.#sql),
      readFeedHealth(this.#sql, 0),
      this.#observeDurations(),
    ]);
    // Reset first: a label that disappeared (a removed consumer) must not keep its last value.
    for (const g of [this.#queueJobs, this.#oldest, this.#failures, this.#events, this.#lagEvents, this.#lagSeconds, this.#feeds]) g.reset();
    for (const q of queues) {
      for (const [state, n] of Object.entries(q.counts)) this.#queueJobs.set({ queue: q.queue, state }, n);
      this.#oldest.set({ queue: q.queue }, q.oldestWaitingSeconds);
    }
    for (const f of failures) this.#failures.set({ type: f.type, reason: f.reason }, f.count);
    for (const [type, n] of Object.entries(events)) this.#events.set({ type }, n);
    for (const c of lag) {
      this.#lagEvents.set({ consumer: c.consumer, kind: c.kind }, c.lagEvents);
      this.#lagSeconds.set({ consumer: c.consumer, kind: c.kind }, c.lagSeconds);
    }
    for (const health of ["healthy", "failing", "disabled", "removed"]) this.#feeds.set({ health }, feeds.byHealth[health] ?? 0);
    return this.registry.metrics();
  }

  async #observeDurations(): Promise<void> {
    await Promise.all(
      Object.values(this.#queues.byStage).map(async (queue) => {
        const jobs = await queue.getJobs(["completed"], 0, RECENT_JOBS - 1, false);
        const since = this.#seenUntil.get(queue.name) ?? 0;
        let newest = since;
        for (const job of jobs) {
          if (!job.finishedOn || !job.processedOn || job.finishedOn <= since) continue;
          this.#duration.observe({ queue: queue.name }, (job.finishedOn - job.processedOn) / 1000);
          newest = Math.max(newest, job.finishedOn);
        }
        this.#seenUntil.set(queue.name, newest);
      }),
    );
  }
}
