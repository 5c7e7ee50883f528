import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "@vigie/api/testing";
import { articlesProjection, feedsProjection, rebuildProjection } from "@vigie/projections";
import { VigieHttpError } from "./errors/vigie-http-error.ts";
import { createVigieClient } from "./vigie-client.ts";

const id = (n: number) => n.toString(16).padStart(64, "0");
const POLITICS = "Politique, France";
const WEST = "Europe/Ouest";

describe("SDK articles, filtered by feed category", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ authMode: "anonymous" });
    await t.listen();
    const store = t.runtime.store;
    // Three feeds filed by events, as `vigie feeds add --category` and PATCH /v1/feeds do.
    const feeds: [string, string[]][] = [
      ["fa", [POLITICS, WEST]],
      ["fb", [WEST]],
      ["fc", ["Politique"]],
    ];
    for (const [feedId, categories] of feeds) {
      await store.appendToStream(`feed:${feedId}`, [
        { eventId: randomUUID(), type: "FeedRegistered", data: { feedId, url: `https://${feedId}.example/rss` } },
        { eventId: randomUUID(), type: "FeedCategorized", data: { feedId, categories } },
      ]);
    }
    // Five articles per feed.
    for (let n = 0; n < 15; n++) {
      const feedId = feeds[n % 3]?.[0] ?? "fa";
      await store.appendToStream(`article:${id(n)}`, [
        { eventId: randomUUID(), type: "ArticleDiscovered", data: { articleId: id(n), url: `https://${feedId}.example/${n}`, feedId, itemId: String(n) } },
      ]);
    }
    await rebuildProjection(t.runtime.sql, feedsProjection);
    await rebuildProjection(t.runtime.sql, articlesProjection);
  });
  afterAll(async () => t?.close());

  it("returns the articles of feeds under a category, labels with commas and slashes included, page after page", async () => {
    const vigie = createVigieClient({ http: { url: t.base } });
    const feedsOf = (articles: { feedId: string | null }[]) => [...new Set(articles.map((a) => a.feedId))].sort();

    const politics = await vigie.articles({ category: POLITICS });
    expect(politics.articles).toHaveLength(5);
    expect(feedsOf(politics.articles)).toEqual(["fa"]);
    // "Politique" alone is another label, not a prefix match.
    expect(feedsOf((await vigie.articles({ category: "Politique" })).articles)).toEqual(["fc"]);

    const west = await vigie.articles({ category: WEST, limit: 4 });
    expect(west.articles).toHaveLength(4);
    expect(west.next).not.toBeNull();
    const all = [];
    for await (const a of vigie.allArticles({ category: WEST, limit: 4 })) all.push(a);
    expect(all).toHaveLength(10);
    expect(feedsOf(all)).toEqual(["fa", "fb"]);
    expect(new Set(all.map((a) => a.articleId)).size).toBe(10);
    // Newest first, across pages.
    expect(all.map((a) => a.discoveredAt)).toEqual([...all.map((a) => a.discoveredAt)].sort().reverse());

    expect((await vigie.articles({ category: "Sport" })).articles).toEqual([]);
    // Combined with another filter.
    expect((await vigie.articles({ category: WEST, feed: "fb" })).articles.every((a) => a.feedId === "fb")).toBe(true);
  });

  it("a refused query is a VigieHttpError with the problem document; the Postgres transport says it has no articles", async () => {
    const vigie = createVigieClient({ http: { url: t.base } });
    const err = await vigie.articles({ category: "x".repeat(101) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VigieHttpError);
    expect((err as VigieHttpError).status).toBe(400);
    const overPostgres = createVigieClient({ postgres: { url: t.db.url } });
    try {
      expect(() => overPostgres.articles({ category: WEST })).toThrow(/served by the vigie API/);
    } finally {
      await overPostgres.transport.close();
    }
  });
});
