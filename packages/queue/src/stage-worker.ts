import { DelayedError, UnrecoverableError, Worker, type Job } from "bullmq";
import type { RedisConnection } from "./redis.ts";
import { queuePrefix } from "./queue-prefix.ts";
import { jobLogger, type Logger } from "@vigie/logger";
import type { QueueDefinition } from "./define-queue.ts";
import { StageError } from "@vigie/contracts";
import { RETRY_AFTER_BACKOFF, retryDelay } from "./retry-delay.ts";
import { acquireHostLease, acquireHostSlot, type HostConcurrency, type HostLimit } from "./host-limiter.ts";

export interface StageContext {
  job: Job;
  /** Aborted when the worker is forced to stop; handlers pass it to their I/O. */
  signal: AbortSignal;
  log: Logger;
  /** 1 for the first attempt. */
  attempt: number;
}

export interface StageFailure {
  reason: string;
  detail: string;
  httpStatus?: number | undefined;
  /** The server asked to come back after this long (429/503 Retry-After). */
  retryAfterSeconds?: number | undefined;
  permanent: boolean;
  attempts: number;
}

export interface StageWorkerOptions<T> {
  queue: QueueDefinition<T>;
  connection: RedisConnection;
  /** Installation key prefix (REDIS_PREFIX); the queue's keys live under `queuePrefix(prefix, queue)`. */
  prefix: string;
  logger: Logger;
  /** Does the work and appends the outcome event. Must be idempotent. */
  handler: (payload: T, ctx: StageContext) => Promise<unknown>;
  /**
   * Appends the failure event once the error is permanent or the retries are spent. If it throws
   * (the database is down), the job is delayed and run again as a whole, without using up an
   * attempt, until its outcome is recorded: a job never ends without an event.
   */
  onFailure: (payload: T, failure: StageFailure, ctx: StageContext) => Promise<void>;
  /** Jobs run at once by this worker. @defaultValue 10 */
  concurrency?: number;
  /** The host a job talks to, for the per-host limit. */
  hostOf?: (payload: T) => string | undefined;
  /**
   * Per-host request rate shared by every worker of this queue: one limit for every host, or a
   * function giving a host's own limit (e.g. lowered by its robots.txt `Crawl-delay`); a function
   * that throws falls back to no limit for that job, so the job still reaches its handler.
   * @defaultValue none
   */
  hostLimit?: HostLimit | ((payload: T, host: string) => Promise<HostLimit | undefined>);
  /** Per-host requests in flight, shared by every worker of this queue. @defaultValue none */
  hostConcurrency?: HostConcurrency;
  /** How often stalled jobs (their worker died) are moved back to wait. @defaultValue 30000 */
  stalledIntervalMs?: number;
  /** Time given to in-flight jobs on shutdown before their signal aborts. @defaultValue 10000 */
  shutdownGraceMs?: number;
  /** First delay before a job whose failure event could not be appended runs again (doubling, capped at 60 s). @defaultValue 1000 */
  recordRetryMs?: number;
}

export interface StageWorker {
  worker: Worker;
  /** Stops taking jobs, lets in-flight ones finish (aborting them after the grace time), closes. */
  close(): Promise<void>;
}

function describe(err: unknown): Omit<StageFailure, "attempts"> {
  if (err instanceof StageError) {
    return { reason: err.reason, detail: err.message, httpStatus: err.httpStatus, retryAfterSeconds: err.retryAfterSeconds, permanent: err.permanent };
  }
  // Anything else is a bug or an outage (a lost connection, a concurrent append): retry it.
  const e = err instanceof Error ? err : new Error(String(err));
  return { reason: "internal-error", detail: `${e.name}: ${e.message}`, permanent: false };
}

async function resolveHostLimit<T>(hostLimit: StageWorkerOptions<T>["hostLimit"], payload: T, host: string, log: Logger): Promise<HostLimit | undefined> {
  if (typeof hostLimit !== "function") return hostLimit;
  try {
    return await hostLimit(payload, host);
  } catch (err) {
    // A limit that cannot be worked out must not keep the job from its handler (and its outcome event).
    log.warn({ err, host }, "host limit not resolved, job not rate-limited");
    return undefined;
  }
}

/**
 * The one place where stage jobs are run: payload validation, job-scoped logger, per-host limit,
 * error classification (retry with backoff vs permanent failure event), graceful shutdown.
 */
