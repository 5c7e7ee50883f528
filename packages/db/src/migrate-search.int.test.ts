import { afterAll, describe, expect, it } from "vitest";
import { createSql } from "./create-database.ts";
import { migrate } from "./migrate.ts";
import { createTestDatabase, migrateBefore, type TestDatabase } from "./testing.ts";

// Search rows written before migration 0016 get their facet lexemes (0016) and their discovery
// day (0018) from the upgrade: the filtered and day-sliced lookups of @vigie/search rely on every
// row holding them, with the words left as they were.
describe("migrations 0016 and 0018 on search rows written before them", () => {
  let db: TestDatabase | undefined;
  afterAll(async () => db?.drop());

  it("adds each row's feed, language, entity and day lexemes", async () => {
    db = await createTestDatabase({ migrate: false });
    await migrateBefore(db.url, "0016_search_facets");
    const owner = createSql({ url: db.url, max: 1 });
    try {
      const rows = [
        { key: "a1", at: "2026-11-30T23:59:59.999999Z", feed: "f1", lang: "fr-FR", entities: ["Q90", "Q142"], body: "La grève continue à Paris." },
        { key: "a2", at: "2026-12-01T00:00:00Z", feed: "f2", lang: null, entities: [], body: "Sans langue déclarée." },
      ];
      for (const r of rows) {
        const id = r.key.padStart(64, "0");
        await owner`insert into proj_articles (article_id, url, feed_id, language, status, discovered_at, updated_at)
                    values (${id}, ${`https://news.example/${r.key}`}, ${r.feed}, ${r.lang}, 'tagged', ${r.at}::timestamptz, now())`;
        for (const e of r.entities)
          await owner`insert into proj_article_entities (article_id, entity_id, name, type, mentions) values (${id}, ${e}, ${e}, 'LOC', 1)`;
        await owner`insert into proj_article_search (article_id, revision, config, title, lead, body, tsv, discovered_at)
                    select ${id}, 1, c, null, null, ${r.body}, vigie_search_vector(c, null, null, ${r.body}), ${r.at}::timestamptz
                    from vigie_search_config(${r.lang}) c`;
      }

      await migrate(db.url);

      const after = await owner<{ key: string; facets: string[]; words: boolean }[]>`
        select ltrim(article_id, '0') as key,
          array(select l from unnest(tsvector_to_array(tsv)) l where l like '% %' order by l) as facets,
          tsv @@ websearch_to_tsquery(config, coalesce(nullif(body, ''), 'x')) as words
        from proj_article_search order by article_id`;
      expect(after).toEqual([
        { key: "a1", facets: ["day 2026-11-30", "entity Q142", "entity Q90", "feed f1", "lang fr", "lang fr-FR", "week 2026-11-30"], words: true },
        { key: "a2", facets: ["day 2026-12-01", "feed f2", "week 2026-11-30"], words: true },
      ]);
    } finally {
      await owner.end();
    }
  });
});
