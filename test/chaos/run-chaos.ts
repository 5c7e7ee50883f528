// pnpm chaos [--seed S] [--minutes M] [--short] [--scale-out]
// Bounded (≤ 10 minutes of chaos), loopback only, stops by itself. Exits non-zero on any loss.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { childEnv, loadConfig, type Config } from "@vigie/config";
import { migrate } from "@vigie/db";
import { readAllEvents } from "@vigie/event-store";
import { createLogger } from "@vigie/logger";
import { waitForIdle } from "@vigie/cli/pipeline";
import { projections, rebuildProjection } from "@vigie/projections";
import { createRuntime, registerFeed, webhookSecret } from "@vigie/runtime";
import { watchStreamId } from "@vigie/contracts";
import { scheduledStages, type StageName } from "@vigie/queue";
import { decideWatch, initialWatchState } from "@vigie/streams";
import { seededRandom } from "@vigie/fixture-site/seeded-random";
import { startChaosReceiver } from "./chaos-receiver.ts";
import { startChaosServices, startScaleOutServices } from "./chaos-services.ts";
import { checkWatches } from "./check-watches.ts";
import { startChaosSite } from "./chaos-site.ts";
import { checkLog } from "./check-log.ts";
import { ProcessJanitor } from "./process-janitor.ts";