export function createStageWorker<T>(options: StageWorkerOptions<T>): StageWorker {
  const { queue, logger } = options;
  const stopping = new AbortController();
  const log = logger.child({ stage: queue.name });

  const processor = async (job: Job, token?: string, signal?: AbortSignal) => {
    const attempt = job.attemptsMade + 1;
    const jobLog = jobLogger(log, { queue: queue.name, jobId: job.id, attempt, correlationId: (job.data as { correlationId?: string })?.correlationId });
    const parsed = queue.schema.safeParse(job.data);
    if (!parsed.success) {
      // Nothing valid to attach a failure event to: reject the job with the reason.
      const reason = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
      jobLog.error({ reason }, "job payload rejected");
      throw new UnrecoverableError(`invalid ${queue.name} payload: ${reason}`);
    }
    const payload = parsed.data;
    const jobSignal = signal ? AbortSignal.any([signal, stopping.signal]) : stopping.signal;
    const ctx: StageContext = { job, signal: jobSignal, log: jobLog, attempt };

    const host = options.hostOf?.(payload);
    const limit = host ? await resolveHostLimit(options.hostLimit, payload, host, jobLog) : undefined;
    if (host && limit) {
      const wait = await acquireHostSlot(options.connection, options.prefix, host, limit);
      if (wait > 0) {
        await job.moveToDelayed(Date.now() + wait, token);
        throw new DelayedError();
      }
    }

    let release: (() => Promise<void>) | undefined;
    if (host && options.hostConcurrency) {
      release = await acquireHostLease(options.connection, options.prefix, host, options.hostConcurrency, `${queue.name}:${job.id}`);
      if (!release) {
        await job.moveToDelayed(Date.now() + 200 + Math.floor(Math.random() * 300), token);
        throw new DelayedError();
      }
    }

    const started = performance.now();
    try {
      const result = await options.handler(payload, ctx);
      jobLog.debug({ ms: Math.round(performance.now() - started) }, "job done");
      return result;
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      const failure = describe(err);
      const maxAttempts = job.opts.attempts ?? 1;
      const final = failure.permanent || attempt >= maxAttempts;
      if (!final) {
        jobLog.warn({ err, reason: failure.reason, attempt, maxAttempts }, "job failed, will retry");
        throw err;
      }
      jobLog.warn({ err, reason: failure.reason, attempt }, "job failed, recording failure event");
      try {
        await options.onFailure(payload, { ...failure, attempts: attempt }, ctx);
      } catch (recordErr) {
        // Failing the job now would leave it without any outcome event. Run it again later instead
        // (moveToDelayed keeps attemptsMade): the handler is idempotent, and either succeeds or
        // reaches this point again with the store hopefully back.
        const tries = ((job.data as { recordTries?: number }).recordTries ?? 0) + 1;
        const delay = Math.min(60_000, (options.recordRetryMs ?? 1000) * 2 ** Math.min(tries - 1, 10));
        jobLog.error({ err: recordErr, reason: failure.reason, delayMs: delay, recordTries: tries }, "failure event not recorded, job delayed");
        await job.updateData({ ...(job.data as object), recordTries: tries });
        await job.moveToDelayed(Date.now() + delay, token);
        throw new DelayedError();
      }
      return { failed: failure.reason };
    } finally {
      await release?.().catch(() => {});
    }
  };

  const worker = new Worker(queue.name, processor, {
    connection: options.connection,
    prefix: queuePrefix(options.prefix, queue.name),
    concurrency: options.concurrency ?? 10,
    // Stalled jobs (their worker died) go back to wait; kept on, as BullMQ recommends.
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: 2,
    settings: {
      backoffStrategy: (attemptsMade, type, err, job) =>
        type === RETRY_AFTER_BACKOFF ? retryDelay(attemptsMade, err, typeof job?.opts.backoff === "object" ? (job.opts.backoff.delay ?? 1000) : 1000) : -1,
    },
  });
  worker.on("error", (err) => log.error({ err }, "worker error"));
  worker.on("failed", (job, err) => {
    if (job && err instanceof UnrecoverableError) log.error({ jobId: job.id, err }, "job rejected");
  });

  return {
    worker,
    async close() {
      const grace = setTimeout(() => stopping.abort(new Error("worker shutting down")), options.shutdownGraceMs ?? 10_000);
      try {
        await worker.close();
      } finally {
        clearTimeout(grace);
      }
    },
  };
}
