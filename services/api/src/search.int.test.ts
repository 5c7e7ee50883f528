import { createHash, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { articleStreamId, feedStreamId } from "@vigie/contracts";
import { articlesProjection, rebuildProjection, searchProjection } from "@vigie/projections";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiValidator } from "./testing/openapi-validator.ts";
import { createTestApp, type TestApp } from "./testing/test-app.ts";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const fixture = (type: string) =>
  readFile(new URL(`../../../packages/contracts/fixtures/${type}.v1.json`, import.meta.url), "utf8").then((t) => JSON.parse(t) as Record<string, unknown>);

interface Listed {
  articles: { articleId: string; url: string; match?: { rank: number; title: string; snippet: string } }[];
  next: string | null;
  rankedAmong?: number;
}

/* Articles in French, English and no language, fed through the real projections. */
const ARTICLES = [
  {
    key: "fr1",
    feed: "f-fr",
    language: "fr",
    title: "L'Élysée répond aux syndicats",
    text: "Le président de la République a reçu les syndicats à l'Élysée mardi.\nLa réforme des retraites divise la majorité.",
  },
  {
    key: "fr2",
    feed: "f-fr",
    language: "fr-FR",
    title: "Grève contre la réforme des retraites",
    text: "Les cheminots sont en grève contre la réforme des retraites. Le trafic est perturbé dans toute la France.",
  },
  {
    key: "en1",
    feed: "f-en",
    language: "en",
    title: "Pension protests in France",
    text: "Workers protested the pension reform in Paris. The president met unions at the Elysee palace.",
  },
  { key: "en2", feed: "f-en", language: "en", title: "Markets rally", text: "Stock markets rallied on Tuesday as investors welcomed the news." },
  { key: "xx", feed: "f-en", language: undefined, title: "Ohne Sprache", text: "Résumé sans langue déclarée: café crème & thé." },
] as const;
const id = (key: string) => sha(`https://news.example/${key}`);
const ids = (list: Listed) => list.articles.map((a) => a.url.split("/").at(-1));

