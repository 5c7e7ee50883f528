// pnpm bench:pipeline — a no-op 3-stage BullMQ chain (baseline) vs vigie's pipeline over the same
// number of items served by the local fixture site, in one run. Prints items/s and the ratio, and
// the cost model (cost-model.ts): CPU ms per article of each stage's work alone, their sum, the
// limit = cores ÷ sum, and efficiency = achieved ÷ limit. `cpuEfficiency` = the cost model's CPU
// ÷ the CPU the pipeline run actually spent (this process + its Postgres backends): the share of
// the run's CPU that was the work itself, which a busy shared machine does not skew.
import { randomBytes } from "node:crypto";
import { Queue, Worker } from "bullmq";
import { loadConfig } from "@vigie/config";
import { createTestDatabase } from "@vigie/db/testing";
import { countEvents, countEventsByType } from "@vigie/event-store";
import { registerFeed } from "@vigie/runtime";
import { type FixtureSite, startFixtureSite } from "@vigie/fixture-site";
import { availableParallelism } from "node:os";
import { createLogger } from "@vigie/logger";
import { createRedis } from "@vigie/queue";
import { createRuntime } from "@vigie/runtime";
import { startPipeline } from "../src/pipeline/start-pipeline.ts";
import { waitForIdle } from "../src/pipeline/wait-for-idle.ts";
import { startWorkerProcesses } from "./worker-processes.ts";
import { type CostModel, measureCostModel, processCpuMs, selfCpuMs } from "./cost-model.ts";

const args = process.argv.slice(2);
const workersAt = args.indexOf("--workers");
/** 0: every stage in this process; N: N `vigie worker` processes per stage, dispatcher here. */
const WORKERS = workersAt >= 0 ? Number(args.splice(workersAt, 2)[1] ?? 1) : 0;
const ITEMS = Number(args[0] ?? 5000);
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

