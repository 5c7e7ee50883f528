// The cost model of bench:pipeline: each stage's work run alone, one job at a time, on one feed's
// articles of the bench's fixture site, in a database of its own. CPU is counted where it is
// spent: this process (stage code, and the in-process fixture site serving the page) plus the one
// Postgres backend it uses (/proc/<pid>/stat). Redis' own CPU is not counted (the server is shared
// with other sessions); the queue's cost shows in the no-op chain of the same run.
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { loadConfig } from "@vigie/config";
import { createTestDatabase } from "@vigie/db/testing";
import { deduplicateArticle } from "@vigie/deduplicator";
import { loadTagger } from "@vigie/entities";
import { readAll, START, type Position } from "@vigie/event-store";
import { pollFeed } from "@vigie/feed-poller";
import { fetchArticle } from "@vigie/fetcher";
import { createLogger } from "@vigie/logger";
import { type JobAction, routeEvent } from "@vigie/queue";
import { directStageContext } from "@vigie/queue/testing";
import { createDedupStore } from "@vigie/dedup";
import { createRuntime, registerFeed } from "@vigie/runtime";
import { tagArticle } from "@vigie/tagger";

export interface StageCost {
  /** CPU ms per article, this process + its Postgres backend. */
  cpuMsPerArticle: number;
  /** Of which in Postgres. */
  postgresMsPerArticle: number;
}

