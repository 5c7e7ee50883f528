import { createHash, randomUUID } from "node:crypto";
import { articleStreamId, feedStreamId } from "@vigie/contracts";
import { encodeCursor, EventStore, readAllEvents } from "@vigie/event-store";
import { articlesProjection, feedsProjection, rebuildProjection } from "@vigie/projections";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "./auth/api-tokens.ts";
import { createTestApp, type TestApp } from "./testing/test-app.ts";
import { openApiValidator } from "./testing/openapi-validator.ts";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const problemType = "application/problem+json; charset=utf-8";

interface Page {
  events: { id: string; type: string; cursor: string; schemaVersion: number; data: Record<string, unknown> }[];
  next: string;
  caughtUp: boolean;
}

describe("HTTP API", () => {
  let t: TestApp;
  let validate: ReturnType<typeof openApiValidator>;
  const articleId = sha("https://news.example/a1");

  beforeAll(async () => {
    t = await createTestApp({ authMode: "anonymous" });
    validate = openApiValidator((await t.app.inject({ url: "/openapi.json" })).json());
    const store = t.runtime.store;
    await store.appendToStream(feedStreamId("f1"), [
      { eventId: randomUUID(), type: "FeedRegistered", data: { feedId: "f1", url: "https://news.example/rss" } },
    ]);
    // A v1 row: read back upcast to v2 (`published` → `publishedAt`).
    await store.appendToStream(articleStreamId(articleId), [
      {
        eventId: randomUUID(),
        type: "ArticleDiscovered",
        schemaVersion: 1,
        data: { articleId, url: "https://news.example/a1", feedId: "f1", itemId: "a1", published: "2026-01-02T03:04:05Z" },
      },
    ]);
    await rebuildProjection(t.runtime.sql, articlesProjection);
    await rebuildProjection(t.runtime.sql, feedsProjection);
  });
  afterAll(async () => t?.close());

  it("serves an OpenAPI 3.1 document whose schemas the responses satisfy", async () => {
    const doc = (await t.app.inject({ url: "/openapi.json" })).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["Event", "FeedRegisteredEvent", "ArticleDiscoveredEvent", "Problem"]));

    const cases: [string, string, string, { method?: "GET" | "POST" | "PATCH" | "DELETE"; payload?: object }?][] = [
      ["/v1/events?limit=10", "/v1/events", "get"],
      ["/v1/events?types=ArticleDiscovered", "/v1/events", "get"],
      [`/v1/articles/${articleId}`, "/v1/articles/{id}", "get"],
      ["/v1/articles?feed=f1&since=2020-01-01T00:00:00Z", "/v1/articles", "get"],
      ["/v1/feeds", "/v1/feeds", "get"],
      ["/v1/feeds", "/v1/feeds", "post", { method: "POST", payload: { url: "https://other.example/feed.xml", title: "Other" } }],
      ["/v1/feeds/f1", "/v1/feeds/{id}", "patch", { method: "PATCH", payload: { enabled: false } }],
      ["/v1/feeds/f1", "/v1/feeds/{id}", "delete", { method: "DELETE" }],
      [`/v1/articles/${sha("missing")}`, "/v1/articles/{id}", "get"],
      ["/v1/entities/nobody", "/v1/entities/{id}", "get"],
      ["/v1/clusters/none", "/v1/clusters/{id}", "get"],
      ["/v1/events?after=nope", "/v1/events", "get"],
    ];
    const statuses: number[] = [];
    for (const [url, path, method, options] of cases) {
      const res = await t.app.inject({ url, method: options?.method ?? "GET", ...(options?.payload ? { payload: options.payload } : {}) });
      statuses.push(res.statusCode);
      const contentType = String(res.headers["content-type"]).split(";")[0] ?? "";
      const result = validate(path, method, res.statusCode, res.json(), contentType);
      expect(result, `${method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`).toEqual({ success: true });
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 201, 200, 200, 404, 404, 404, 400]);
  });

  it("upcasts stored payloads to the latest version", async () => {
    const page = (await t.app.inject({ url: "/v1/events?types=ArticleDiscovered" })).json() as Page;
    expect(page.events).toHaveLength(1);
    expect(page.events[0]?.schemaVersion).toBe(2);
    expect(page.events[0]?.data.publishedAt).toBe("2026-01-02T03:04:05Z");
    expect(page.events[0]?.data).not.toHaveProperty("published");
  });

  it("builds each envelope in SQL exactly as the JS encodings would (cursor, recordedAt, ids)", async () => {
    const page = (await t.app.inject({ url: "/v1/events?limit=1000" })).json() as Page;
    const rows = await readAllEvents(t.runtime.sql);
    expect(page.events.length).toBe(rows.length);
    page.events.forEach((e, i) => {
      const row = rows[i];
      const env = e as unknown as { streamId: string; recordedAt: string; globalPosition: number };
      expect(e.id).toBe(row?.eventId);
      expect(e.cursor).toBe(encodeCursor({ txId: String(row?.txId), globalPosition: Number(row?.globalPosition) }));
      expect(env.recordedAt).toBe(row?.recordedAt.toISOString());
      expect(env.streamId).toBe(row?.streamId);
      expect(env.globalPosition).toBe(Number(row?.globalPosition));
    });
  });

  it("feed mutations append events to the feed's stream", async () => {
    const res = await t.app.inject({ url: `/v1/events?stream=${encodeURIComponent("feed:f1")}` });
    expect((res.json() as Page).events.map((e) => e.type)).toEqual(["FeedRegistered", "FeedDisabled", "FeedRemoved"]);
    const again = await t.app.inject({ method: "DELETE", url: "/v1/feeds/f1" });
    expect(again.json()).toEqual({ feedId: "f1", event: null });
    expect((await t.app.inject({ method: "PATCH", url: "/v1/feeds/f1", payload: { enabled: true } })).statusCode).toBe(409);
    expect((await t.app.inject({ method: "DELETE", url: "/v1/feeds/unknown" })).statusCode).toBe(404);
  });

  it("a removed feed is registered again by POST, as the 409 tells the client", async () => {
    const url = "https://relist.example/feed.xml";
    const first = await t.app.inject({ method: "POST", url: "/v1/feeds", payload: { url } });
    expect(first.statusCode).toBe(201);
    const { feedId } = first.json() as { feedId: string };
    expect((await t.app.inject({ method: "DELETE", url: `/v1/feeds/${feedId}` })).json()).toEqual({ feedId, event: "FeedRemoved" });
    const refused = await t.app.inject({ method: "PATCH", url: `/v1/feeds/${feedId}`, payload: { enabled: false } });
    expect(refused.statusCode).toBe(409);
    expect((refused.json() as { type: string }).type).toMatch(/feed-removed/);
    const again = await t.app.inject({ method: "POST", url: "/v1/feeds", payload: { url } });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ feedId, created: true });
    expect((await t.app.inject({ method: "PATCH", url: `/v1/feeds/${feedId}`, payload: { enabled: false } })).json()).toEqual({
      feedId,
      event: "FeedDisabled",
      events: ["FeedDisabled"],
    });
    const res = await t.app.inject({ url: `/v1/events?stream=${encodeURIComponent(`feed:${feedId}`)}` });
    expect((res.json() as Page).events.map((e) => e.type)).toEqual(["FeedRegistered", "FeedRemoved", "FeedRegistered", "FeedDisabled"]);
  });

  it("imports and exports OPML with the feeds package", async () => {
    const opml = `<?xml version="1.0"?><opml version="2.0"><body><outline type="rss" text="A" xmlUrl="https://a.example/rss"/><outline type="rss" xmlUrl="javascript:alert(1)"/></body></opml>`;
    const res = await t.app.inject({ method: "POST", url: "/v1/feeds.opml", headers: { "content-type": "text/x-opml" }, payload: opml });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ imported: 1, created: 1 });
    await rebuildProjection(t.runtime.sql, feedsProjection);
    const out = await t.app.inject({ url: "/v1/feeds.opml" });
    expect(out.headers["content-type"]).toContain("text/x-opml");
    expect(out.body).toContain("https://a.example/rss");
    expect(out.body).not.toContain("https://news.example/rss"); // removed above
  });

  it("refuses to register what the fetcher would refuse, with the reason as a problem document", async () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data",
      "http://127.0.0.1:5432/",
      "http://[::1]/feed",
      "http://10.0.0.1/rss",
      "http://localhost/rss",
    ]) {
      const res = await t.app.inject({ method: "POST", url: "/v1/feeds", payload: { url } });
      expect(res.statusCode, url).toBe(422);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json()).toMatchObject({ type: expect.stringMatching(/feed-refused/), reason: "ssrf-blocked", detail: expect.stringMatching(/address/) });
    }
    const opml = `<opml version="2.0"><body><outline xmlUrl="http://169.254.169.254/latest"/><outline xmlUrl="ftp://files.example/rss"/><outline text="ok" xmlUrl="https://fine.example/rss"/></body></opml>`;
    const res = await t.app.inject({ method: "POST", url: "/v1/feeds.opml", headers: { "content-type": "text/x-opml" }, payload: opml });
    expect(res.json()).toMatchObject({
      imported: 1,
      refused: [
        { url: "http://169.254.169.254/latest", reason: "ssrf-blocked" },
        { url: "ftp://files.example/rss", reason: "bad-url" },
      ],
    });
    const events = await t.runtime.sql<{ n: number }[]>`select count(*)::int as n from proj_feeds where url like '%169.254%'`;
    expect(events[0]?.n).toBe(0);
  });

  it("names, categorises and pins feeds by PATCH; categories survive an OPML round trip and filter articles", async () => {
    const opml = `<opml version="2.0"><body><outline text="Monde"><outline text="W" xmlUrl="https://wire.example/rss" category="dépêches"/></outline></body></opml>`;
    const imported = (await t.app.inject({ method: "POST", url: "/v1/feeds.opml", headers: { "content-type": "text/x-opml" }, payload: opml })).json() as {
      feeds: { feedId: string }[];
    };
    const feedId = imported.feeds[0]?.feedId ?? "";
    const patch = await t.app.inject({ method: "PATCH", url: `/v1/feeds/${feedId}`, payload: { title: "Le fil", intervalSeconds: 120 } });
    expect(patch.json()).toEqual({ feedId, event: "FeedRenamed", events: ["FeedRenamed", "FeedIntervalPinned"] });
    expect((await t.app.inject({ method: "PATCH", url: `/v1/feeds/${feedId}`, payload: {} })).statusCode).toBe(400);
    await t.runtime.store.appendToStream(articleStreamId(sha("https://wire.example/1")), [
      {
        eventId: randomUUID(),
        type: "ArticleDiscovered",
        data: { articleId: sha("https://wire.example/1"), url: "https://wire.example/1", feedId, itemId: "1" },
      },
    ]);
    await rebuildProjection(t.runtime.sql, feedsProjection);
    await rebuildProjection(t.runtime.sql, articlesProjection);
    const feeds = (await t.app.inject({ url: "/v1/feeds" })).json() as {
      feeds: { feedId: string; title: string; categories: string[]; pinnedIntervalSeconds: number }[];
    };
    expect(feeds.feeds.find((f) => f.feedId === feedId)).toMatchObject({ title: "Le fil", categories: ["Monde", "dépêches"], pinnedIntervalSeconds: 120 });
    const out = (await t.app.inject({ url: "/v1/feeds.opml" })).body;
    expect(out).toContain('<outline text="Monde" title="Monde">');
    expect(out).toContain('category="Monde,d&#xe9;p&#xea;ches"');
    const byCategory = (await t.app.inject({ url: "/v1/articles?category=d%C3%A9p%C3%AAches" })).json() as { articles: { url: string }[] };
    expect(byCategory.articles.map((a) => a.url)).toEqual(["https://wire.example/1"]);
    expect(((await t.app.inject({ url: "/v1/articles?category=none" })).json() as { articles: unknown[] }).articles).toEqual([]);
  });

  it("categories with commas and slashes survive OPML import, export and import again", async () => {
    const labels = ["Politique, France", "Europe/Ouest", "Économie"];
    const opml = `<opml version="2.0"><body><outline text="Politique, France"><outline text="S" xmlUrl="https://slash.example/rss" category="Europe%2FOuest,Économie"/></outline></body></opml>`;
    const imported = (await t.app.inject({ method: "POST", url: "/v1/feeds.opml", headers: { "content-type": "text/x-opml" }, payload: opml })).json() as {
      feeds: { feedId: string }[];
    };
    const feedId = imported.feeds[0]?.feedId ?? "";
    const categoriesNow = async () => {
      await rebuildProjection(t.runtime.sql, feedsProjection);
      const feeds = (await t.app.inject({ url: "/v1/feeds" })).json() as { feeds: { feedId: string; categories: string[] }[] };
      return feeds.feeds.find((f) => f.feedId === feedId)?.categories;
    };
    expect(await categoriesNow()).toEqual(labels);
    const exported = (await t.app.inject({ url: "/v1/feeds.opml" })).body;
    expect(exported).toContain('<outline text="Politique, France" title="Politique, France">');
    // Labels changed since the export; importing it brings them back, each whole.
    expect((await t.app.inject({ method: "PATCH", url: `/v1/feeds/${feedId}`, payload: { categories: ["autre"] } })).statusCode).toBe(200);
    expect(await categoriesNow()).toEqual(["autre"]);
    const again = await t.app.inject({ method: "POST", url: "/v1/feeds.opml", headers: { "content-type": "text/x-opml" }, payload: exported });
    expect(again.statusCode).toBe(200);
    expect(await categoriesNow()).toEqual(labels);
  });

  it("answers hostile or malformed query strings with 400 problem+json", async () => {
    const hostile = [
      "/v1/events?after=not-a-cursor",
      `/v1/events?after=${encodeURIComponent("' OR 1=1 --")}`,
      `/v1/events?after=${Buffer.from("v1.99999999999999999999.1").toString("base64url")}`,
      `/v1/events?after=${Buffer.from("v1.1.1; drop table events").toString("base64url")}`,
      "/v1/events?limit=abc",
      "/v1/events?limit=-5",
      "/v1/events?limit=1e9",
      "/v1/events?limit=1&limit=2",
      "/v1/events?types=NotAType",
      "/v1/events?types=ArticleDiscovered,Nope",
      "/v1/events?types[]=ArticleDiscovered",
      "/v1/events?__proto__[polluted]=1",
      "/v1/events?constructor=x",
      "/v1/events?stream=%00",
      `/v1/events?stream=${"x".repeat(300)}`,
      `/v1/events?after=${"A".repeat(5000)}`,
      "/v1/articles?since=yesterday",
      "/v1/articles?lang=%3Cscript%3E",
      "/v1/articles?before=zzz",
      "/v1/articles/..%2F..%2Fetc%2Fpasswd",
      "/v1/events/stream?types=Nope",
      "/v1/events/stream?after=bad",
    ];
    for (const url of hostile) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers["content-type"], url).toBe(problemType);
      const body = res.json() as Record<string, unknown>;
      expect(body, url).toMatchObject({ status: 400, title: "Bad Request" });
      expect(JSON.stringify(body), url).not.toMatch(/ at .*\.ts:\d+|node_modules|stack/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("clamps page sizes instead of refusing them", async () => {
    const store = t.runtime.store;
    for (let i = 0; i < 3; i++)
      await store.appendToStream(feedStreamId(`clamp${i}`), [{ eventId: randomUUID(), type: "FeedEnabled", data: { feedId: `clamp${i}` } }]);
    const big = await t.app.inject({ url: "/v1/events?limit=999999" });
    expect(big.statusCode).toBe(200);
    const zero = (await t.app.inject({ url: "/v1/events?limit=0" })).json() as Page;
    expect(zero.events).toHaveLength(1);
    expect(zero.caughtUp).toBe(false);
  });

  it("moves a filtered page's cursor past the events it skipped", async () => {
    const all = (await t.app.inject({ url: "/v1/events?limit=1000" })).json() as Page;
    const rare = (await t.app.inject({ url: "/v1/events?types=FeedMoved" })).json() as Page;
    expect(rare.events).toEqual([]);
    expect(rare.caughtUp).toBe(true);
    expect(rare.next).toBe(all.next);
    expect(rare.next).not.toBe(encodeCursor({ txId: "0", globalPosition: 0 }));
  });
});

