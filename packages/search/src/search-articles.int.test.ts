import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createSql, type Sql } from "@vigie/db";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { EventStore } from "@vigie/event-store";
import { articlesProjection, rebuildProjection, searchProjection } from "@vigie/projections";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articleFilters, type ArticleFilters } from "./article-filters.ts";
import { parseQuery } from "./parse-query.ts";
import { searchArticles } from "./search-articles.ts";
import { searchCondition } from "./search-condition.ts";

const fixture = (type: string) =>
  readFile(new URL(`../../contracts/fixtures/${type}.v1.json`, import.meta.url), "utf8").then((t) => JSON.parse(t) as Record<string, unknown>);
const articleId = (key: string) => key.padStart(64, "0");

describe("searchArticles over the search projection", () => {
  let db: TestDatabase;
  let sql: Sql;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = createSql({ url: db.url, max: 2 });
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  /** What the list's filters (over proj_articles) say, for the same words: the facets must agree. */
  async function expected(q: string, filters: ArticleFilters): Promise<string[]> {
    const rows = await sql<{ article_id: string }[]>`
      select a.article_id from proj_articles a join proj_article_search s on s.article_id = a.article_id
      where ${searchCondition(sql, parseQuery(q))} ${articleFilters(sql, filters)} order by a.article_id`;
    return rows.map((r) => r.article_id);
  }
  const found = async (q: string, filters: ArticleFilters) =>
    (await searchArticles(sql, parseQuery(q), { ...filters, limit: 50 })).hits.map((h) => h.article.article_id).sort();

  it("filters by feed, language and entity as the article list does, after re-tagging and new revisions", async () => {
    const store = new EventStore(sql);
    const [fetched, tagged] = await Promise.all([fixture("ArticleFetched"), fixture("EntitiesTagged")]);
    const { language: _language, ...base } = fetched;
    // A feed id with a quote and a backslash: facet lexemes are quoted in the tsquery.
    const articles = [
      { key: "a1", feedId: "f-fr", language: "fr-FR", text: "Les cheminots sont en grève." },
      { key: "a2", feedId: "f'x\\y", language: "fr", text: "La grève continue." },
      { key: "a3", feedId: "f-fr", language: undefined, text: "Grève sans langue déclarée." },
      { key: "a4", feedId: "f-en", language: "en", text: "The strike goes on." },
    ];
    for (const a of articles) {
      const id = articleId(a.key);
      const url = `https://news.example/${a.key}`;
      await store.appendToStream(`article:${id}`, [
        { eventId: randomUUID(), type: "ArticleDiscovered", data: { articleId: id, url, feedId: a.feedId, itemId: a.key } },
        {
          eventId: randomUUID(),
          type: "ArticleFetched",
          data: { ...base, articleId: id, url, finalUrl: url, title: a.key, text: a.text, ...(a.language ? { language: a.language } : {}) },
        },
      ]);
    }
    const tag = (key: string, entityIds: string[]) =>
      store.appendToStream(`article:${articleId(key)}`, [
        {
          eventId: randomUUID(),
          type: "EntitiesTagged",
          data: {
            ...tagged,
            articleId: articleId(key),
            mentions: [],
            entities: entityIds.map((entityId) => ({ entityId, name: entityId, type: "ORG", count: 1 })),
          },
        },
      ]);
    await tag("a1", ["Q-sncf", "Q-cgt"]);
    await tag("a2", ["Q-cgt", "Q-l'ami"]);
    // a1 is tagged again (Q-sncf is gone), then fetched again without a language: it keeps
    // fr-FR, its feed and its entities, and its text is the new one.
    await tag("a1", ["Q-cgt", "Q-rail"]);
    await store.appendToStream(`article:${articleId("a1")}`, [
      {
        eventId: randomUUID(),
        type: "ArticleFetched",
        data: { ...base, articleId: articleId("a1"), url: "https://news.example/a1", revision: 2, title: "a1", text: "La grève des cheminots continue." },
      },
    ]);
    await rebuildProjection(sql, articlesProjection);
    await rebuildProjection(sql, searchProjection);

    const cases: [string, ArticleFilters, string[]][] = [
      ["greve", { feed: "f-fr" }, ["a1", "a3"]],
      ["greve", { feed: "f'x\\y" }, ["a2"]],
      ["greve", { lang: "fr" }, ["a1", "a2"]],
      ["greve", { lang: "fr-FR" }, ["a1"]],
      ["greve", { entity: "Q-cgt" }, ["a1", "a2"]],
      ["greve", { entity: "Q-sncf" }, []],
      ["greve", { entity: "Q-rail", lang: "fr", feed: "f-fr" }, ["a1"]],
      ["greve", { entity: "Q-l'ami" }, ["a2"]],
      ["continue", { entity: "Q-cgt" }, ["a1", "a2"]],
      ["strike", { lang: "fr" }, []],
      ["strike", { lang: "en", feed: "f-en" }, ["a4"]],
      // A stop word of the row's configuration: no lexeme to AND with the facets, no match.
      ["the", { feed: "f-en" }, []],
    ];
    for (const [q, filters, keys] of cases) {
      const want = keys.map(articleId);
      expect(await expected(q, filters), `${q} ${JSON.stringify(filters)} (list)`).toEqual(want);
      expect(await found(q, filters), `${q} ${JSON.stringify(filters)} (search)`).toEqual(want);
    }
  });

  it("ranks exactly the newest matches, whichever slices of time they fall in", async () => {
    await sql`delete from proj_article_search`;
    // 400 articles over 200 days, denser in the last days, by groups of five within two
    // microseconds (ties are broken by id; a cursor must keep the microseconds); every third
    // one holds the word.
    const now = Date.UTC(2026, 11, 1);
    for (let i = 0; i < 400; i++) {
      const j = i - (i % 5);
      const at = new Date(now - (j < 100 ? j * 600_000 : (j - 99) ** 2 * 12 * 60_000));
      const body = i % 3 === 0 ? `marée basse numéro ${i}` : `ciel clair numéro ${i}`;
      await sql`
        insert into proj_articles (article_id, url, status, discovered_at, updated_at)
        values (${articleId(`s${i}`)}, ${`https://tide.example/${i}`}, 'tagged', ${at}, ${at})`;
      await sql`
        insert into proj_article_search (article_id, revision, config, title, lead, body, tsv, discovered_at)
        select ${articleId(`s${i}`)}, 1, c, null, null, ${body}, vigie_search_vector(c, null, null, ${body}) || vigie_search_day(t), t
        from vigie_search_config('fr') c, (select ${at}::timestamptz + ${i % 2} * interval '1 microsecond' as t) d`;
    }
    // Costs are estimated from the table's size in pg_class.
    await sql`analyze proj_article_search`;
    const newest = async (window: number, filters: ArticleFilters) => {
      const rows = await sql<{ article_id: string }[]>`
        select s.article_id from proj_article_search s where ${searchCondition(sql, parseQuery("maree"))}
          ${filters.since === undefined ? sql`` : sql`and s.discovered_at >= ${filters.since}`}
          ${filters.until === undefined ? sql`` : sql`and s.discovered_at < ${filters.until}`}
        order by s.discovered_at desc, s.article_id desc limit ${window}`;
      return rows.map((r) => r.article_id).sort();
    };
    const windows: [number, ArticleFilters][] = [
      [5, {}],
      [40, {}],
      [120, {}],
      [500, {}],
      [30, { until: new Date(now - 20 * 86_400_000) }],
      [30, { since: new Date(now - 50 * 86_400_000), until: new Date(now - 2 * 86_400_000) }],
    ];
    // Small steps and limits, so that walks of several steps, the GIN lookup, and both, are used.
    const walks = [undefined, { firstStep: 7, limit: 1000 }, { firstStep: 3, limit: 20 }, { firstStep: 1, limit: 1 }];
    for (const walk of walks)
      for (const [window, filters] of windows) {
        const result = await searchArticles(sql, parseQuery("maree"), { ...filters, rankWindow: window, limit: window, ...(walk ? { walk } : {}) });
        const what = `window ${window} ${JSON.stringify(filters)} ${JSON.stringify(walk)}`;
        expect(result.hits.map((h) => h.article.article_id).sort(), what).toEqual(await newest(window, filters));
        expect(result.candidates, what).toBe(Math.min(window, (await newest(1000, filters)).length));
      }
    // Past its limit, a walk that is neither cheap to go on with nor to replace by the lookup
    // stops as soon as it holds the page: fewer than the window are ranked, and they are the newest.
    const short = await searchArticles(sql, parseQuery("maree"), { rankWindow: 100, limit: 5, walk: { firstStep: 4, limit: 8 } });
    expect(short.candidates).toBeGreaterThanOrEqual(5);
    expect(short.candidates).toBeLessThan(100);
    const newestShort = await newest(short.candidates, {});
    expect(short.hits.every((h) => newestShort.includes(h.article.article_id))).toBe(true);
  });
});
