import type { Queryable } from "@vigie/db";
import type { RecordedEvent } from "@vigie/event-store";
import { narrowEvent } from "@vigie/streams";
import type { Projection } from "./projection.ts";

const SEARCH_TYPES: ReadonlySet<string> = new Set(["ArticleFetched"]);

/** Longest body kept for snippets; the vector is cut at the same length (migration 0010). */
const MAX_BODY_CHARS = 100_000;

/*
 * Each fetch of an article carries its whole text, so the row is the latest revision's text: an
 * older revision replayed late (or twice) never overwrites a newer one. Configuration and vector
 * are computed by the SQL functions of migration 0010, which the search queries and the bench's
 * generated rows use too.
 */
async function apply(sql: Queryable, recorded: RecordedEvent): Promise<void> {
  const event = narrowEvent<"ArticleFetched">(SEARCH_TYPES, recorded);
  if (!event) return;
  const d = event.data;
  const title = d.title ?? null;
  const lead = d.lead ?? null;
  const body = d.text.slice(0, MAX_BODY_CHARS);
  await sql`
    insert into proj_article_search (article_id, revision, config, title, lead, body, tsv)
    select ${d.articleId}, ${d.revision}, c.config, ${title}, ${lead}, ${body}, vigie_search_vector(c.config, ${title}, ${lead}, ${body})
    from (select vigie_search_config(${d.language ?? null}) as config) c
    on conflict (article_id) do update set
      revision = excluded.revision, config = excluded.config, title = excluded.title, lead = excluded.lead, body = excluded.body, tsv = excluded.tsv
    where proj_article_search.revision <= excluded.revision`;
}

/** Full-text search over each article's latest fetched text: `proj_article_search` (docs/search.md). */
export const searchProjection: Projection = {
  name: "search",
  tables: ["proj_article_search"],
  types: ["ArticleFetched"],
  apply,
};