describe("paging under concurrent writers", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ authMode: "anonymous" });
  });
  afterAll(async () => t?.close());

  it("a filtered and an unfiltered consumer each see every event once, never re-reading", async () => {
    const writers = 8;
    const perWriter = 60;
    let writing = true;
    const write = async (w: number) => {
      for (let i = 0; i < perWriter; i++) {
        const feedId = `w${w}`;
        const type = i % 3 === 0 ? "FeedDisabled" : "FeedEnabled";
        const data = type === "FeedDisabled" ? { feedId, reason: "test", consecutiveFailures: 0 } : { feedId };
        // Multi-event transactions of varying length interleave commit order with position order.
        // The append is the transaction's first write; sleeping before commit makes positions
        // become visible out of order, which a naive `global_position > last` reader would skip.
        await t.runtime.sql.begin(async (tx) => {
          await new EventStore(tx).appendToStream(feedStreamId(feedId), [{ eventId: randomUUID(), type, data }]);
          await tx`select pg_sleep(${Math.random() * 0.01})`;
        });
      }
    };
    const consume = async (query: string) => {
      const seen: string[] = [];
      let after = "";
      for (;;) {
        const res = await t.app.inject({ url: `/v1/events?limit=7${query}${after ? `&after=${after}` : ""}` });
        const page = res.json() as Page;
        seen.push(...page.events.map((e) => e.id));
        after = page.next;
        if (page.caughtUp && !writing) {
          // One more read after the writers stopped: the final committed prefix.
          const last = (await t.app.inject({ url: `/v1/events?limit=1000${query}&after=${after}` })).json() as Page;
          seen.push(...last.events.map((e) => e.id));
          return seen;
        }
        if (page.caughtUp) await new Promise((r) => setTimeout(r, 5));
      }
    };
    const writes = Promise.all(Array.from({ length: writers }, (_, w) => write(w))).finally(() => {
      writing = false;
    });
    const [all, disabled] = await Promise.all([consume(""), consume("&types=FeedDisabled"), writes]);
    const rows = await readAllEvents(t.runtime.sql);
    expect(rows).toHaveLength(writers * perWriter);
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(all)).toEqual(new Set(rows.map((r) => r.eventId)));
    expect(new Set(disabled).size).toBe(disabled.length);
    expect(new Set(disabled)).toEqual(new Set(rows.filter((r) => r.type === "FeedDisabled").map((r) => r.eventId)));
  });
});

