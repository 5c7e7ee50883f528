import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfig } from "@vigie/config";
import { articleStreamId, ROBOTS_DISALLOWED_REASON } from "@vigie/contracts";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { createLogger } from "@vigie/logger";
import type { StageWorker } from "@vigie/queue";
import { createRuntime, type Runtime } from "@vigie/runtime";
import { articleIdFor } from "@vigie/streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFetcher } from "./start-fetcher.ts";

const page = (title: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><article><h1>${title}</h1>${Array.from(
    { length: 8 },
    (_, i) => `<p>Paragraph ${i} of the story called ${title}, long enough to be read as the body of an article by the extractor.</p>`,
  ).join("")}</article></body></html>`;

describe("fetcher and robots.txt against a local server", () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let fetcher: StageWorker;
  let server: Server;
  let base = "";
  const hits = new Map<string, number>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? "/";
      hits.set(path, (hits.get(path) ?? 0) + 1);
      if (path === "/robots.txt") return res.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nDisallow: /private/\nCrawl-delay: 0.25\n");
      if (path.endsWith(".html")) return res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page(path));
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    db = await createTestDatabase();
    const config = {
      ...loadConfig(),
      DATABASE_URL: db.url,
      REDIS_PREFIX: `vigie-fetcher-${randomBytes(4).toString("hex")}`,
      HTTP_ALLOW_HOSTS: ["127.0.0.1"],
      FETCH_PER_HOST_PER_SECOND: 1000,
      LOG_LEVEL: "silent" as const,
    };
    runtime = createRuntime(config, createLogger({ level: "silent" }), { poolSize: 4, jobOptions: { attempts: 2, backoff: { type: "fixed", delay: 50 } } });
    fetcher = startFetcher(runtime, { concurrency: 4 });
  });
  afterAll(async () => {
    await fetcher?.close();
    if (runtime) {
      const keys = await runtime.redis.keys(`${runtime.prefix}:*`);
      if (keys.length > 0) await runtime.redis.del(...keys);
      await runtime.close();
    }
    await db?.drop();
    await new Promise((r) => server?.close(r));
  });

  /** Discovers `path` on the local server as the poller would, enqueues its fetch and waits for the outcome event. */
  async function fetchOutcome(path: string): Promise<{ type: string; data: Record<string, unknown> }> {
    const url = `${base}${path}`;
    const articleId = articleIdFor(url);
    const eventId = randomUUID();
    const feedId = "a".repeat(64);
    await runtime.store.appendToStream(articleStreamId(articleId), [{ eventId, type: "ArticleDiscovered", data: { articleId, url, feedId, itemId: url } }]);
    await runtime.queues.addArticleJobs("fetch", [{ articleId, url, eventId, correlationId: randomUUID() }]);
    for (let i = 0; i < 300; i++) {
      const outcome = (await runtime.store.readStream(articleStreamId(articleId))).find((e) => e.type !== "ArticleDiscovered");
      if (outcome) return { type: outcome.type, data: outcome.data as Record<string, unknown> };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no outcome event for ${path}`);
  }

  it("fetches an allowed page and records a disallowed one as ArticleFetchFailed robots-disallowed, without requesting it", async () => {
    const allowed = await fetchOutcome("/news/allowed.html");
    expect(allowed.type).toBe("ArticleFetched");
    const refused = await fetchOutcome("/private/secret.html");
    expect(refused.type).toBe("ArticleFetchFailed");
    expect(refused.data).toMatchObject({ reason: ROBOTS_DISALLOWED_REASON, permanent: true, attempts: 1 });
    expect(hits.get("/private/secret.html")).toBeUndefined();
    expect(hits.get("/news/allowed.html")).toBe(1);
    // One robots.txt request for the host, shared by the rate limit and both jobs.
    expect(hits.get("/robots.txt")).toBe(1);
  });

  it("feeds the host's Crawl-delay into the shared per-host limiter (one request per 250 ms window, not 1000 per second)", async () => {
    await fetchOutcome("/news/paced.html");
    const host = new URL(base).host;
    const keys = await runtime.redis.keys(`${runtime.prefix}:host-limit:${host}:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.startsWith(`${runtime.prefix}:host-limit:${host}:250:`))).toBe(true);
  });
});