const { values: args } = parseArgs({
  options: {
    seed: { type: "string" },
    minutes: { type: "string" },
    short: { type: "boolean", default: false },
    "scale-out": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
if (args.help) {
  process.stdout.write(`pnpm chaos [--seed S] [--minutes M] [--short] [--scale-out] [--json]
  Runs the pipeline as separate worker processes against a generated faulty news site on 127.0.0.1,
  with a watch matching every tagged article whose webhook receiver (127.0.0.1) refuses 10 % of
  deliveries; kills workers, the dispatcher, the watcher and the alerter with SIGKILL, restarts Redis and Postgres (its own instances),
  holds a foreign snapshot open, then drains and checks the event table: nothing lost, nothing doubled
  (and every match delivered once per (watch, article) after dedup by idempotency key).
  --seed S      seed of every random choice (default: random, printed)
  --minutes M   length of the chaos phase, 0.5–10 (default 3; --short: 0.75)
  --short       small site (12 feeds × 12 articles) and fewer faults, for CI
  --scale-out   Redis Cluster (3 masters + 3 replicas on 127.0.0.1:7001-7006, a master failover
                instead of the Redis restart) and a Postgres hot standby read by the projections
                (DATABASE_READ_URL); needs redis-server, redis-cli and PostgreSQL 15's binaries
  --json        print the result as JSON
`);
  process.exit(0);
}

const seed = Number(args.seed ?? Math.floor(Math.random() * 2 ** 31));
const minutes = Math.min(10, Math.max(0.5, Number(args.minutes ?? (args.short ? 0.75 : 3))));
const size = args.short ? { feeds: 12, itemsPerFeed: 12, kills: 10, workersPerStage: 2 } : { feeds: 52, itemsPerFeed: 46, kills: 14, workersPerStage: 2 };
const main = fileURLToPath(new URL("../../services/cli/src/main.ts", import.meta.url));
const log = (msg: string) => process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

const random = seededRandom(seed);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Workers, dispatchers, Postgres, redis-server and the temp folder go away on exit, crash or signal.
const janitor = new ProcessJanitor(log);
janitor.install();

log(`seed ${seed}, ${minutes} min of chaos, ${size.feeds} feeds × ${size.itemsPerFeed} articles`);
const started = Date.now();
const CHAOS_SIGNING_KEY = "chaos-signing-key-not-secret";
const scaleOut = args["scale-out"];
const services = scaleOut
  ? await startScaleOutServices(janitor, random)
  : { ...(await startChaosServices(janitor)), readUrl: undefined, clusterNodes: [] as string[] };
await migrate(services.databaseUrl);
// The standby must have replayed the migrations (roles, tables) before anything reads from it.
if ("catchUp" in services) await services.catchUp();
const site = await startChaosSite({ feeds: size.feeds, itemsPerFeed: size.itemsPerFeed, random });
const config: Config = {
  ...loadConfig(),
  DATABASE_URL: services.databaseUrl,
  DATABASE_MIGRATION_URL: undefined,
  DATABASE_READ_URL: services.readUrl,
  REDIS_URL: services.redisUrl,
  REDIS_CLUSTER_NODES: services.clusterNodes,
  REDIS_PREFIX: "vigie-chaos",
  HTTP_ALLOW_HOSTS: ["127.0.0.1"],
  HTTP_TIMEOUT_MS: 3000,
  HTTP_MAX_BYTES: 2 * 1024 * 1024,
  FETCH_PER_HOST_PER_SECOND: 100_000,
  FEED_PER_HOST_CONCURRENCY: 1000,
  QUEUE_STALLED_INTERVAL_MS: 2000,
  WATCH_SIGNING_SECRET: CHAOS_SIGNING_KEY,
  LOG_LEVEL: "silent",
};
const observer = createRuntime(config, createLogger({ level: "silent" }), { poolSize: 4 });

// Worker processes: every stage twice, two dispatchers and two watchers (one active, one standby
// each), one alerter (webhook deliveries).
const roles = [
  ...["poll", "fetch", "dedup", "tag", "story"].flatMap((s) => Array.from({ length: size.workersPerStage }, () => s)),
  "dispatcher",
  "dispatcher",
  "watcher",
  "watcher",
  "alert",
];
const procs: (ChildProcess | undefined)[] = [];
const killedByUs = new WeakSet<ChildProcess>();
// Like a service manager, the runner restarts a worker that exits by itself; each such exit is
// recorded with the worker's last log lines, since it is a finding of its own.
let supervising = true;
const selfExits: string[] = [];
let chaosStart = Date.now(); // set again when the schedule starts
const spawnRole = (i: number) => {
  if (janitor.stopping || !supervising) return;
  const role = roles[i] ?? "dispatcher";
  const child = janitor.track(
    spawn(process.execPath, ["--conditions=@vigie/source", "--import", "tsx", main, "worker", role, "--concurrency", "5"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: childEnv({
        DATABASE_URL: config.DATABASE_URL,
        REDIS_URL: config.REDIS_URL,
        REDIS_CLUSTER_NODES: config.REDIS_CLUSTER_NODES.join(","),
        ...(config.DATABASE_READ_URL ? { DATABASE_READ_URL: config.DATABASE_READ_URL } : {}),
        REDIS_PREFIX: config.REDIS_PREFIX,
        HTTP_ALLOW_HOSTS: "127.0.0.1",
        HTTP_TIMEOUT_MS: String(config.HTTP_TIMEOUT_MS),
        HTTP_MAX_BYTES: String(config.HTTP_MAX_BYTES),
        FETCH_PER_HOST_PER_SECOND: "100000",
        FEED_PER_HOST_CONCURRENCY: "1000",
        // Feeds that failed (429, 5xx) are retried within the run.
        FEED_MIN_INTERVAL_SECONDS: "3",
        QUEUE_STALLED_INTERVAL_MS: "2000",
        // The dispatcher role runs seven consumers of the log (dispatcher, five projections, watcher), each
        // holding a connection for its lock, and needs two more (startPipeline checks).
        DATABASE_POOL_SIZE: "10",
        WATCH_SIGNING_SECRET: CHAOS_SIGNING_KEY,
        VIGIE_EMBEDDED: "false",
        LOG_LEVEL: "error",
      }),
    }),
  );
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) tail.push(line.slice(0, 600));
    tail.splice(0, Math.max(0, tail.length - 8));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.once("exit", (code, signal) => {
    if (killedByUs.has(child) || !supervising || janitor.stopping) return;
    const t = ((Date.now() - chaosStart) / 1000).toFixed(1);
    selfExits.push(`${t}s ${role} #${i} exited by itself (${code ?? signal}); last lines:\n${tail.map((l) => `      ${l}`).join("\n")}`);
    log(`${t}s ${role} #${i} exited by itself (${code ?? signal}), restarting it`);
    setTimeout(() => spawnRole(i), 500);
  });
  procs[i] = child;
};
// A watch matching every tagged article, delivered to a receiver that refuses 10 % of requests
// (its own random stream, so the chaos schedule drawn from the seed stays the same).
const receiver = await startChaosReceiver({ secretOf: (id) => webhookSecret(CHAOS_SIGNING_KEY, id, 1), failShare: 0.1, random: seededRandom(seed ^ 0x5eed) });
const watchId = "00000000-0000-4000-8000-00000000c4a0";
await observer.store.appendToStream(
  watchStreamId(watchId),
  decideWatch(
    {
      type: "CreateWatch",
      owner: "chaos",
      definition: { name: "everything", entityIds: [], languages: [], feedIds: [], delivery: "each", webhookUrl: receiver.url },
    },
    initialWatchState(watchId),
    "chaos",
  ),
);
roles.forEach((_, i) => spawnRole(i));
for (const url of site.feedUrls) await registerFeed(observer.store, url);
log(`${roles.length} worker processes started, ${site.feedUrls.length} feeds registered, ${site.discoverable.size} articles discoverable`);

// The chaos schedule, drawn from the seed.
type Action = { at: number; kind: "kill"; index: number } | { at: number; kind: "redis" | "postgres" | "snapshot" };
const span = minutes * 60_000;
const schedule: Action[] = [
  ...Array.from({ length: size.kills }, (): Action => ({ at: random() * span * 0.9, kind: "kill", index: Math.floor(random() * roles.length) })),
  { at: span * (0.2 + random() * 0.2), kind: "redis" } as const,
  { at: span * (0.5 + random() * 0.2), kind: "postgres" } as const,
  { at: span * (0.3 + random() * 0.4), kind: "snapshot" } as const,
].sort((a, b) => a.at - b.at);
const record: string[] = [];
chaosStart = Date.now();
const snapshotHolds: Promise<void>[] = [];
for (const action of schedule) {
  const wait = chaosStart + action.at - Date.now();
  if (wait > 0) await sleep(wait);
  const t = ((Date.now() - chaosStart) / 1000).toFixed(1);
  if (action.kind === "kill") {
    const proc = procs[action.index];
    // A process killed a moment ago and not respawned yet has exited already (by signal, so its
    // exitCode stays null): waiting for its "exit" would hang the run, and its respawn is pending.
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) {
      log(`${t}s ${roles[action.index]} #${action.index} is already down, not killed again`);
      continue;
    }
    const exited = new Promise((r) => proc.once("exit", r));
    killedByUs.add(proc);
    proc.kill("SIGKILL");
    await exited;
    record.push(`${t}s kill -9 ${roles[action.index]} #${action.index}`);
    setTimeout(() => spawnRole(action.index), 300 + random() * 1200);
  } else if (action.kind === "redis") {
    const what = await services.restartRedis();
    record.push(`${t}s ${typeof what === "string" ? what : "Redis restarted"}`);
  } else if (action.kind === "postgres") {
    await services.restartPostgres();
    record.push(`${t}s Postgres restarted`);
  } else {
    // A foreign transaction with an xid, held open: every gapless reader must wait behind it.
    const holdMs = args.short ? 4000 : 10_000;
    snapshotHolds.push(
      observer.sql
        .begin(async (tx) => {
          await tx`select pg_current_xact_id()`;
          await sleep(holdMs);
        })
        .catch(() => {}),
    );
    record.push(`${t}s foreign transaction holds its snapshot for ${holdMs / 1000}s`);
  }
  log(record.at(-1) ?? "");
}
const remaining = chaosStart + span - Date.now();
if (remaining > 0) await sleep(remaining);
await Promise.all(snapshotHolds);

log("chaos over; draining");
const drainStart = Date.now();
let drained = false;
for (let attempt = 0; attempt < 20 && !drained; attempt++) {
  drained = await waitForIdle(observer, { timeoutMs: 30_000, intervalMs: 500, stableChecks: 6 }).catch(() => false);
  if (!drained) {
    // What the drain is waiting for, every 30 s: jobs per queue and consumers behind the log.
    const counts = await observer.queues.counts().catch(() => ({}));
    const busy = Object.entries(counts).map(
      ([stage, c]) => `${stage} ${JSON.stringify(Object.fromEntries(Object.entries(c).filter(([k, v]) => v > 0 && k !== "completed")))}`,
    );
    const lag = await observer.sql`select consumer_id, global_position::text as at from consumer_checkpoints order by consumer_id`.catch(() => []);
    log(`still draining: ${busy.join(", ")}; checkpoints ${lag.map((r) => `${String(r.consumer_id)}@${String(r.at)}`).join(" ")}`);
  }
}
const drainSeconds = (Date.now() - drainStart) / 1000;
supervising = false;
for (const p of procs) p?.kill("SIGTERM");
await sleep(3000);
for (const p of procs) if (p && p.exitCode === null) p.kill("SIGKILL");

const counts = await observer.queues.counts();
const pendingJobs = Object.entries(counts).reduce(
  (n, [stage, c]) => n + (c.wait ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) + (scheduledStages.has(stage as StageName) ? 0 : (c.delayed ?? 0)),
  0,
);
const failedJobs = Object.values(counts).reduce((n, c) => n + (c.failed ?? 0), 0);
const check = await checkLog(observer.sql, site.discoverable);
const watches = await checkWatches(observer.sql, watchId, receiver.accepted);
const snapshot = async () =>
  JSON.stringify([
    await observer.sql`select * from proj_articles order by article_id`,
    await observer.sql`select * from proj_article_entities order by article_id, entity_id`,
    await observer.sql`select * from proj_feeds order by feed_id`,
    await observer.sql`select article_id, revision, config::text, title, lead, body, tsv::text from proj_article_search order by article_id`,
    await observer.sql`select * from proj_event_totals order by event_type, reason`,
    await observer.sql`select * from proj_event_minutes order by event_type, minute`,
    await observer.sql`select * from proj_stories order by story_id`,
    await observer.sql`select * from proj_story_articles order by article_id`,
  ]);
// For every feed with undiscovered items: its fault on the site and the story its stream tells.
const feedNotes: string[] = [];
const feedEvents = await readAllEvents(observer.sql, { streamPrefix: "feed:", order: "stream" });
for (const url of new Set(check.lost.filter((l) => l.startsWith("never discovered")).map((l) => l.replace(/^.*\/a\/(\d+)\/.*$/, "$1")))) {
  const feedUrl = `${site.base}/feeds/${url}.xml`;
  const registered = feedEvents.filter((e) => e.type === "FeedRegistered" && (e.data as { url?: unknown }).url === feedUrl).map((e) => e.streamId);
  const story = feedEvents.filter((e) => registered.includes(e.streamId)).map((e) => ({ type: e.type, reason: (e.data as { reason?: unknown }).reason }));
  feedNotes.push(`${feedUrl} (${site.feedFaults.get(feedUrl)}): ${story.map((r) => r.type + (r.reason ? `(${String(r.reason)})` : "")).join(" > ")}`);
}
const live = await snapshot();
for (const projection of Object.values(projections)) await rebuildProjection(observer.sql, projection);
const projectionsEqual = (await snapshot()) === live;

const ok =
  drained &&
  check.lost.length === 0 &&
  check.duplicated.length === 0 &&
  check.gaps.length === 0 &&
  check.reasonless === 0 &&
  projectionsEqual &&
  pendingJobs === 0 &&
  watches.lost.length === 0 &&
  watches.duplicated.length === 0 &&
  watches.badSignatures === 0;
const result = {
  ok,
  seed,
  minutes,
  kills: record.filter((r) => r.includes("kill")).length,
  restarts: record.filter((r) => r.includes("restarted") || r.includes("failover")).length,
  selfExits: selfExits.length,
  events: check.events,
  articles: check.articles,
  discoverable: check.discoverable,
  lost: check.lost.length,
  duplicated: check.duplicated.length,
  gaps: check.gaps.length,
  reasonlessFailures: check.reasonless,
  projectionsEqualRebuild: projectionsEqual,
  pendingJobs,
  failedJobs,
  drainSeconds,
  totalSeconds: (Date.now() - started) / 1000,
  outcomes: check.outcomes,
  watch: {
    tagged: watches.tagged,
    matched: watches.matched,
    lost: watches.lost.length,
    duplicated: watches.duplicated.length,
    badSignatures: watches.badSignatures,
    redeliveredSameKey: watches.redelivered,
    refusedByReceiver: receiver.refused,
  },
};
const date = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
const reports = fileURLToPath(new URL("../../reports/", import.meta.url));
mkdirSync(reports, { recursive: true });
const file = `${reports}chaos-${date}-seed-${seed}${args.short ? "-short" : ""}${scaleOut ? "-scale-out" : ""}.md`;
writeFileSync(
  file,
  [
    `# Chaos run ${date}`,
    "",
    `- seed: ${seed}${args.short ? " (short variant)" : ""}${scaleOut ? " on Redis Cluster (3+3) and a Postgres hot standby read by the projections" : ""}; chaos phase ${minutes} min; ${size.feeds} feeds × ${size.itemsPerFeed} articles; ${roles.length} worker processes`,
    `- result: **${ok ? "PASS" : "FAIL"}** — lost ${result.lost}, duplicated ${result.duplicated}, stream gaps ${result.gaps}, failures without reason ${result.reasonlessFailures}`,
    `- events ${result.events}; articles ${result.articles} (discoverable ${result.discoverable}); kills ${result.kills}; restarts ${result.restarts}; workers that exited by themselves ${result.selfExits}`,
    `- drained: ${drained} in ${drainSeconds.toFixed(1)} s after the chaos phase; pending jobs ${pendingJobs}; failed (rejected) jobs ${failedJobs}`,
    `- projections equal to a rebuild: ${projectionsEqual}`,
    `- watch (matches every tagged article, webhook on 127.0.0.1 refusing 10 %): tagged ${watches.tagged}, matched ${watches.matched}; deliveries per (watch, article) after dedup by idempotency key: lost ${watches.lost.length}, duplicated ${watches.duplicated.length}; bad signatures ${watches.badSignatures}; same key received again ${watches.redelivered}; refused by the receiver ${receiver.refused}`,
    "",
    "## Outcomes",
    ...Object.entries(check.outcomes).map(([k, v]) => `- ${k}: ${v}`),
    "",
    "## Chaos",
    ...record.map((r) => `- ${r}`),
    ...(selfExits.length > 0 ? ["", "## Workers that exited by themselves (restarted by the runner)", ...selfExits.map((x) => `- ${x}`)] : []),
    ...(watches.lost.length + watches.duplicated.length > 0
      ? ["", "## Watch problems", ...[...watches.lost, ...watches.duplicated].slice(0, 50).map((p) => `- ${p}`)]
      : []),
    ...(check.lost.length + check.duplicated.length > 0
      ? ["", "## Problems", ...feedNotes.map((f) => `- feed ${f}`), ...[...check.lost, ...check.duplicated].slice(0, 50).map((p) => `- ${p}`)]
      : []),
    "",
  ].join("\n"),
);
log(`report: ${file}`);
process.stdout.write(args.json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
await observer.close();
await site.close();
await receiver.close();
await services.stop();
process.exit(ok ? 0 : 1);
