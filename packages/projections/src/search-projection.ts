import type { Queryable } from "@vigie/db";
import type { RecordedEvent } from "@vigie/event-store";
import { narrowEvent } from "@vigie/streams";
import type { Projection } from "./projection.ts";

const SEARCH_TYPES: ReadonlySet<string> = new Set(["ArticleDiscovered", "ArticleFetched", "EntitiesTagged"]);

/** Longest body kept for snippets; the vector is cut at the same length (migration 0010). */
const MAX_BODY_CHARS = 100_000;

/*
 * Each fetch of an article carries its whole text, so the row is the latest revision's text: an
 * older revision replayed late (or twice) never overwrites a newer one. Configuration and vector
 * are computed by the SQL functions of migration 0010, which the search queries and the bench's
 * generated rows use too. The vector also holds the row's facet lexemes (feed, language, entity
 * ids: `vigie_search_facets`, migration 0016), so that filters are answered by the GIN index;
 * they follow the article projection's rules: the feed of the discovery, the latest known
 * language, the entities of the latest tagging. And the UTC day of the discovery
 * (`vigie_search_day`, migration 0018), which lets a search ask the index for a few days at a time.
 */
async function apply(sql: Queryable, recorded: RecordedEvent): Promise<void> {
  const event = narrowEvent<"ArticleDiscovered" | "ArticleFetched" | "EntitiesTagged">(SEARCH_TYPES, recorded);
  if (!event) return;
  if (event.type === "ArticleDiscovered") {
    // The discovery time and feed, as in proj_articles; no text yet (no word matches).
    const feedId = event.data.feedId;
    await sql`
      insert into proj_article_search (article_id, revision, config, body, tsv, discovered_at, feed_id)
      values (${event.data.articleId}, 0, 'vigie_simple', '', vigie_search_facets(${feedId}, null, '{}') || vigie_search_day(${event.recordedAt}), ${event.recordedAt}, ${feedId})
      on conflict (article_id) do nothing`;
    return;
  }
  if (event.type === "EntitiesTagged") {
    const ids = [...new Set(event.data.entities.map((e) => e.entityId))].sort();
    await sql`
      update proj_article_search set
        entity_ids = ${ids}::text[],
        tsv = ts_delete(tsv, tsvector_to_array(vigie_search_facets(null, null, entity_ids))) || vigie_search_facets(null, null, ${ids}::text[])
      where article_id = ${event.data.articleId}`;
    return;
  }
  const d = event.data;
  const title = d.title ?? null;
  const lead = d.lead ?? null;
  const body = d.text.slice(0, MAX_BODY_CHARS);
  const language = d.language ?? null;
  // On conflict, the new text's vector (excluded.tsv, with this fetch's language facets and day)
  // gets the row's own facets instead: its feed, its latest known language, its entities, the day
  // of its discovery.
  await sql`
    insert into proj_article_search (article_id, revision, config, title, lead, body, tsv, discovered_at, language)
    select ${d.articleId}, ${d.revision}, c.config, ${title}, ${lead}, ${body},
      vigie_search_vector(c.config, ${title}, ${lead}, ${body}) || vigie_search_facets(null, ${language}, '{}') || vigie_search_day(${event.recordedAt}),
      ${event.recordedAt}, ${language}
    from (select vigie_search_config(${language}) as config) c
    on conflict (article_id) do update set
      revision = excluded.revision, config = excluded.config, title = excluded.title, lead = excluded.lead, body = excluded.body,
      language = coalesce(excluded.language, proj_article_search.language),
      tsv = ts_delete(excluded.tsv, tsvector_to_array(vigie_search_facets(null, excluded.language, '{}') || vigie_search_day(excluded.discovered_at)))
        || vigie_search_facets(proj_article_search.feed_id, coalesce(excluded.language, proj_article_search.language), proj_article_search.entity_ids)
        || vigie_search_day(proj_article_search.discovered_at)
    where proj_article_search.revision <= excluded.revision`;
}

/** Full-text search over each article's latest fetched text: `proj_article_search` (docs/search.md). */
export const searchProjection: Projection = {
  name: "search",
  tables: ["proj_article_search"],
  types: ["ArticleDiscovered", "ArticleFetched", "EntitiesTagged"],
  apply,
};
