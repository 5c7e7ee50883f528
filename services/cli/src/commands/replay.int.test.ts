import { randomBytes, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { loadConfig } from "@vigie/config";
import { createSql, type Sql } from "@vigie/db";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { EventStore, readAllEvents, resolvePosition, START } from "@vigie/event-store";
import { createRedis, PipelineQueues, type RedisConnection } from "@vigie/queue";
import { alertDeliveredEventId, alertFailedEventId, recordedOutcomeIds, watchMatchedEventId } from "@vigie/streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replayStage } from "./replay.ts";

const article = (n: number) => String(n).repeat(64).slice(0, 64);

describe("vigie replay", () => {
  let db: TestDatabase;
  let sql: Sql;
  let redis: RedisConnection;
  let pipeline: PipelineQueues;
  const discovered: Record<string, string> = {};
  const prefix = `vigie-test-replay-${randomBytes(4).toString("hex")}`;
  let fetchedId = "";

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = createSql({ url: db.url, max: 4 });
    redis = createRedis(loadConfig().REDIS_URL, { name: "replay-test" });
    pipeline = new PipelineQueues(redis, prefix);
    const store = new EventStore(sql);
    await store.appendToStream("feed:f1", [{ eventId: randomUUID(), type: "FeedRegistered", data: { feedId: "f1", url: "https://news.example/rss" } }]);
    for (const n of [1, 2, 3]) {
      const eventId = randomUUID();
      discovered[n] = eventId;
      await store.appendToStream(`article:${article(n)}`, [
        {
          eventId,
          type: "ArticleDiscovered",
          data: { articleId: article(n), url: `https://news.example/${n}`, feedId: "f1", itemId: String(n) },
          metadata: { correlationId: eventId },
        },
      ]);
    }
    // Article 1 was fetched: its fetch job's outcome is in the log, under the fetcher's id.
    const job = { articleId: article(1), eventId: discovered[1] ?? "", correlationId: discovered[1] ?? "" };
    await store.appendToStream(`article:${article(1)}`, [
      {
        eventId: recordedOutcomeIds("fetcher", job)[1],
        type: "ArticleFetchFailed",
        data: { articleId: article(1), url: "https://news.example/1", reason: "http-404", detail: "not found", permanent: true, attempts: 1 },
        metadata: { correlationId: job.correlationId, causationId: job.eventId },
      },
    ]);
  });
  afterAll(async () => {
    await pipeline?.close();
    if (redis) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
    await sql?.end();
    await db?.drop();
  });

  it("a dry run counts without enqueuing; the run enqueues the dispatcher's jobs; a re-run enqueues nothing", async () => {
    const dry = await replayStage({ sql, queues: pipeline, stage: "fetch", from: START, dryRun: true });
    expect(dry).toMatchObject({ scanned: 5, matched: 3, alreadyRecorded: 1, alreadyQueued: 0, enqueued: 2, dryRun: true });
    expect(await pipeline.byStage.fetch.count()).toBe(0);

    const run = await replayStage({ sql, queues: pipeline, stage: "fetch", from: START, pageSize: 2 });
    expect(run).toMatchObject({ matched: 3, alreadyRecorded: 1, enqueued: 2 });
    const jobs = await pipeline.byStage.fetch.getJobs(["wait"]);
    expect(jobs.map((j) => j.id).sort()).toEqual([discovered[2], discovered[3]].sort());
    const two = jobs.find((j) => j.id === discovered[2]);
    expect(two?.data).toEqual({ articleId: article(2), url: "https://news.example/2", eventId: discovered[2], correlationId: discovered[2] });

    const again = await replayStage({ sql, queues: pipeline, stage: "fetch", from: START });
    expect(again).toMatchObject({ matched: 3, alreadyRecorded: 1, alreadyQueued: 2, enqueued: 0 });
    expect(await pipeline.byStage.fetch.count()).toBe(2);
  });

  it("--from and --to bound the range (a global position number includes its event)", async () => {
    const event = (await readAllEvents(sql)).find((e) => e.eventId === discovered[2]);
    const pos = event ? String(event.globalPosition) : "";
    const from = await resolvePosition(sql, pos, { bound: "from" });
    const to = await resolvePosition(sql, pos, { bound: "to" });
    const one = await replayStage({ sql, queues: pipeline, stage: "fetch", from, to, dryRun: true });
    expect(one).toMatchObject({ scanned: 1, matched: 1 });
    await expect(resolvePosition(sql, "not-a-position", { bound: "from" })).rejects.toThrow(/invalid position/);
  });

  it("poll: one immediate poll per registered feed, once", async () => {
    const first = await replayStage({ sql, queues: pipeline, stage: "poll", from: START });
    expect(first).toMatchObject({ matched: 1, enqueued: 1 });
    const [job] = await pipeline.byStage.poll.getJobs(["wait"]);
    expect(job?.data).toEqual({ feedId: "f1", host: "news.example" });
    expect(job?.opts.attempts).toBe(1);
    expect((await replayStage({ sql, queues: pipeline, stage: "poll", from: START })).enqueued).toBe(0);
  });

  it("dedup: one job per ArticleFetched; tag: none while nothing was accepted", async () => {
    const fixture = JSON.parse(await readFile(new URL("../../../../packages/contracts/fixtures/ArticleFetched.v1.json", import.meta.url), "utf8")) as Record<
      string,
      unknown
    >;
    fetchedId = randomUUID();
    await new EventStore(sql).appendToStream(`article:${article(3)}`, [
      {
        eventId: fetchedId,
        type: "ArticleFetched",
        data: { ...fixture, articleId: article(3) },
        metadata: { correlationId: discovered[3], causationId: discovered[3] },
      },
    ]);
    expect(await replayStage({ sql, queues: pipeline, stage: "dedup", from: START })).toMatchObject({ matched: 1, enqueued: 1 });
    const [job] = await pipeline.byStage.dedup.getJobs(["wait"]);
    expect(job?.id).toBe(fetchedId);
    expect(job?.data).toEqual({ articleId: article(3), eventId: fetchedId, correlationId: discovered[3] });
    expect((await replayStage({ sql, queues: pipeline, stage: "tag", from: START })).matched).toBe(0);
  });

  it("alert: the first delivery of each match with no attempt recorded; a match delivered or tried is left to `vigie watches redeliver`", async () => {
    const store = new EventStore(sql);
    const watchId = randomUUID();
    const matches = [7, 8, 9].map((n) => ({
      eventId: watchMatchedEventId(watchId, article(n)),
      type: "WatchMatched" as const,
      data: { watchId, articleId: article(n), revision: 1, entityIds: ["Q1"], delivery: "each" as const },
    }));
    // A match recorded without webhook causes no delivery at all.
    const silent = {
      eventId: watchMatchedEventId(watchId, article(6)),
      type: "WatchMatched" as const,
      data: { watchId, articleId: article(6), revision: 1, entityIds: ["Q1"], delivery: "none" as const },
    };
    await store.appendToStream(`watch-matches:${watchId}`, [...matches, silent]);
    const [delivered, failed] = matches.map((m) => m.eventId);
    const attempt = (key: string) => ({ watchId, idempotencyKey: key, articleIds: [article(7)], mode: "each", attempt: 1 });
    await store.appendToStream(`watch:${watchId}`, [
      {
        eventId: alertDeliveredEventId(watchId, delivered ?? ""),
        type: "AlertDelivered",
        data: { ...attempt(delivered ?? ""), httpStatus: 200, durationMs: 1 },
      },
      {
        eventId: alertFailedEventId(watchId, failed ?? "", 1),
        type: "AlertDeliveryFailed",
        data: { ...attempt(failed ?? ""), reason: "http-503", permanent: true, consecutiveFailures: 1 },
      },
    ]);
    expect(await replayStage({ sql, queues: pipeline, stage: "alert", from: START })).toMatchObject({ matched: 3, alreadyRecorded: 2, enqueued: 1 });
    const [job] = await pipeline.byStage.alert.getJobs(["wait"]);
    expect(job?.id).toBe(matches[2]?.eventId);
    expect(job?.data).toEqual({ mode: "each", watchId, articleId: article(9), eventId: matches[2]?.eventId });
    expect((await replayStage({ sql, queues: pipeline, stage: "alert", from: START })).enqueued).toBe(0);
  });
});
