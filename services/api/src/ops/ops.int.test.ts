import { randomUUID } from "node:crypto";
import { createLogger } from "@vigie/logger";
import { countEventsByType, readAll, START } from "@vigie/event-store";
import { eventCountsProjection, rebuildProjection } from "@vigie/projections";
import { createStageWorker, queues } from "@vigie/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../auth/api-tokens.ts";
import { createTestApp, type TestApp } from "../testing/test-app.ts";

const A = "a".repeat(64);
const B = "b".repeat(64);

/** The value of one sample of the Prometheus text exposition, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? "").split(",");
    if (wanted.every((w) => present.includes(w))) return Number(match[3]);
  }
  return undefined;
}

describe("operations routes", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ authMode: "anonymous" });
    const store = t.runtime.store;
    await store.appendToStream("feed:f1", [{ eventId: randomUUID(), type: "FeedRegistered", data: { feedId: "f1", url: "https://news.example/rss" } }]);
    for (const id of [A, B]) {
      await store.appendToStream(`article:${id}`, [
        {
          eventId: randomUUID(),
          type: "ArticleDiscovered",
          data: { articleId: id, url: `https://news.example/${id.slice(0, 4)}`, feedId: "f1", itemId: id.slice(0, 4) },
        },
      ]);
    }
    await store.appendToStream(`article:${B}`, [
      {
        eventId: randomUUID(),
        type: "ArticleFetchFailed",
        data: { articleId: B, url: "https://news.example/bbbb", reason: "http-404", permanent: true, attempts: 1 },
      },
    ]);
    const sql = t.runtime.sql;
    await sql`insert into proj_feeds (feed_id, url, title, status, last_error, consecutive_failures, updated_at)
              values ('f1', 'https://news.example/rss', '<script>alert(1)</script>', 'active', 'http-503', 2, now())`;
    await sql`insert into proj_articles (article_id, url, title, language, status, discovered_at, updated_at)
              values (${A}, 'https://news.example/aaaa', 'Rebels seize Aleppo', 'en', 'tagged', now(), now())`;
    await sql`insert into proj_article_entities values (${A}, 'Q41183', 'Aleppo', 'LOC', 3)`;
    // The dispatcher has handled the first event only: 3 events behind.
    const [first] = (await readAll(sql, START, { limit: 1 })).events;
    await sql`insert into consumer_checkpoints (consumer_id, tx_id, global_position) values ('dispatcher', ${first?.txId ?? "0"}::xid8, ${first?.globalPosition ?? 0})`;
    // The figures come from the event counters, which the pipeline keeps; here, from a rebuild.
    await rebuildProjection(sql, eventCountsProjection);
  });
  afterAll(async () => t?.close());

  it("/healthz and /readyz answer when Postgres and Redis do", async () => {
    expect((await t.app.inject("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await t.app.inject("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: "ready", postgres: { ok: true }, redis: { ok: true } });
  });

  it("/readyz is 503 when Redis does not answer", async () => {
    const other = await createTestApp({ authMode: "anonymous", db: t.db });
    try {
      other.runtime.redis.disconnect();
      const res = await other.app.inject("/readyz");
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: "unavailable", postgres: { ok: true }, redis: { ok: false } });
    } finally {
      await other.app.close();
      await other.runtime.close();
    }
  });

  it("/metrics: queue depth and age, job durations, failures by reason, events by type, consumer lag, feeds by health", async () => {
    const fetchQueue = t.runtime.queues.byStage.fetch;
    await fetchQueue.add(
      queues.fetch.name,
      { articleId: A, url: "https://news.example/aaaa", eventId: randomUUID(), correlationId: randomUUID() },
      { jobId: "waiting-1" },
    );
    let done!: () => void;
    const completed = new Promise<void>((resolve) => (done = resolve));
    const worker = createStageWorker({
      queue: queues.tag,
      connection: t.runtime.redis,
      prefix: t.runtime.prefix,
      logger: createLogger({ level: "silent" }),
      handler: async () => undefined,
      onFailure: async () => undefined,
    });
    worker.worker.on("completed", () => done());
    await t.runtime.queues.byStage.tag.add(queues.tag.name, { articleId: A, eventId: randomUUID(), correlationId: randomUUID() });
    await completed;
    await worker.close();

    const res = await t.app.inject("/metrics");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/plain");
    const text = res.body;
    expect(sample(text, "vigie_queue_jobs", { queue: "fetch-article", state: "wait" })).toBe(1);
    expect(sample(text, "vigie_queue_jobs", { queue: "tag-article", state: "completed" })).toBe(1);
    expect(sample(text, "vigie_queue_oldest_waiting_job_age_seconds", { queue: "fetch-article" })).toBeGreaterThanOrEqual(0);
    expect(sample(text, "vigie_job_duration_seconds_count", { queue: "tag-article" })).toBe(1);
    expect(sample(text, "vigie_failure_events", { type: "ArticleFetchFailed", reason: "http-404" })).toBe(1);
    expect(sample(text, "vigie_events", { type: "ArticleDiscovered" })).toBe(2);
    expect(sample(text, "vigie_consumer_lag_events", { consumer: "dispatcher", kind: "consumer" })).toBe(3);
    expect(sample(text, "vigie_consumer_lag_seconds", { consumer: "dispatcher" })).toBeGreaterThanOrEqual(0);
    expect(sample(text, "vigie_feeds", { health: "failing" })).toBe(1);
    expect(sample(text, "vigie_feeds", { health: "healthy" })).toBe(0);
    // A second scrape does not observe the same completed job twice.
    expect(sample((await t.app.inject("/metrics")).body, "vigie_job_duration_seconds_count", { queue: "tag-article" })).toBe(1);
  });

  it("the dashboard shows the funnel (event counters, equal to counting the log), feed health with its last error, articles with entities, lag; escaped", async () => {
    const res = await t.app.inject("/");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    const html = res.body;
    const counts = await countEventsByType(t.runtime.sql, { withinSeconds: 3600 });
    expect(html).toContain(`data-funnel="hour-discovered">${counts.ArticleDiscovered ?? 0}<`);
    expect(html).toContain(`data-funnel="day-fetchFailed">${counts.ArticleFetchFailed ?? 0}<`);
    expect(html).toContain(`data-funnel="day-tagged">0<`);
    expect(html).toContain("http-503");
    expect(html).toContain('class="failing"');
    expect(html).toMatch(/Rebels seize Aleppo[\s\S]*Aleppo<\/span>/);
    expect(html).toContain(`data-lag="dispatcher">3<`);
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&#60;script&#62;");
  });

  it("scopes: health is open, metrics and dashboard need read, bull-board needs admin", async () => {
    const guarded = await createTestApp({ authMode: "tokens", db: t.db });
    try {
      const pepper = guarded.runtime.config.API_TOKEN_SECRET;
      const read = await createApiToken(guarded.runtime.sql, { scope: "read", pepper });
      const admin = await createApiToken(guarded.runtime.sql, { scope: "admin", pepper });
      const get = (url: string, token?: string) => guarded.app.inject({ url, headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect((await get("/healthz")).statusCode).toBe(200);
      expect((await get("/metrics")).statusCode).toBe(401);
      expect((await get("/metrics", read.token)).statusCode).toBe(200);
      expect((await get("/", read.token)).statusCode).toBe(200);
      expect((await get("/admin/queues", read.token)).statusCode).toBe(403);
      expect((await get("/admin/queues/api/queues", read.token)).statusCode).toBe(403);
      const board = await get("/admin/queues", admin.token);
      expect(board.statusCode).toBe(200);
      expect(board.body).toContain("vigie queues");
      const api = await get("/admin/queues/api/queues", admin.token);
      expect(api.statusCode).toBe(200);
      expect((api.json() as { queues: { name: string }[] }).queues.map((q) => q.name).sort()).toEqual([
        "assign-story",
        "deduplicate-article",
        "deliver-alert",
        "deliver-digest",
        "fetch-article",
        "poll-feed",
        "tag-article",
      ]);
    } finally {
      await guarded.app.close();
      await guarded.runtime.close();
    }
  });
});
