import type { Queryable, SqlFragment } from "@vigie/db";
import type { SearchQuery } from "./parse-query.ts";

/**
 * `true` for rows of `proj_article_search` (under `alias`) that match the query. Each row was
 * indexed with its language's configuration, so the query is parsed once per configuration and
 * each parse is tested against the rows of that configuration only; a GIN bitmap scan serves each
 * branch. Reusable wherever `proj_article_search` is joined (search, attention, watches).
 *
 * `also` (a `tsquery` text: facet and day lexemes) is ANDed into each branch's query, so that the
 * index answers words and lexemes in one scan. As a separate `tsv @@` condition it gave the planner
 * a choice, and a generic plan of a prepared statement took the lexemes alone (thousands of rows of
 * a feed to read for a word in a hundred of them). A parse with no lexeme (stop words only) stays
 * empty: ANDed, it would match every row holding the lexemes.
 */
export function searchCondition(sql: Queryable, query: SearchQuery, alias = "s", also: string | null = null): SqlFragment {
  const s = sql(alias);
  // The configurations are literals: the planner folds each parse to a constant, whose
  // selectivity it can estimate (a parameter or a sub-select would leave it a default guess).
  const and = (q: SqlFragment) => (also === null ? q : sql`(case when numnode(${q}) = 0 then ${q} else ${q} && ${also}::tsquery end)`);
  return sql`(
    (${s}.config = 'vigie_french'::regconfig and ${s}.tsv @@ ${and(sql`websearch_to_tsquery('vigie_french', ${query.text})`)})
    or (${s}.config = 'vigie_english'::regconfig and ${s}.tsv @@ ${and(sql`websearch_to_tsquery('vigie_english', ${query.text})`)})
    or (${s}.config = 'vigie_simple'::regconfig and ${s}.tsv @@ ${and(sql`websearch_to_tsquery('vigie_simple', ${query.text})`)}))`;
}

/** The query parsed with the row's own configuration (for ranking and snippets of a few rows). */
export function rowQuery(sql: Queryable, query: SearchQuery, alias = "s"): SqlFragment {
  return sql`websearch_to_tsquery(${sql(alias)}.config, ${query.text})`;
}
