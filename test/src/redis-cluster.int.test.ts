import { migrate } from "@vigie/db";
import { standbyUnavailable, startReplicatedPostgres } from "@vigie/db/testing";
import { projections, rebuildProjection } from "@vigie/projections";
import { queuePrefix, queues, stageNames } from "@vigie/queue";
import { registerFeed } from "@vigie/runtime";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createE2E, stories, storyDecision, type E2E } from "./harness.ts";
import { redisClusterUnavailable, startRedisCluster, type RedisCluster } from "./redis-cluster.ts";

// Redis Cluster is configuration only: the same pipeline, given REDIS_CLUSTER_NODES, drains the
// fixture site to the same stories, each queue's keys in one slot, the stages on different
// masters, and a failover of the master holding the fetch queue in the middle of the run loses
// and duplicates nothing.
const ORIGINAL = ["ArticleDiscovered", "ArticleFetched", "ArticleAccepted", "EntitiesTagged", "story decision"];
const DUPLICATE = ["ArticleDiscovered", "ArticleFetched", "ArticleDuplicateDetected"];

const unavailable = redisClusterUnavailable();
if (unavailable) console.warn(`skipping the Redis Cluster tests: ${unavailable}`);

async function expectWholeStories(e: E2E): Promise<void> {
  const articles = await stories(e.runtime, "article:");
  expect(articles.size).toBe(e.site.articles.size);
  const duplicates = [...articles.values()].filter((rows) => rows.some((r) => r.event_type === "ArticleDuplicateDetected"));
  expect(duplicates).toHaveLength(1);
  // Exactly the expected sequence per article: nothing lost, nothing appended twice.
  for (const [stream, rows] of articles)
    expect(
      rows.map((r) => storyDecision(r.event_type)),
      stream,
    ).toEqual(duplicates.includes(rows) ? DUPLICATE : ORIGINAL);
}

describe.skipIf(unavailable !== undefined)("the pipeline on a Redis Cluster (3 masters, 3 replicas)", () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster({ basePort: 7001 });
  });
  afterAll(async () => cluster?.stop());

  it("drains the fixture site with every queue's keys in one slot and the stages spread over the masters", async () => {
    const e = await createE2E({ config: { REDIS_CLUSTER_NODES: cluster.seeds } });
    try {
      expect(e.runtime.redis).toBeInstanceOf(Cluster);
      e.start();
      for (const url of e.site.feeds) await registerFeed(e.runtime.store, url);
      expect(await e.idle()).toBe(true);
      await expectWholeStories(e);

      const prefix = e.config.REDIS_PREFIX;
      const owners = new Set<string>();
      for (const stage of stageNames) {
        const name = queues[stage].name;
        const keyPrefix = `${queuePrefix(prefix, name)}:${name}:`;
        // Every key of the queue, on whichever master: all in the slot of the queue's hash tag.
        const keys = (await Promise.all((e.runtime.redis as Cluster).nodes("master").map((node) => node.keys(`${keyPrefix}*`)))).flat();
        expect(keys.length, stage).toBeGreaterThan(0);
        const slots = new Set(await Promise.all(keys.map(async (key) => Number(await (e.runtime.redis as Cluster).cluster("KEYSLOT", key)))));
        expect(slots.size, stage).toBe(1);
        owners.add((await cluster.nodeOfKey(`${keyPrefix}id`)).id);
      }
      expect(owners.size).toBeGreaterThanOrEqual(2);
    } finally {
      await e.close();
    }
  });

  it("loses and duplicates nothing when the master of the fetch queue fails over mid-run", async () => {
    const e = await createE2E({ config: { REDIS_CLUSTER_NODES: cluster.seeds } });
    try {
      e.start();
      for (const url of e.site.feeds) await registerFeed(e.runtime.store, url);
      // Fail over once articles are being discovered and fetched, with jobs waiting and in flight.
      const deadline = Date.now() + 60_000;
      while ((await stories(e.runtime, "article:")).size === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const name = queues.fetch.name;
      const master = await cluster.nodeOfKey(`${queuePrefix(e.config.REDIS_PREFIX, name)}:${name}:id`);
      expect(master.role).toBe("master");
      const fetchedBefore = [...(await stories(e.runtime, "article:")).values()].filter((rows) => rows.some((r) => r.event_type === "ArticleFetched")).length;
      const promoted = await cluster.failover(master);
      console.info(`failover of ${master.port} → ${promoted.port} with ${fetchedBefore} of ${e.site.articles.size} articles fetched`);
      expect((await cluster.nodeOfKey(`${queuePrefix(e.config.REDIS_PREFIX, name)}:${name}:id`)).id).toBe(promoted.id);
      expect(await e.idle(90_000)).toBe(true);
      await expectWholeStories(e);
    } finally {
      await e.close();
    }
  });

  const noStandby = standbyUnavailable();
  it.skipIf(noStandby !== undefined)("runs with the API and projections reading from a hot standby (DATABASE_READ_URL)", async () => {
    const pg = await startReplicatedPostgres();
    try {
      await migrate(pg.primaryUrl);
      // Reads go to the standby from the first query on: it must have replayed the migrations
      // (the vigie_app role, the tables) first, or the read client meets "role does not exist".
      await pg.catchUp();
      const e = await createE2E({
        db: { name: "vigie", url: pg.primaryUrl, drop: async () => {} },
        config: { REDIS_CLUSTER_NODES: cluster.seeds, DATABASE_READ_URL: pg.standbyUrl },
      });
      try {
        const [standby] = await e.runtime.readSql<{ recovery: boolean }[]>`select pg_is_in_recovery() as recovery`;
        expect(standby?.recovery).toBe(true);
        const pipeline = e.start();
        for (const url of e.site.feeds) await registerFeed(e.runtime.store, url);
        expect(await e.idle()).toBe(true);
        await expectWholeStories(e);
        await pipeline.stop();
        // The projections read the log on the standby and wrote on the primary: the same rows as a
        // rebuild that reads everything on the primary.
        const snapshot = async () => ({
          articles: await e.runtime.sql`select * from proj_articles order by article_id`,
          feeds: await e.runtime.sql`select * from proj_feeds order by feed_id`,
        });
        const live = await snapshot();
        expect(live.articles.map((a) => a.status).sort()).toEqual(["duplicate", "tagged", "tagged", "tagged", "tagged", "tagged"]);
        for (const projection of Object.values(projections)) await rebuildProjection(e.runtime.sql, projection);
        expect(await snapshot()).toEqual(live);
      } finally {
        await e.close();
      }
    } finally {
      pg.stop();
    }
  });
});