describe("search, attention and trending", () => {
  let t: TestApp;
  let validate: ReturnType<typeof openApiValidator>;
  const get = async (url: string) => {
    const res = await t.app.inject({ url });
    const path = url.split("?")[0] ?? url;
    const checked = validate(path, "get", res.statusCode, res.json(), String(res.headers["content-type"]).split(";")[0] ?? "");
    expect(checked, `${url} → ${res.statusCode} ${res.body.slice(0, 300)}`).toEqual({ success: true });
    return res;
  };
  const list = async (query: string) => {
    const res = await get(`/v1/articles?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Listed;
  };

  beforeAll(async () => {
    t = await createTestApp({ authMode: "anonymous" });
    validate = openApiValidator((await t.app.inject({ url: "/openapi.json" })).json());
    const [fetched, accepted, tagged] = await Promise.all([fixture("ArticleFetched"), fixture("ArticleAccepted"), fixture("EntitiesTagged")]);
    const store = t.runtime.store;
    for (const feedId of ["f-fr", "f-en"])
      await store.appendToStream(feedStreamId(feedId), [
        { eventId: randomUUID(), type: "FeedRegistered", data: { feedId, url: `https://${feedId}.example/rss` } },
      ]);
    for (const a of ARTICLES) {
      const articleId = id(a.key);
      const url = `https://news.example/${a.key}`;
      const { language: _language, ...base } = fetched;
      await store.appendToStream(articleStreamId(articleId), [
        { eventId: randomUUID(), type: "ArticleDiscovered", data: { articleId, url, feedId: a.feed, itemId: a.key } },
        {
          eventId: randomUUID(),
          type: "ArticleFetched",
          data: { ...base, articleId, url, finalUrl: url, title: a.title, text: a.text, ...(a.language ? { language: a.language } : {}) },
        },
      ]);
    }
    // fr2 joins a cluster; fr1 is tagged with an entity; en2 gets a second revision with new text.
    await store.appendToStream(articleStreamId(id("fr2")), [
      { eventId: randomUUID(), type: "ArticleAccepted", data: { ...accepted, articleId: id("fr2"), clusterId: "cluster-greve" } },
    ]);
    await store.appendToStream(articleStreamId(id("fr1")), [
      {
        eventId: randomUUID(),
        type: "EntitiesTagged",
        data: { ...tagged, articleId: id("fr1"), language: "fr", mentions: [], entities: [{ entityId: "Q-elysee", name: "Élysée", type: "LOC", count: 2 }] },
      },
    ]);
    await store.appendToStream(articleStreamId(id("en2")), [
      {
        eventId: randomUUID(),
        type: "ArticleFetched",
        data: { ...fetched, articleId: id("en2"), revision: 2, language: "en", title: "Markets fall", text: "Bond markets fell sharply." },
      },
    ]);
    await rebuildProjection(t.runtime.sql, articlesProjection);
    await rebuildProjection(t.runtime.sql, searchProjection);
  });
  afterAll(async () => t?.close());

  it("matches French without accents and with stemming, and highlights the page's snippets", async () => {
    const elysee = await list("q=elysee");
    expect(ids(elysee).sort()).toEqual(["en1", "fr1"]);
    expect(ids(await list(`q=${encodeURIComponent("ÉLYSÉE")}`)).sort()).toEqual(["en1", "fr1"]);
    const fr1 = elysee.articles.find((a) => a.articleId === id("fr1"));
    expect(fr1?.match?.snippet).toContain("<mark>Élysée</mark>");
    expect(fr1?.match?.title).toBe("L&#39;<mark>Élysée</mark> répond aux syndicats");
    // "retraite" stems like "retraites"; the title match (fr2) ranks above the body-only match (fr1).
    const retraite = await list("q=retraite");
    expect(ids(retraite)).toEqual(["fr2", "fr1"]);
    expect(retraite.articles[0]?.match?.rank).toBeGreaterThan(retraite.articles[1]?.match?.rank ?? Infinity);
    expect(retraite.rankedAmong).toBe(2);
    // No language: `simple` after unaccent; the text's markup comes back escaped.
    const cafe = await list("q=cafe");
    expect(ids(cafe)).toEqual(["xx"]);
    expect(cafe.articles[0]?.match?.snippet).toContain("<mark>café</mark>");
    expect(cafe.articles[0]?.match?.snippet).toContain("crème &#38; thé");
  });

  it("understands phrases, negation and or", async () => {
    expect(ids(await list(`q=${encodeURIComponent('"réforme des retraites"')}`)).sort()).toEqual(["fr1", "fr2"]);
    expect(ids(await list(`q=${encodeURIComponent('"retraites réforme"')}`))).toEqual([]);
    expect(ids(await list(`q=${encodeURIComponent("réforme -cheminots")}&lang=fr`))).toEqual(["fr1"]);
    expect(ids(await list(`q=${encodeURIComponent('retraites -"toute la France"')}`))).toEqual(["fr1"]);
    expect(ids(await list("q=cheminots%20or%20investors")).sort()).toEqual(["fr2"]);
    // en2's text is its latest revision's: "rallied … investors" is gone, "fell" is there.
    expect(ids(await list("q=cheminots%20or%20fell")).sort()).toEqual(["en2", "fr2"]);
  });

  it("combines the query with the list's filters and pages by offset", async () => {
    expect(ids(await list("q=president&feed=f-en"))).toEqual(["en1"]);
    expect(ids(await list("q=president&lang=fr"))).toEqual(["fr1"]);
    expect(ids(await list("q=retraites&entity=Q-elysee"))).toEqual(["fr1"]);
    expect(ids(await list("q=retraites&cluster=cluster-greve"))).toEqual(["fr2"]);
    expect(ids(await list("q=retraites&since=2000-01-01T00:00:00Z&until=2000-01-02T00:00:00Z"))).toEqual([]);
    const first = await list("q=retraites&limit=1");
    expect(ids(first)).toEqual(["fr2"]);
    expect(first.next).not.toBeNull();
    const second = await list(`q=retraites&limit=1&before=${first.next ?? ""}`);
    expect(ids(second)).toEqual(["fr1"]);
    for (const bad of ["q=-cheminots", "q=%20", `q=${"a".repeat(501)}`, "q=retraites&before=zzz"]) {
      const res = await t.app.inject({ url: `/v1/articles?${bad}` });
      expect(res.statusCode, bad).toBe(400);
    }
  });

  it("counts attention per hour and language for a query, per day and feed for an entity", async () => {
    const now = new Date();
    const from = new Date(now.getTime() - 3 * 3_600_000).toISOString();
    const to = new Date(now.getTime() + 3_600_000).toISOString();
    const res = await get(`/v1/attention?q=retraites&interval=hour&from=${from}&to=${to}`);
    const series = res.json() as {
      total: number;
      buckets: { start: string; total: number; counts: Record<string, number> }[];
      keys: { key: string; total: number }[];
    };
    expect(series.total).toBe(2);
    expect(series.buckets).toHaveLength(5);
    expect(series.keys).toEqual([{ key: "fr", total: 2 }]);
    expect(series.buckets.filter((b) => b.total > 0).map((b) => b.counts)).toEqual([{ fr: 2 }]);

    // Entity attention over chosen days: rows written as the articles projection writes them.
    const day = (d: number, h = 12) => new Date(Date.UTC(2026, 10, d, h));
    const rows = [
      [1, "f-fr"],
      [1, "f-en"],
      [1, "f-fr"],
      [3, "f-fr"],
    ] as const;
    for (const [i, [d, feed]] of rows.entries()) {
      const articleId = sha(`attention-${i}`);
      await t.runtime
        .sql`insert into proj_articles (article_id, url, feed_id, status, discovered_at, updated_at) values (${articleId}, ${`https://a.example/${i}`}, ${feed}, 'tagged', ${day(d)}, ${day(d)})`;
      await t.runtime
        .sql`insert into proj_article_entities (article_id, entity_id, name, type, mentions) values (${articleId}, 'Q-attention', 'Attention', 'PER', 1)`;
    }
    const byFeed = (
      await get(`/v1/attention?entity=Q-attention&interval=day&by=feed&from=${day(1, 5).toISOString()}&to=${day(4, 0).toISOString()}`)
    ).json() as typeof series;
    expect(byFeed.buckets.map((b) => [b.start, b.counts])).toEqual([
      [day(1, 0).toISOString(), { "f-fr": 2, "f-en": 1 }],
      [day(2, 0).toISOString(), {}],
      [day(3, 0).toISOString(), { "f-fr": 1 }],
    ]);
    expect(byFeed.keys).toEqual([
      { key: "f-fr", total: 3 },
      { key: "f-en", total: 1 },
    ]);
    for (const bad of [
      "/v1/attention",
      "/v1/attention?q=x&interval=week",
      `/v1/attention?q=x&interval=hour&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
      "/v1/attention?q=x&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
    ]) {
      expect((await t.app.inject({ url: bad })).statusCode, bad).toBe(400);
    }
  });

  it("ranks trending entities by the smoothed z-score of the window against their own baseline", async () => {
    const at = new Date(Date.UTC(2026, 5, 15, 0, 0));
    const hoursBefore = (h: number) => new Date(at.getTime() - h * 3_600_000);
    // per entity: articles in the current 24 h window, then in each of the 7 windows before it
    const plan: Record<string, number[]> = {
      "Q-steady": [5, 5, 5, 5, 5, 5, 5, 5],
      "Q-burst": [9, 1, 1, 1, 1, 1, 1, 1],
      "Q-new": [4, 0, 0, 0, 0, 0, 0, 0],
      "Q-small": [2, 0, 0, 0, 0, 0, 0, 0],
      "Q-fading": [3, 9, 9, 9, 9, 9, 9, 9],
    };
    let n = 0;
    for (const [entityId, counts] of Object.entries(plan)) {
      for (const [window, count] of counts.entries()) {
        for (let i = 0; i < count; i += 1) {
          const articleId = sha(`trend-${n++}`);
          const when = hoursBefore(window * 24 + 1 + i);
          await t.runtime
            .sql`insert into proj_articles (article_id, url, status, discovered_at, updated_at) values (${articleId}, ${`https://t.example/${n}`}, 'tagged', ${when}, ${when})`;
          await t.runtime
            .sql`insert into proj_article_entities (article_id, entity_id, name, type, mentions) values (${articleId}, ${entityId}, ${entityId}, 'ORG', 1)`;
        }
      }
    }
    // An article in the future of `at` and one older than the baseline are ignored.
    for (const when of [new Date(at.getTime() + 60_000), hoursBefore(8 * 24 + 1)]) {
      const articleId = sha(`trend-out-${when.toISOString()}`);
      await t.runtime
        .sql`insert into proj_articles (article_id, url, status, discovered_at, updated_at) values (${articleId}, ${`https://t.example/${articleId}`}, 'tagged', ${when}, ${when})`;
      await t.runtime
        .sql`insert into proj_article_entities (article_id, entity_id, name, type, mentions) values (${articleId}, 'Q-burst', 'Q-burst', 'ORG', 1)`;
    }
    const res = await get(`/v1/entities/trending?window=24h&at=${at.toISOString()}`);
    const body = res.json() as { entities: { entityId: string; count: number; score: number; baselineMean: number; series: number[] }[] };
    expect(body.entities.map((e) => e.entityId)).toEqual(["Q-burst", "Q-new", "Q-steady", "Q-fading"]);
    const [burst, fresh, steady, fading] = body.entities;
    expect(burst?.score).toBeCloseTo(8 / Math.sqrt(2), 6);
    expect(burst?.series).toEqual([1, 1, 1, 1, 1, 1, 1, 9]);
    expect(fresh?.score).toBeCloseTo(4, 6);
    expect(steady?.score).toBeCloseTo(0, 6);
    expect(fading?.score).toBeCloseTo(-6 / Math.sqrt(10), 6);
    const narrow = (await get(`/v1/entities/trending?window=24h&at=${at.toISOString()}&minCount=5&limit=1`)).json() as typeof body;
    expect(narrow.entities.map((e) => e.entityId)).toEqual(["Q-burst"]);
    for (const bad of ["window=0h", "window=31d", "window=1w", "baseline=x"])
      expect((await t.app.inject({ url: `/v1/entities/trending?${bad}` })).statusCode, bad).toBe(400);
  });
});
