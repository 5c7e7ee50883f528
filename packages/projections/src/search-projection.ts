import type { Queryable } from "@vigie/db";
import type { RecordedEvent } from "@vigie/event-store";
import { narrowEvent } from "@vigie/streams";
import type { Projection } from "./projection.ts";

const SEARCH_TYPES: ReadonlySet<string> = new Set(["ArticleDiscovered", "ArticleFetched"]);

/** Longest body kept for snippets; the vector is cut at the same length (migration 0010). */
const MAX_BODY_CHARS = 100_000;

/*
 * Each fetch of an article carries its whole text, so the row is the latest revision's text: an
 * older revision replayed late (or twice) never overwrites a newer one. Configuration and vector
 * are computed by the SQL functions of migration 0010, which the search queries and the bench's
 * generated rows use too.
 */
async function apply(sql: Queryable, recorded: RecordedEvent): Promise<void> {
  const event = narrowEvent<"ArticleDiscovered" | "ArticleFetched">(SEARCH_TYPES, recorded);
  if (!event) return;
  if (event.type === "ArticleDiscovered") {
    // The discovery time, as in proj_articles; no text yet (an empty vector matches nothing).
    await sql`
      insert into proj_article_search (article_id, revision, config, body, tsv, discovered_at)
      values (${event.data.articleId}, 0, 'vigie_simple', '', ''::tsvector, ${event.recordedAt})
      on conflict (article_id) do nothing`;
    return;
  }
  const d = event.data;
  const title = d.title ?? null;
  const lead = d.lead ?? null;
  const body = d.text.slice(0, MAX_BODY_CHARS);
  await sql`
    insert into proj_article_search (article_id, revision, config, title, lead, body, tsv, discovered_at)
    select ${d.articleId}, ${d.revision}, c.config, ${title}, ${lead}, ${body}, vigie_search_vector(c.config, ${title}, ${lead}, ${body}), ${event.recordedAt}
    from (select vigie_search_config(${d.language ?? null}) as config) c
    on conflict (article_id) do update set
      revision = excluded.revision, config = excluded.config, title = excluded.title, lead = excluded.lead, body = excluded.body, tsv = excluded.tsv
    where proj_article_search.revision <= excluded.revision`;
}

/** Full-text search over each article's latest fetched text: `proj_article_search` (docs/search.md). */
export const searchProjection: Projection = {
  name: "search",
  tables: ["proj_article_search"],
  types: ["ArticleDiscovered", "ArticleFetched"],
  apply,
};
