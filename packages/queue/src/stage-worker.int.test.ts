import { Queue } from "bullmq";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueueHarness, sleep, type QueueHarness } from "../test/harness.ts";
import { defineQueue } from "./define-queue.ts";
import { queuePrefix } from "./queue-prefix.ts";
import { PermanentError } from "./errors/permanent-error.ts";
import { TransientError } from "./errors/transient-error.ts";
import { HttpStatusError } from "@vigie/http";
import { defaultJobOptions } from "./queues.ts";
import { createStageWorker, type StageFailure } from "./stage-worker.ts";

const TestJob = z.object({ n: z.number().int(), mode: z.enum(["ok", "permanent", "transient", "flaky"]) });

describe("createStageWorker", () => {
  let h: QueueHarness;
  beforeAll(async () => {
    h = await createQueueHarness();
  });
  afterAll(async () => h?.close());

  it("validates payloads, classifies errors once and records final failures", async () => {
    const def = defineQueue("stage-test", TestJob);
    const queue = new Queue(def.name, { connection: h.redis, prefix: queuePrefix(h.prefix, def.name) });
    const handled: number[] = [];
    const failures: (StageFailure & { n: number })[] = [];
    const tries = new Map<number, number>();
    const stage = createStageWorker({
      queue: def,
      connection: h.redis,
      prefix: h.prefix,
      logger: h.logger,
      concurrency: 4,
      handler: async (job) => {
        tries.set(job.n, (tries.get(job.n) ?? 0) + 1);
        if (job.mode === "permanent") throw new PermanentError("http-404", "gone", { httpStatus: 404 });
        if (job.mode === "transient") throw new TransientError("http-503", "busy", { httpStatus: 503 });
        if (job.mode === "flaky" && (tries.get(job.n) ?? 0) < 2) throw new Error("socket hang up");
        handled.push(job.n);
      },
      onFailure: async (job, failure) => {
        failures.push({ ...failure, n: job.n });
      },
    });
    const opts = { attempts: 3, backoff: { type: "fixed", delay: 10 } };
    await queue.add("t", { n: 1, mode: "ok" }, opts);
    await queue.add("t", { n: 2, mode: "permanent" }, opts);
    await queue.add("t", { n: 3, mode: "transient" }, opts);
    await queue.add("t", { n: 4, mode: "flaky" }, opts);
    // A payload written by hand that fails its schema: rejected, never handled.
    await queue.add("t", { n: "five", mode: "ok" }, opts);
    for (let i = 0; i < 200 && (failures.length < 2 || handled.length < 2); i++) await sleep(25);
    await sleep(100);
    expect(handled.sort()).toEqual([1, 4]);
    expect(tries.get(2)).toBe(1); // permanent: no retry
    expect(tries.get(3)).toBe(3); // transient: every attempt used
    expect(failures).toEqual([
      expect.objectContaining({ n: 2, reason: "http-404", permanent: true, attempts: 1, httpStatus: 404 }),
      expect.objectContaining({ n: 3, reason: "http-503", permanent: false, attempts: 3 }),
    ]);
    const failed = await queue.getFailed();
    expect(failed).toHaveLength(1);
    expect(failed[0]?.failedReason).toMatch(/invalid stage-test payload: n: /);
    await stage.close();
    await queue.close();
  });

  it("runs a job again, without spending an attempt, until its failure event is recorded", async () => {
    const def = defineQueue("record-test", TestJob);
    const queue = new Queue(def.name, { connection: h.redis, prefix: queuePrefix(h.prefix, def.name) });
    let runs = 0;
    let recordCalls = 0;
    const recorded: StageFailure[] = [];
    const stage = createStageWorker({
      queue: def,
      connection: h.redis,
      prefix: h.prefix,
      logger: h.logger,
      recordRetryMs: 20,
      handler: async () => {
        runs += 1;
        throw new PermanentError("http-410", "gone", { httpStatus: 410 });
      },
      onFailure: async (_job, failure) => {
        recordCalls += 1;
        // The event store is down for the first two tries.
        if (recordCalls <= 2) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
        recorded.push(failure);
      },
    });
    const job = await queue.add("t", { n: 1, mode: "permanent" }, { attempts: 1 });
    for (let i = 0; i < 200 && recorded.length === 0; i++) await sleep(25);
    for (let i = 0; i < 40 && !(await job.isCompleted()); i++) await sleep(25);
    expect(recorded).toEqual([expect.objectContaining({ reason: "http-410", permanent: true })]);
    expect(runs).toBe(3);
    expect(await queue.getFailedCount()).toBe(0);
    expect(await job.isCompleted()).toBe(true);
    await stage.close();
    await queue.close();
  });

  it("waits at least the server's Retry-After before retrying a 429", async () => {
    const def = defineQueue("stage-retry-after", TestJob);
    const queue = new Queue(def.name, { connection: h.redis, prefix: queuePrefix(h.prefix, def.name) });
    const stage = createStageWorker({
      queue: def,
      connection: h.redis,
      prefix: h.prefix,
      logger: h.logger,
      handler: async () => {
        throw new HttpStatusError(429, "https://busy.example/", { retryAfterSeconds: 30 });
      },
      onFailure: async () => {},
    });
    const job = await queue.add("t", { n: 1, mode: "transient" }, defaultJobOptions);
    let state = "";
    for (let i = 0; i < 200 && state !== "delayed"; i++) {
      await sleep(25);
      state = await queue.getJobState(job.id ?? "");
    }
    expect(state).toBe("delayed");
    const delayed = await queue.getJob(job.id ?? "");
    // The default policy would wait 0.5–1.5 s after the first attempt; the server asked for 30 s.
    expect(delayed?.delay ?? 0).toBeGreaterThanOrEqual(30_000);
    await stage.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it("asks a per-host limit function for each job's limit, and still runs the job when the function throws", async () => {
    const def = defineQueue("host-limit-fn-test", TestJob);
    const queue = new Queue(def.name, { connection: h.redis, prefix: queuePrefix(h.prefix, def.name) });
    const handled: number[] = [];
    const asked: string[] = [];
    const stage = createStageWorker({
      queue: def,
      connection: h.redis,
      prefix: h.prefix,
      logger: h.logger,
      hostOf: (job) => `host-${job.n}.test`,
      hostLimit: async (job, host) => {
        asked.push(host);
        if (job.n === 2) throw new Error("robots.txt parser bug");
        return { max: 5, windowMs: 7000 };
      },
      handler: async (job) => {
        handled.push(job.n);
      },
      onFailure: async () => undefined,
    });
    await queue.add("t", { n: 1, mode: "ok" });
    await queue.add("t", { n: 2, mode: "ok" });
    for (let i = 0; i < 200 && handled.length < 2; i++) await sleep(25);
    expect(handled.sort()).toEqual([1, 2]);
    expect(asked.sort()).toEqual(["host-1.test", "host-2.test"]);
    // The limit the function gave is the one counted (its window length is in the key).
    expect(await h.redis.keys(`${h.prefix}:host-limit:host-1.test:7000:*`)).toHaveLength(1);
    expect(await h.redis.keys(`${h.prefix}:host-limit:host-2.test:*`)).toHaveLength(0);
    await stage.close();
    await queue.close();
  });

  it("drains in-flight jobs on close", async () => {
    const def = defineQueue("drain-test", TestJob);
    const queue = new Queue(def.name, { connection: h.redis, prefix: queuePrefix(h.prefix, def.name) });
    const done: number[] = [];
    const stage = createStageWorker({
      queue: def,
      connection: h.redis,
      prefix: h.prefix,
      logger: h.logger,
      concurrency: 5,
      handler: async (job) => {
        await sleep(300);
        done.push(job.n);
      },
      onFailure: async () => {},
    });
    await queue.addBulk(Array.from({ length: 5 }, (_, n) => ({ name: "t", data: { n, mode: "ok" as const } })));
    for (let i = 0; i < 100 && (await queue.getActiveCount()) < 5; i++) await sleep(10);
    await stage.close();
    expect(done).toHaveLength(5);
    await queue.close();
  });
});
