// pnpm soak --minutes N [--rate R] [--interval S] [--json]
// A fixed ingest rate through a `vigie start` process for N minutes, sampling its memory, handles
// and file descriptors, Redis memory and Postgres connections; fails when one keeps growing after
// warm-up. Loopback only, own Postgres and Redis, stops and cleans up by itself.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { childEnv, loadConfig, type Config } from "@vigie/config";
import { migrate } from "@vigie/db";
import { countEvents } from "@vigie/event-store";
import { registerFeed } from "@vigie/runtime";
import { createLogger } from "@vigie/logger";
import { queuePrefix, stageNames } from "@vigie/queue";
import { createRuntime, type Runtime } from "@vigie/runtime";
import { startChaosServices } from "../chaos/chaos-services.ts";
import { ProcessJanitor } from "../chaos/process-janitor.ts";
import { judgeGrowth, type GrowthBound, type GrowthVerdict } from "./growth.ts";
import { startSoakSite } from "./soak-site.ts";
import { readRunQueueWait, runQueueWaitBetween, StallWatch } from "./stall.ts";

const { values: args } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    rate: { type: "string", default: "4" },
    interval: { type: "string", default: "5" },
    feeds: { type: "string", default: "10" },
    "stall-at": { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (args.help) {
  process.stdout.write(`pnpm soak [--minutes N] [--rate R] [--interval S] [--feeds F] [--json]
  Publishes R articles per second on a local site (F feeds) for N minutes and runs them through a
  \`vigie start\` process against a Postgres and a Redis of its own. Every S seconds it samples the
  process's RSS, heap, active handles and open file descriptors, Redis memory and Postgres
  connections; after the run it fits a line through the second half of the samples (the first
  half is warm-up) and fails when a metric's trend over that window grows past its bound.
  Writes reports/soak-<date>.md; progress on stderr; exits 1 on growth.
  --minutes N   length of the run, 1–60 (default 10)
  --rate R      articles published per second, 0.5–50 (default 4)
  --interval S  seconds between samples, 1–60 (default 5)
  --feeds F     feeds the articles are spread over (default 10)
  --stall-at M  a deliberate stall: stops the process (SIGSTOP) at minute M, to show the stall
                check fires (the run then fails with "stalled")
  --json        print the result as one JSON line
`);
  process.exit(0);
}

const minutes = Math.min(60, Math.max(1, Number(args.minutes)));
const rate = Math.min(50, Math.max(0.5, Number(args.rate)));
const intervalMs = Math.min(60, Math.max(1, Number(args.interval))) * 1000;
const feeds = Math.min(200, Math.max(1, Math.floor(Number(args.feeds))));
const stallAt = args["stall-at"] === undefined ? undefined : Number(args["stall-at"]);
const MB = 1024 * 1024;
const main = fileURLToPath(new URL("../../services/cli/src/main.ts", import.meta.url));
const reporter = pathToFileURL(fileURLToPath(new URL("./usage-reporter.ts", import.meta.url))).href;
const log = (msg: string) => process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Growth allowed over the analysed window (the second half of the run). Documented in
 * docs/reliability.md; loose enough for GC and allocator noise, tight enough for a leak of a few
 * hundred bytes per article at the default rate.
 */
const BOUNDS: Record<string, GrowthBound> = {
  rssMB: { absolute: 32, relative: 0.1 },
  heapMB: { absolute: 24, relative: 0.15 },
  handles: { absolute: 20, relative: 0.2 },
  fds: { absolute: 20, relative: 0.2 },
  redisResidualMB: { absolute: 8, relative: 0.15 },
  pgConnections: { absolute: 2, relative: 0 },
  backlog: { absolute: rate * 60, relative: 0 },
};

interface Sample {
  minute: number;
  rssMB: number;
  heapMB: number;
  handles: number;
  fds: number;
  redisMB: number;
  /** Redis memory minus what retained jobs and the queues' event streams account for. */
  redisResidualMB: number;
  retainedJobs: number;
  pgConnections: number;
  published: number;
  done: number;
  backlog: number;
  /** Seconds the pipeline's processes waited for a CPU since the previous sample. */
  starvedS: number;
}

const janitor = new ProcessJanitor(log);
janitor.install();
const started = Date.now();
log(`${minutes} min at ${rate} articles/s over ${feeds} feeds, a sample every ${intervalMs / 1000} s`);
const services = await startChaosServices(janitor);
await migrate(services.databaseUrl);
const site = await startSoakSite({ feeds, rate });
const config: Config = {
  ...loadConfig(),
  DATABASE_URL: services.databaseUrl,
  DATABASE_MIGRATION_URL: undefined,
  REDIS_URL: services.redisUrl,
  REDIS_PREFIX: "vigie-soak",
  LOG_LEVEL: "silent",
};
const observer = createRuntime(config, createLogger({ level: "silent" }), { poolSize: 2 });

const child: ChildProcess = janitor.track(
  spawn(process.execPath, ["--conditions=@vigie/source", "--import", "tsx", "--import", reporter, main, "start", "--no-api", "--concurrency", "4"], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    env: childEnv({
      DATABASE_URL: config.DATABASE_URL,
      REDIS_URL: config.REDIS_URL,
      REDIS_PREFIX: config.REDIS_PREFIX,
      HTTP_ALLOW_HOSTS: "127.0.0.1",
      FETCH_PER_HOST_PER_SECOND: "100000",
      FEED_PER_HOST_CONCURRENCY: "1000",
      FEED_MIN_INTERVAL_SECONDS: "5",
      VIGIE_EMBEDDED: "false",
      LOG_LEVEL: "error",
    }),
  }),
);
let stopping = false;
child.once("exit", (code, signal) => {
  if (!stopping && !janitor.stopping) log(`vigie start exited early (${code ?? signal})`);
});
// Pinned, so the schedule does not hang on what the first poll happened to see (one dated item
// per feed used to mean a one-hour default, and the run stalled after its first minute).
const POLL_EVERY_SECONDS = 10;
for (const url of site.feedUrls) await registerFeed(observer.store, url, { intervalSeconds: POLL_EVERY_SECONDS });

