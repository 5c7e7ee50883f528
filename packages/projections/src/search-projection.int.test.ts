import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createSql, type Sql } from "@vigie/db";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import type { RecordedEvent } from "@vigie/event-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchProjection } from "./search-projection.ts";

const fixture = (type: string) =>
  readFile(new URL(`../../contracts/fixtures/${type}.v1.json`, import.meta.url), "utf8").then((t) => JSON.parse(t) as Record<string, unknown>);

let position = 0;
/** A recorded event at a chosen time: the projection takes the discovery day from `recordedAt`. */
function recorded(type: string, data: Record<string, unknown>, recordedAt: string): RecordedEvent {
  position += 1;
  return {
    eventId: randomUUID(),
    streamId: `article:${String(data.articleId)}`,
    streamVersion: position,
    type,
    schemaVersion: 1,
    storedSchemaVersion: 1,
    data,
    metadata: {},
    txId: String(position),
    globalPosition: position,
    recordedAt: new Date(recordedAt),
  };
}

describe("search projection: the discovery day in the vector", () => {
  let db: TestDatabase;
  let sql: Sql;
  beforeAll(async () => {
    db = await createTestDatabase();
    sql = createSql({ url: db.url, role: "vigie_app", max: 2 });
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  const facets = async (articleId: string) => {
    const [row] = await sql<{ lexemes: string[] }[]>`
      select array(select l from unnest(tsvector_to_array(tsv)) l where l like '% %' order by l) as lexemes
      from proj_article_search where article_id = ${articleId}`;
    return row?.lexemes;
  };

  it("keeps exactly one day and one week lexeme, those of the discovery (UTC), through fetches on later days and taggings", async () => {
    const [fetched, tagged] = await Promise.all([fixture("ArticleFetched"), fixture("EntitiesTagged")]);
    const id = "d".repeat(64);
    const url = "https://news.example/late";
    // Discovered one millisecond before midnight UTC (already the next day in Paris).
    await searchProjection.apply(sql, recorded("ArticleDiscovered", { articleId: id, url, feedId: "f1", itemId: "late" }, "2026-11-30T23:59:59.999Z"));
    expect(await facets(id)).toEqual(["day 2026-11-30", "feed f1", "week 2026-11-30"]);
    const fetch = (revision: number, at: string, language?: string) =>
      searchProjection.apply(
        sql,
        recorded("ArticleFetched", { ...fetched, articleId: id, url, finalUrl: url, revision, title: "Marée", text: `Marée haute ${revision}.`, language }, at),
      );
    await fetch(1, "2026-12-01T00:00:01Z", "fr");
    expect(await facets(id)).toEqual(["day 2026-11-30", "feed f1", "lang fr", "week 2026-11-30"]);
    await searchProjection.apply(
      sql,
      recorded(
        "EntitiesTagged",
        { ...tagged, articleId: id, mentions: [], entities: [{ entityId: "Q1", name: "Q1", type: "LOC", count: 1 }] },
        "2026-12-02T10:00:00Z",
      ),
    );
    await fetch(2, "2026-12-03T10:00:00Z", "fr-FR");
    expect(await facets(id)).toEqual(["day 2026-11-30", "entity Q1", "feed f1", "lang fr", "lang fr-FR", "week 2026-11-30"]);
    // An older revision replayed late changes nothing.
    await fetch(1, "2026-12-04T10:00:00Z", "en");
    expect(await facets(id)).toEqual(["day 2026-11-30", "entity Q1", "feed f1", "lang fr", "lang fr-FR", "week 2026-11-30"]);
    const [row] = await sql<{ words: boolean }[]>`
      select tsv @@ to_tsquery('vigie_french', 'haute & 2') as words from proj_article_search where article_id = ${id}`;
    expect(row?.words).toBe(true);
  });
});
