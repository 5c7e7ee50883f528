import type { Queryable, SqlFragment } from "@vigie/db";
import type { SearchQuery } from "./parse-query.ts";

/**
 * `true` for rows of `proj_article_search` (under `alias`) that match the query. Each row was
 * indexed with its language's configuration, so the query is parsed once per configuration and
 * each parse is tested against the rows of that configuration only; a GIN bitmap scan serves each
 * branch. Reusable wherever `proj_article_search` is joined (search, attention, watches).
 */
export function searchCondition(sql: Queryable, query: SearchQuery, alias = "s"): SqlFragment {
  const s = sql(alias);
  return sql`(
    (${s}.config = 'vigie_french'::regconfig and ${s}.tsv @@ websearch_to_tsquery('vigie_french', ${query.text}))
    or (${s}.config = 'vigie_english'::regconfig and ${s}.tsv @@ websearch_to_tsquery('vigie_english', ${query.text}))
    or (${s}.config = 'vigie_simple'::regconfig and ${s}.tsv @@ websearch_to_tsquery('vigie_simple', ${query.text})))`;
}

/** The query parsed with the row's own configuration (for ranking and snippets of a few rows). */
export function rowQuery(sql: Queryable, query: SearchQuery, alias = "s"): SqlFragment {
  return sql`websearch_to_tsquery(${sql(alias)}.config, ${query.text})`;
}