function usage(): Promise<{ rss: number; heapUsed: number; handles: number } | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 3000);
    child.once("message", (m) => {
      clearTimeout(timer);
      resolve(m as { rss: number; heapUsed: number; handles: number });
    });
    if (!child.connected || !child.send("usage")) resolve(undefined);
  });
}

async function redisUsage(runtime: Runtime): Promise<{ used: number; explained: number; retained: number }> {
  const info = await runtime.redis.info("memory");
  const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
  let explained = 0;
  let retained = 0;
  for (const stage of stageNames) {
    const name = runtime.queues.byStage[stage].name;
    const key = `${queuePrefix(config.REDIS_PREFIX, name)}:${name}`;
    for (const suffix of ["events", "completed", "failed"]) explained += Number((await runtime.redis.call("memory", "usage", `${key}:${suffix}`)) ?? 0);
    for (const set of ["completed", "failed"]) {
      const count = await runtime.redis.zcard(`${key}:${set}`);
      if (count === 0) continue;
      retained += count;
      const ids = (await runtime.redis.call("zrandmember", `${key}:${set}`, "10")) as string[];
      let bytes = 0;
      for (const id of ids) bytes += Number((await runtime.redis.call("memory", "usage", `${key}:${id}`)) ?? 0);
      explained += (bytes / Math.max(1, ids.length)) * count;
    }
  }
  return { used, explained, retained };
}

const FINAL = ["EntitiesTagged", "ArticleFetchFailed", "ArticleDuplicateDetected", "ArticleDedupFailed", "ArticleTaggingFailed"];

/** The processes the pipeline runs on: `vigie start`, every Postgres backend and worker, Redis. */
async function pipelinePids(): Promise<number[]> {
  const pids = child.pid === undefined ? [] : [child.pid];
  const rows = await observer.sql<{ pid: number }[]>`select pid from pg_stat_activity where pid <> pg_backend_pid()`;
  const redisPid = Number(/process_id:(\d+)/.exec(await observer.redis.info("server"))?.[1] ?? 0);
  return [...pids, ...rows.map((r) => r.pid), ...(redisPid > 0 ? [redisPid] : [])];
}
let waits = readRunQueueWait(child.pid === undefined ? [] : [child.pid]);
let lastTick = Date.now();
/**
 * CPU starvation since the previous call, ms: the larger of the pipeline's run-queue wait (its
 * most starved thread, at most the interval) and how late this runner's own sleep woke up.
 */
