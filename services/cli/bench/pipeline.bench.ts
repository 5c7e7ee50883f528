// pnpm bench:pipeline — a no-op 3-stage BullMQ chain (baseline) vs vigie's pipeline over the same
// number of items served by the local fixture site, in one run. Prints items/s and the ratio.
import { randomBytes } from "node:crypto";
import { Queue, Worker } from "bullmq";
import { loadConfig } from "@vigie/config";
import { createTestDatabase } from "@vigie/db/testing";
import { countEvents, countEventsByType } from "@vigie/event-store";
import { registerFeed } from "@vigie/runtime";
import { startFixtureSite } from "@vigie/fixture-site";
import { createLogger } from "@vigie/logger";
import { createRedis } from "@vigie/queue";
import { createRuntime } from "@vigie/runtime";
import { startPipeline } from "../src/pipeline/start-pipeline.ts";
import { waitForIdle } from "../src/pipeline/wait-for-idle.ts";

const ITEMS = Number(process.argv[2] ?? 5000);
const FEEDS = 10;
const CONCURRENCY = 10;
const log = (msg: string) => process.stderr.write(`${msg}\n`);

async function baseline(redisUrl: string): Promise<number> {
  const connection = createRedis(redisUrl);
  const prefix = `vigie-bench-${randomBytes(3).toString("hex")}`;
  const names = ["one", "two", "three"];
  const queues = names.map((n) => new Queue(n, { connection, prefix }));
  let done = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((r) => (finish = r));
  const workerConnections = names.map(() => createRedis(redisUrl));
  const workers = names.map(
    (n, i) =>
      new Worker(
        n,
        async (job) => {
          const next = queues[i + 1];
          if (next) await next.add("x", job.data, { removeOnComplete: true });
          else if (++done === ITEMS) finish();
        },
        { connection: workerConnections[i] ?? connection, prefix, concurrency: CONCURRENCY, removeOnComplete: { count: 0 } },
      ),
  );
  const start = performance.now();
  const first = queues[0];
  for (let i = 0; i < ITEMS; i += 1000) {
    await first?.addBulk(Array.from({ length: Math.min(1000, ITEMS - i) }, (_, k) => ({ name: "x", data: { i: i + k }, opts: { removeOnComplete: true } })));
  }
  await finished;
  const rate = ITEMS / ((performance.now() - start) / 1000);
  await Promise.all(workers.map((w) => w.close()));
  await Promise.all(queues.map((q) => q.obliterate({ force: true }).then(() => q.close())));
  // BullMQ leaves connections it was given open: close them, or the bench never exits.
  for (const c of [connection, ...workerConnections]) c.disconnect();
  return rate;
}

async function vigie(): Promise<{ rate: number; tagged: number; failed: number; outcomes: Record<string, number> }> {
  const db = await createTestDatabase();
  const site = await startFixtureSite({ bulk: { feeds: FEEDS, itemsPerFeed: ITEMS / FEEDS } });
  const config = {
    ...loadConfig(),
    DATABASE_URL: db.url,
    REDIS_PREFIX: `vigie-bench-${randomBytes(3).toString("hex")}`,
    HTTP_ALLOW_HOSTS: ["127.0.0.1"],
    FETCH_PER_HOST_PER_SECOND: 100_000,
    LOG_LEVEL: "error" as const,
  };
  const runtime = createRuntime(config, createLogger({ level: "error" }), { poolSize: 20 });
  const pipeline = startPipeline(runtime, { concurrency: CONCURRENCY });
  try {
    const start = performance.now();
    for (const url of site.bulkFeeds) await registerFeed(runtime.store, url);
    let last = 0;
    const idle = await waitForIdle(runtime, {
      timeoutMs: 30 * 60_000,
      intervalMs: 500,
      stableChecks: 2,
      onTick: async () => {
        if (performance.now() - last > 5000) {
          last = performance.now();
          const tagged = await countEvents(runtime.sql, { types: ["EntitiesTagged"] });
          const counts = await runtime.queues.counts();
          const queued = Object.entries(counts)
            .map(([stage, c]) => `${stage} ${(c.wait ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0)}+${c.active ?? 0}`)
            .join(", ");
          log(`  vigie: ${tagged} / ${ITEMS} tagged (queued+active: ${queued})`);
        }
      },
    });
    const seconds = (performance.now() - start) / 1000;
    if (!idle) throw new Error("pipeline did not drain");
    const counts = await countEventsByType(runtime.sql);
    const n = (t: string) => counts[t] ?? 0;
    const outcomes = Object.fromEntries(Object.entries(counts).filter(([type]) => type.startsWith("Article") || type === "EntitiesTagged"));
    return { rate: ITEMS / seconds, tagged: n("EntitiesTagged"), failed: n("ArticleFetchFailed") + n("ArticleDedupFailed") + n("ArticleTaggingFailed"), outcomes };
  } finally {
    await pipeline.stop();
    const keys = await runtime.redis.keys(`${config.REDIS_PREFIX}:*`);
    for (let i = 0; i < keys.length; i += 500) await runtime.redis.del(...keys.slice(i, i + 500));
    await runtime.close();
    await site.close();
    await db.drop();
  }
}

log(`bench:pipeline — ${ITEMS} items, concurrency ${CONCURRENCY} per stage`);
const redisUrl = loadConfig().REDIS_URL;
log("baseline: no-op 3-stage BullMQ chain...");
const base = await baseline(redisUrl);
log(`  ${Math.round(base)} items/s`);
log("vigie: poll → fetch+extract → dedup → tag, dispatcher in between...");
const v = await vigie();
console.log(
  JSON.stringify(
    { items: ITEMS, baselineItemsPerSecond: Math.round(base), vigieItemsPerSecond: Math.round(v.rate * 10) / 10, ratio: Math.round((v.rate / base) * 1000) / 1000, tagged: v.tagged, failed: v.failed, outcomes: v.outcomes },
    null,
    2,
  ),
);