async function vigie(site: FixtureSite): Promise<{ rate: number; cpuMsPerArticle: number; tagged: number; failed: number; outcomes: Record<string, number> }> {
  const db = await createTestDatabase();
  const config = {
    ...loadConfig(),
    DATABASE_URL: db.url,
    REDIS_PREFIX: `vigie-bench-${randomBytes(3).toString("hex")}`,
    HTTP_ALLOW_HOSTS: ["127.0.0.1"],
    FETCH_PER_HOST_PER_SECOND: 100_000,
    LOG_LEVEL: "error" as const,
  };
  const runtime = createRuntime(config, createLogger({ level: "error" }), { poolSize: 20 });
  const pipeline = startPipeline(runtime, { concurrency: CONCURRENCY, ...(WORKERS > 0 ? { stages: [] } : {}) });
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: config.REDIS_URL,
    REDIS_PREFIX: config.REDIS_PREFIX,
    HTTP_ALLOW_HOSTS: "127.0.0.1",
    FETCH_PER_HOST_PER_SECOND: "100000",
    LOG_LEVEL: "error",
    VIGIE_EMBEDDED: "false",
  };
  const workers = WORKERS > 0 ? await startWorkerProcesses(WORKERS, env, runtime.queues, CONCURRENCY) : undefined;
  try {
    const start = performance.now();
    const selfStart = selfCpuMs();
    // The database is this run's alone, so its backends' whole lives are the run's Postgres CPU;
    // sampled on every tick because the pool closes connections idle for 30 s.
    const backendCpu = new Map<number, number>();
    const sampleBackends = async () => {
      const rows = await runtime.sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database()`;
      for (const { pid } of rows) {
        try {
          backendCpu.set(pid, processCpuMs(pid));
        } catch {
          // Ended between the query and the read: its last sample stands.
        }
      }
    };
    for (const url of site.bulkFeeds) await registerFeed(runtime.store, url);
    let last = 0;
    const idle = await waitForIdle(runtime, {
      timeoutMs: 30 * 60_000,
      intervalMs: 500,
      stableChecks: 2,
      onTick: async () => {
        await sampleBackends();
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
    await sampleBackends();
    const cpuMs = selfCpuMs() - selfStart + (workers?.cpuMs() ?? 0) + [...backendCpu.values()].reduce((s, ms) => s + ms, 0);
    const counts = await countEventsByType(runtime.sql);
    const n = (t: string) => counts[t] ?? 0;
    // Idle before the work arrived: the gapless log read holds events back while an older
    // transaction anywhere on the server is open (a shared server), and the queues look empty.
    if (n("EntitiesTagged") === 0) throw new Error("pipeline idle with nothing tagged: was the log read held back by a long transaction on the server?");
    const outcomes = Object.fromEntries(Object.entries(counts).filter(([type]) => type.startsWith("Article") || type === "EntitiesTagged"));
    return {
      rate: ITEMS / seconds,
      cpuMsPerArticle: cpuMs / ITEMS,
      tagged: n("EntitiesTagged"),
      failed: n("ArticleFetchFailed") + n("ArticleDedupFailed") + n("ArticleTaggingFailed"),
      outcomes,
    };
  } finally {
    await workers?.stop();
    await pipeline.stop();
    const keys = await runtime.redis.keys(`${config.REDIS_PREFIX}:*`);
    for (let i = 0; i < keys.length; i += 500) await runtime.redis.del(...keys.slice(i, i + 500));
    await runtime.close();
    await db.drop();
  }
}

log(
  `bench:pipeline — ${ITEMS} items, concurrency ${CONCURRENCY} per stage, ${WORKERS > 0 ? `${WORKERS} worker process(es) per stage` : "every stage in this process"}`,
);
const redisUrl = loadConfig().REDIS_URL;
const cores = availableParallelism();
const site = await startFixtureSite({ bulk: { feeds: FEEDS, itemsPerFeed: ITEMS / FEEDS } });
try {
  log("baseline: no-op 3-stage BullMQ chain...");
  const base = await baseline(redisUrl);
  log(`  ${Math.round(base)} items/s`);
  log(`cost model: one feed's ${ITEMS / FEEDS} articles, stage after stage, one job at a time...`);
  const cost: CostModel = await measureCostModel(site.bulkFeeds[0] ?? "");
  for (const [stage, c] of Object.entries(cost.stages))
    log(`  ${stage}: ${c.cpuMsPerArticle.toFixed(2)} ms CPU/article (Postgres ${c.postgresMsPerArticle.toFixed(2)})`);
  const limit = (cores * 1000) / cost.sumMsPerArticle;
  log(`  sum ${cost.sumMsPerArticle.toFixed(2)} ms/article → limit on ${cores} cores: ${limit.toFixed(1)} articles/s`);
  log("vigie: poll → fetch+extract → dedup → tag, dispatcher in between...");
  const v = await vigie(site);
  log(
    `  ${v.rate.toFixed(1)} articles/s = efficiency ${(v.rate / limit).toFixed(2)}; CPU spent ${v.cpuMsPerArticle.toFixed(2)} ms/article = cpuEfficiency ${(cost.sumMsPerArticle / v.cpuMsPerArticle).toFixed(2)}`,
  );
  const r = (x: number, d = 1000) => Math.round(x * d) / d;
  console.log(
    JSON.stringify(
      {
        items: ITEMS,
        workerProcessesPerStage: WORKERS,
        cores,
        baselineItemsPerSecond: Math.round(base),
        vigieItemsPerSecond: r(v.rate, 10),
        ratio: r(v.rate / base),
        costModel: { ...cost, limitArticlesPerSecond: r(limit, 10) },
        efficiency: r(v.rate / limit),
        pipelineCpuMsPerArticle: r(v.cpuMsPerArticle),
        cpuEfficiency: r(cost.sumMsPerArticle / v.cpuMsPerArticle),
        tagged: v.tagged,
        failed: v.failed,
        outcomes: v.outcomes,
      },
      null,
      2,
    ),
  );
} finally {
  await site.close();
}