async function starvation(overshoot: number): Promise<number> {
  const now = Date.now();
  const interval = now - lastTick;
  const next = readRunQueueWait(await pipelinePids());
  const waited = runQueueWaitBetween(waits, next);
  waits = next;
  lastTick = now;
  return Math.min(interval, Math.max(waited, overshoot));
}

async function progress(): Promise<{ done: number; published: number }> {
  return { done: await countEvents(observer.sql, { types: FINAL }), published: site.published() };
}

async function sample(p: { done: number; published: number }, starvedMs: number): Promise<Sample | undefined> {
  const u = await usage();
  if (!u || child.pid === undefined) return undefined;
  const fds = readdirSync(`/proc/${child.pid}/fd`).length;
  const redis = await redisUsage(observer);
  const [pg] = await observer.sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = current_database()`;
  const { done, published } = p;
  return {
    minute: (Date.now() - started) / 60_000,
    rssMB: u.rss / MB,
    heapMB: u.heapUsed / MB,
    handles: u.handles,
    fds,
    redisMB: redis.used / MB,
    redisResidualMB: (redis.used - redis.explained) / MB,
    retainedJobs: redis.retained,
    pgConnections: pg?.n ?? 0,
    published,
    done,
    backlog: published - done,
    starvedS: starvedMs / 1000,
  };
}

const samples: Sample[] = [];
const end = started + minutes * 60_000;
// Fail fast when articles keep being published while nothing completes: a stalled pipeline.
// Time the pipeline spent waiting for a CPU (other programs on a shared machine) is not counted,
// up to a wall-clock cap; see stall.ts.
const STALL_MS = 60_000;
const watch = new StallWatch({ stallMs: STALL_MS, wallCapMs: 5 * STALL_MS });
let stalled: string | undefined;
let stopped = false;
while (Date.now() < end && child.exitCode === null && child.signalCode === null) {
  const wait = Math.min(intervalMs, Math.max(0, end - Date.now()));
  const slept = Date.now();
  await sleep(wait);
  const overshoot = Math.max(0, Date.now() - slept - wait);
  if (stallAt !== undefined && !stopped && Date.now() - started >= stallAt * 60_000) {
    stopped = child.kill("SIGSTOP");
    log(`deliberate stall: vigie start stopped (SIGSTOP) at minute ${((Date.now() - started) / 60_000).toFixed(1)}`);
  }
  const observed = await Promise.all([progress(), starvation(overshoot)]).catch((err: unknown) => {
    log(`progress probe failed: ${String(err)}`);
    return undefined;
  });
  if (!observed) continue;
  const [p, starvedMs] = observed;
  stalled = watch.observe({ atMs: Date.now(), ...p, starvedMs });
  if (stalled) {
    log(stalled);
    break;
  }
  const s = await sample(p, starvedMs).catch((err: unknown) => {
    log(`sample failed: ${String(err)}`);
    return undefined;
  });
  if (!s) continue;
  samples.push(s);
  log(
    `${s.minute.toFixed(1)}/${minutes} min  published ${s.published} done ${s.done}  starved ${s.starvedS.toFixed(1)} s  rss ${s.rssMB.toFixed(0)} MB heap ${s.heapMB.toFixed(0)} MB handles ${s.handles} fds ${s.fds}  redis ${s.redisMB.toFixed(1)} MB (residual ${s.redisResidualMB.toFixed(1)}) pg ${s.pgConnections}`,
  );
}
const crashed = child.exitCode !== null || child.signalCode !== null;

// Stop: the process drains in-flight jobs on SIGTERM; it gets 15 s.
const exited = new Promise((r) => (crashed ? r(null) : child.once("exit", r)));
stopping = true;
if (stopped) child.kill("SIGCONT");
child.kill("SIGTERM");
await Promise.race([exited, sleep(15_000)]);
await observer.close();
await site.close();
await services.stop();

const window = samples.filter((s) => s.minute >= minutes / 2);
const verdicts: Record<string, GrowthVerdict> = {};
for (const [metric, bound] of Object.entries(BOUNDS)) {
  verdicts[metric] = judgeGrowth(
    window.map((s) => s.minute),
    window.map((s) => Number(s[metric as keyof Sample])),
    bound,
  );
}
const enough = window.length >= 5;
const ok = !crashed && stalled === undefined && enough && Object.values(verdicts).every((v) => v.ok);
const last = samples.at(-1);
const starvedTotal = samples.reduce((sum, s) => sum + s.starvedS, 0);
const result = {
  ok,
  minutes,
  rate,
  feeds,
  samples: samples.length,
  crashed,
  stalled,
  starvedSeconds: Math.round(starvedTotal),
  deliberateStallAt: stallAt,
  published: last?.published ?? 0,
  done: last?.done ?? 0,
  verdicts,
};

const date = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
const reports = fileURLToPath(new URL("../../reports/", import.meta.url));
mkdirSync(reports, { recursive: true });
const file = `${reports}soak-${date}.md`;
const f = (n: number, d = 1) => n.toFixed(d);
const every = Math.max(1, Math.ceil(samples.length / 40));
writeFileSync(
  file,
  [
    `# Soak run ${date}`,
    "",
    `- ${minutes} min at ${rate} articles/s over ${feeds} feeds through one \`vigie start --concurrency 4\` process (own Postgres and Redis), feeds pinned to a poll every ${POLL_EVERY_SECONDS} s; a sample every ${intervalMs / 1000} s, ${samples.length} samples`,
    `- result: **${ok ? "PASS" : "FAIL"}**${crashed ? " — the process exited during the run" : ""}${stalled ? ` — ${stalled}` : ""}${enough ? "" : " — too few samples after warm-up"}`,
    `- articles published ${result.published}, with a final outcome ${result.done}`,
    `- CPU starvation: the pipeline's processes waited ${f(starvedTotal, 0)} s in all for a CPU (run-queue wait of the most starved thread per sample, at most the sample interval); load average at the end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}${stallAt === undefined ? "" : `; **deliberate stall** (SIGSTOP) at minute ${stallAt}`}`,
    `- verdict: least-squares trend over the second half of the run (minute ${f(minutes / 2)} to ${f(minutes)}), growth over that window vs allowed = max(absolute, relative × median)`,
    "",
    "| metric | median | trend per minute | growth over window | allowed | ok |",
    "|---|---|---|---|---|---|",
    ...Object.entries(verdicts).map(
      ([m, v]) => `| ${m} | ${f(v.median)} | ${f(v.perMinute, 3)} | ${f(v.growth, 2)} | ${f(v.allowed)} | ${v.ok ? "yes" : "**no**"} |`,
    ),
    "",
    "Redis: `redisMB` is `used_memory`; it grows by design while completed jobs are retained (a day, 100,000 per queue) and the queues' event streams fill up to their cap. `redisResidualMB` subtracts both (streams and sets measured with `MEMORY USAGE`, job hashes by a sample of 10 per set × the set's size): that part must stay flat.",
    "",
    "## Samples",
    "",
    "| minute | rss MB | heap MB | handles | fds | redis MB | redis residual MB | retained jobs | pg conns | published | done | backlog | starved s |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...samples
      .filter((_, i) => i % every === 0 || i === samples.length - 1)
      .map(
        (s) =>
          `| ${f(s.minute, 2)} | ${f(s.rssMB)} | ${f(s.heapMB)} | ${s.handles} | ${s.fds} | ${f(s.redisMB, 2)} | ${f(s.redisResidualMB, 2)} | ${s.retainedJobs} | ${s.pgConnections} | ${s.published} | ${s.done} | ${s.backlog} | ${f(s.starvedS)} |`,
      ),
    "",
  ].join("\n"),
);
log(`report: ${file}`);
process.stdout.write(args.json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
process.exit(ok ? 0 : 1);