describe("tokens and scopes", () => {
  let t: TestApp;
  let read: string;
  let admin: string;
  beforeAll(async () => {
    const base = await createTestApp({ authMode: "anonymous" });
    read = (await createApiToken(base.runtime.sql, { scope: "read", pepper: base.runtime.config.API_TOKEN_SECRET })).token;
    admin = (await createApiToken(base.runtime.sql, { scope: "admin", pepper: base.runtime.config.API_TOKEN_SECRET })).token;
    await base.app.close();
    await base.runtime.close();
    // Built after tokens exist: the mode is decided from the table.
    t = await createTestApp({ db: base.db, rateLimitPerMinute: 40 });
  });
  afterAll(async () => {
    await t?.close();
    await t?.db.drop();
  });

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  it("requires a token, and the admin scope for feed changes", async () => {
    expect((await t.app.inject({ url: "/v1/events" })).statusCode).toBe(401);
    const bad = await t.app.inject({ url: "/v1/events", headers: auth(`${read.slice(0, -4)}AAAA`) });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers["content-type"]).toBe(problemType);
    expect(bad.headers["www-authenticate"]).toContain("Bearer");
    expect((await t.app.inject({ url: "/v1/events", headers: auth(read) })).statusCode).toBe(200);
    const post = await t.app.inject({ method: "POST", url: "/v1/feeds", headers: auth(read), payload: { url: "https://x.example/rss" } });
    expect(post.statusCode).toBe(403);
    expect(post.json()).toMatchObject({ status: 403, type: "urn:vigie:problem:forbidden" });
    expect((await t.app.inject({ method: "POST", url: "/v1/feeds", headers: auth(admin), payload: { url: "https://x.example/rss" } })).statusCode).toBe(201);
    expect(
      (await t.app.inject({ method: "POST", url: "/v1/feeds.opml", headers: { ...auth(read), "content-type": "text/x-opml" }, payload: "<opml/>" })).statusCode,
    ).toBe(403);
  });

  it("closes CORS by default", async () => {
    const res = await t.app.inject({
      method: "OPTIONS",
      url: "/v1/events",
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("rate-limits per token", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await t.app.inject({ url: "/v1/feeds", headers: auth(admin) })).statusCode);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await t.app.inject({ url: "/v1/feeds", headers: auth(admin) });
    expect(limited.headers["content-type"]).toBe(problemType);
    // Another token has its own budget.
    expect((await t.app.inject({ url: "/v1/feeds", headers: auth(read) })).statusCode).toBe(200);
  });
});