export interface CostModel {
  articles: number;
  stages: Record<string, StageCost>;
  sumMsPerArticle: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process, in ms (fields 14 and 15 of /proc/<pid>/stat). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

export const selfCpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs `feedUrl`'s articles through every stage, stage after stage, and returns CPU ms per article. */
export async function measureCostModel(feedUrl: string): Promise<CostModel> {
  const db = await createTestDatabase();
  const config = {
    ...loadConfig(),
    DATABASE_URL: db.url,
    REDIS_PREFIX: `vigie-cost-${randomBytes(3).toString("hex")}`,
    HTTP_ALLOW_HOSTS: ["127.0.0.1"],
    LOG_LEVEL: "error" as const,
  };
  const logger = createLogger({ level: "error" });
  // One connection, so that one backend does all of this run's database work.
  const runtime = createRuntime(config, logger, { poolSize: 1 });
  const tagger = loadTagger();
  const totals = new Map<string, { self: number; pg: number }>();
  try {
    const [{ pid } = { pid: 0 }] = await runtime.sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
    const sample = () => ({ self: selfCpuMs(), pg: processCpuMs(pid) });
    const add = (name: string, from: { self: number; pg: number }) => {
      const to = sample();
      const t = totals.get(name) ?? { self: 0, pg: 0 };
      totals.set(name, { self: t.self + to.self - from.self, pg: t.pg + to.pg - from.pg });
    };
    // Appends counted apart from the stage that makes them (and subtracted from it below).
    const store = runtime.store;
    let appendMs = { self: 0, pg: 0 };
    const timed = async <T>(work: () => Promise<T>): Promise<T> => {
      const from = sample();
      try {
        return await work();
      } finally {
        const to = sample();
        appendMs = { self: appendMs.self + to.self - from.self, pg: appendMs.pg + to.pg - from.pg };
      }
    };
    const appendToStream = store.appendToStream.bind(store);
    const append = store.append.bind(store);
    store.appendToStream = (...args) => timed(() => appendToStream(...args));
    store.append = (...args) => timed(() => append(...args));
    const stage = async <T>(name: string, items: readonly T[], run: (item: T) => Promise<unknown>) => {
      appendMs = { self: 0, pg: 0 };
      const from = sample();
      for (const item of items) await run(item);
      add(name, from);
      const t = totals.get(name) ?? { self: 0, pg: 0 };
      totals.set(name, { self: t.self - appendMs.self, pg: t.pg - appendMs.pg });
      totals.set(`append after ${name}`, appendMs);
    };
    let position: Position = START;
    /**
     * The dispatcher's work for what the last stage appended: read the log, route, one addBulk per
     * stage. Reads until `expected` jobs (at least one) came out: the gapless read holds back events
     * while any older transaction on the server is open, and the server is shared.
     */
    const dispatch = async (expected = 1): Promise<JobAction[]> => {
      const from = sample();
      const jobs: JobAction[] = [];
      const deadline = Date.now() + 60_000;
      while (jobs.length < expected) {
        const page = await readAll(runtime.sql, position, { limit: 500 });
        position = page.next;
        const routed = page.events.flatMap((e) => routeEvent(e)).filter((a): a is JobAction => a.kind === "job");
        await runtime.queues.addJobs(routed);
        jobs.push(...routed);
        if (page.caughtUp && jobs.length < expected) {
          if (Date.now() > deadline) throw new Error(`cost model: ${jobs.length} of ${expected} jobs dispatched after 60 s`);
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      add("dispatch", from);
      return jobs;
    };
    let jobs = 0;
    // The handlers read only the job's id (the poller keys its conditional-GET state by it).
    const ctx = () => directStageContext({ jobId: `cost-${++jobs}`, log: logger });

    const feed = await registerFeed(runtime.store, feedUrl);
    await readAll(runtime.sql, position, { limit: 500 }).then((page) => (position = page.next));
    const http = { userAgent: config.HTTP_USER_AGENT, timeoutMs: config.HTTP_TIMEOUT_MS, maxBytes: config.HTTP_MAX_BYTES, allowHosts: config.HTTP_ALLOW_HOSTS };
    const pollDeps = {
      store: runtime.store,
      sql: runtime.sql,
      http,
      bounds: { minSeconds: config.FEED_MIN_INTERVAL_SECONDS, maxSeconds: config.FEED_MAX_INTERVAL_SECONDS },
    };
    let discovered = 0;
    await stage("poll (fetch + parse the feed)", [feed], async (f) => {
      discovered = (await pollFeed({ feedId: f.feedId, host: new URL(feedUrl).host }, ctx(), pollDeps)).discovered;
    });
    const fetchJobs = await dispatch(discovered);
    const articles = fetchJobs.length;
    await stage("fetch + extract", fetchJobs, (a) =>
      a.stage === "fetch" ? fetchArticle(a.job, ctx(), { store: runtime.store, sql: runtime.sql, http }) : Promise.resolve(),
    );
    const dedupJobs = await dispatch(articles);
    const dedup = createDedupStore(runtime.sql);
    let toTag = 0;
    await stage("fingerprint + dedup decision", dedupJobs, async (a) => {
      if (a.stage !== "dedup") return;
      const { kind } = await deduplicateArticle(a.job, ctx(), { store: runtime.store, decide: (input) => dedup.decide(input) });
      // Accepted and revised texts go on to the tagger; copies stop here.
      if (kind === "accepted" || kind === "revised") toTag++;
    });
    const tagJobs = await dispatch(toTag);
    await stage("tag", tagJobs, (a) => (a.stage === "tag" ? tagArticle(a.job, ctx(), { store: runtime.store, tagger }) : Promise.resolve()));

    const stages: Record<string, StageCost> = {};
    for (const [name, t] of totals) {
      stages[name] = { cpuMsPerArticle: round((t.self + t.pg) / articles), postgresMsPerArticle: round(t.pg / articles) };
    }
    const sum = [...totals.values()].reduce((s, t) => s + t.self + t.pg, 0) / articles;
    return { articles, stages, sumMsPerArticle: round(sum) };
  } finally {
    const keys = await runtime.redis.keys(`${config.REDIS_PREFIX}:*`);
    for (let i = 0; i < keys.length; i += 500) await runtime.redis.del(...keys.slice(i, i + 500));
    await runtime.close();
    await db.drop();
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
