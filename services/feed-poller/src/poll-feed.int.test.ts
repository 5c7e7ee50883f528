import { createSql, type Sql } from "@vigie/db";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { EventStore } from "@vigie/event-store";
import { startTestServer, type TestServer } from "@vigie/http/testing";
import { directStageContext } from "@vigie/queue/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeFeed, loadFeed, registerFeed } from "@vigie/runtime";
import { DISABLE_AFTER_FAILURES, FeedRemovedError } from "@vigie/streams";
import { pollFeed, recordPollFailure, type PollerDeps } from "./poll-feed.ts";
import { resolveFeedUrl } from "./resolve-feed-url.ts";

const rss = (items: string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>/</link>${items
    .map((i) => `<item><title>${i}</title><link>/a/${i}.html</link><guid>${i}</guid></item>`)
    .join("")}</channel></rss>`;

describe("feed poller against a local server", () => {
  let db: TestDatabase;
  let sql: Sql;
  let deps: PollerDeps;
  let server: TestServer;
  let base = "";
  let polls = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = createSql({ url: db.url, role: "vigie_app", max: 4 });
    deps = { store: new EventStore(sql), sql, http: { userAgent: "vigie-test", timeoutMs: 2000, allowHosts: ["127.0.0.1"] } };
    server = await startTestServer((req, res) => {
      const path = req.url ?? "/";
      if (path === "/etag.xml") {
        if (req.headers["if-none-match"] === '"v1"') return res.writeHead(304).end();
        return res.writeHead(200, { etag: '"v1"', "content-type": "application/rss+xml" }).end(rss(["a", "b"]));
      }
      if (path === "/down.xml") return res.writeHead(503, { "retry-after": "120" }).end("busy");
      if (path === "/old.xml") return res.writeHead(301, { location: "/new.xml" }).end();
      if (path === "/temp.xml") return res.writeHead(302, { location: "/new.xml" }).end();
      if (path === "/new.xml") return res.writeHead(200, { "content-type": "application/rss+xml" }).end(rss(["n1"]));
      if (path === "/titled.xml")
        return res
          .writeHead(200, { "content-type": "application/rss+xml" })
          .end(rss(["t1"]).replace("<link>/</link>", "<link>/</link><description>Dépêches</description><language>fr</language>"));
      if (path === "/site/")
        return res
          .writeHead(200, { "content-type": "text/html" })
          .end('<html><head><link rel="alternate" type="application/rss+xml" href="/etag.xml"></head><body>hi</body></html>');
      res.writeHead(404).end();
    });
    base = server.origin;
  });
  afterAll(async () => {
    await server?.close();
    await sql?.end();
    await db?.drop();
  });

  const ctx = () => directStageContext({ jobId: `poll-${++polls}` });
  const events = async (feedId: string) =>
    (await deps.store.readStream(`feed:${feedId}`)).map((e) => ({ event_type: e.type, payload: e.data as Record<string, unknown> }));

  it("discovers a page's feed, then polls with a conditional GET: 304 is not-modified and discovers nothing", async () => {
    const resolved = await resolveFeedUrl(`${base}/site/`, deps.http);
    expect(resolved).toMatchObject({ url: `${base}/etag.xml`, discovered: true });
    const { feedId } = await registerFeed(deps.store, resolved.url);
    expect(await pollFeed({ feedId }, ctx(), deps)).toEqual({ discovered: 2, status: "changed" });
    expect(await pollFeed({ feedId }, ctx(), deps)).toEqual({ discovered: 0, status: "not-modified" });
    const polled = (await events(feedId)).filter((e) => e.event_type === "FeedPolled").map((e) => e.payload);
    expect(polled.map((p) => [p.status, p.httpStatus, p.newItemCount])).toEqual([
      ["changed", 200, 2],
      ["not-modified", 304, 0],
    ]);
    expect(polled[1]?.nextPollSeconds).toBe(polled[0]?.nextPollSeconds);
  });

  it("records the feed's own title, home page and description from a poll, once, and polls a pinned feed at its interval", async () => {
    const { feedId } = await registerFeed(deps.store, `${base}/titled.xml`, { intervalSeconds: 45, categories: ["wire"] });
    await pollFeed({ feedId }, ctx(), deps);
    await pollFeed({ feedId }, ctx(), deps);
    const types = (await events(feedId)).map((e) => e.event_type);
    expect(types).toEqual(["FeedRegistered", "FeedCategorized", "FeedIntervalPinned", "FeedDetailsChanged", "FeedPolled", "FeedPolled"]);
    const state = await loadFeed(deps.store, feedId);
    expect(state).toMatchObject({
      details: { title: "T", siteUrl: `${base}/`, language: "fr", description: "Dépêches" },
      categories: ["wire"],
      pinnedIntervalSeconds: 45,
      nextPollSeconds: 45,
    });
  });

  it("records failures with the reason and Retry-After, backs off, disables after too many, and can be re-enabled", async () => {
    const { feedId } = await registerFeed(deps.store, `${base}/down.xml`);
    const delays: number[] = [];
    for (let i = 0; i < DISABLE_AFTER_FAILURES; i++) {
      const c = ctx();
      const err = await pollFeed({ feedId }, c, deps).then(
        () => undefined,
        (e: unknown) => e as { reason: string; httpStatus: number; retryAfterSeconds?: number; message: string },
      );
      expect(err?.reason).toBe("http-503");
      await recordPollFailure(
        { feedId },
        {
          reason: err?.reason ?? "",
          detail: err?.message ?? "",
          httpStatus: err?.httpStatus,
          retryAfterSeconds: err?.retryAfterSeconds,
          permanent: false,
          attempts: 1,
        },
        c,
        deps,
      );
      const last = (await events(feedId)).filter((e) => e.event_type === "FeedPollFailed").at(-1)?.payload;
      expect(last).toMatchObject({ reason: "http-503", httpStatus: 503, consecutiveFailures: i + 1 });
      delays.push(Number(last?.retryInSeconds));
    }
    expect(delays[0]).toBeGreaterThanOrEqual(120); // Retry-After honoured
    expect(delays.at(-1)).toBeGreaterThan(delays[0] ?? 0); // backoff grows
    expect((await loadFeed(deps.store, feedId)).status).toBe("disabled");
    expect((await events(feedId)).map((e) => e.event_type)).toContain("FeedDisabled");
    expect(await pollFeed({ feedId }, ctx(), deps)).toEqual({ discovered: 0, status: "disabled" });
    expect(await changeFeed(deps.store, feedId, { type: "EnableFeed" }, "test")).toEqual({ feedId, event: "FeedEnabled" });
    // Re-enabled by hand: a full run of attempts before the next disable.
    expect(await loadFeed(deps.store, feedId)).toMatchObject({ status: "active", consecutiveFailures: 0 });
  });

  it("a permanent redirect moves the feed; a temporary one does not", async () => {
    const moved = await registerFeed(deps.store, `${base}/old.xml`);
    await pollFeed({ feedId: moved.feedId }, ctx(), deps);
    expect((await events(moved.feedId)).map((e) => e.event_type)).toEqual(["FeedRegistered", "FeedMoved", "FeedDetailsChanged", "FeedPolled"]);
    expect((await loadFeed(deps.store, moved.feedId)).url).toBe(`${base}/new.xml`);
    const temp = await registerFeed(deps.store, `${base}/temp.xml`);
    await pollFeed({ feedId: temp.feedId }, ctx(), deps);
    expect((await events(temp.feedId)).map((e) => e.event_type)).toEqual(["FeedRegistered", "FeedDetailsChanged", "FeedPolled"]);
    expect((await loadFeed(deps.store, temp.feedId)).url).toBe(`${base}/temp.xml`);
  });

  it("a removed feed stays removed until registered again; enabling it is refused", async () => {
    const url = `${base}/new.xml`;
    const { feedId, created } = await registerFeed(deps.store, url);
    expect(created).toBe(true);
    expect(await registerFeed(deps.store, url)).toEqual({ feedId, created: false });
    expect(await changeFeed(deps.store, feedId, { type: "RemoveFeed" }, "test")).toEqual({ feedId, event: "FeedRemoved" });
    expect(await changeFeed(deps.store, feedId, { type: "RemoveFeed" }, "test")).toEqual({ feedId, event: null });
    await expect(changeFeed(deps.store, feedId, { type: "EnableFeed" }, "test")).rejects.toBeInstanceOf(FeedRemovedError);
    expect(await pollFeed({ feedId }, ctx(), deps)).toEqual({ discovered: 0, status: "removed" });
    expect(await registerFeed(deps.store, url)).toEqual({ feedId, created: true });
    expect((await events(feedId)).map((e) => e.event_type)).toEqual(["FeedRegistered", "FeedRemoved", "FeedRegistered"]);
    expect(await pollFeed({ feedId }, ctx(), deps)).toMatchObject({ status: "changed" });
  });
});
