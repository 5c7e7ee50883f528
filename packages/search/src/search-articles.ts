import type { Queryable } from "@vigie/db";
import { articleFilters, type ArticleFilters } from "./article-filters.ts";
import type { SearchQuery } from "./parse-query.ts";
import { rowQuery, searchCondition } from "./search-condition.ts";

/** A `proj_articles` row as postgres.js returns it. */
export interface ProjArticleRow {
  article_id: string;
  url: string;
  feed_id: string | null;
  title: string | null;
  language: string | null;
  published_at: Date | null;
  status: string;
  failure_reason: string | null;
  cluster_id: string | null;
  original_article_id: string | null;
  duplicate_method: string | null;
  revision: number;
  discovered_at: Date;
  updated_at: Date;
}

export interface SearchHit {
  article: ProjArticleRow;
  /** `ts_rank` with weights title 1, lead 0.4, body 0.2 (Postgres defaults for A, B, C). */
  rank: number;
  /** Up to two passages of the body (or lead) around the matches; HTML-escaped, matches in `<mark>`. */
  snippet: string;
  /** The title, HTML-escaped, matches in `<mark>`. */
  title: string;
}

export interface SearchOptions extends ArticleFilters {
  /** @defaultValue 20 */
  limit?: number;
  /** Hits to skip (paging). @defaultValue 0 */
  offset?: number;
  /**
   * How many of the newest matching articles are ranked. Ranking reads every candidate's vector,
   * so an unbounded rank of a common word would read most of the table; news search favours
   * recent articles anyway. @defaultValue {@link RANK_WINDOW}
   */
  rankWindow?: number;
}

/** Default number of newest matches ranked by relevance (docs/search.md). */
export const RANK_WINDOW = 1000;

const START = "\uE000";
const STOP = "\uE001";
const HEADLINE = `StartSel=${START}, StopSel=${STOP}, MaxFragments=2, MinWords=8, MaxWords=24, FragmentDelimiter=" … "`;
const TITLE_HEADLINE = `StartSel=${START}, StopSel=${STOP}, HighlightAll=true`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** ts_headline does not escape: escape the text, then turn the private-use markers into tags. */
export function markHighlights(text: string): string {
  return escapeHtml(text).replaceAll(START, "<mark>").replaceAll(STOP, "</mark>");
}

interface HitRow extends ProjArticleRow {
  rank: number;
  snippet: string;
  title_highlight: string;
}

/**
 * Full-text search with filters: the newest `rankWindow` matches are ranked by relevance (then
 * recency) and only the returned page gets snippets, since `ts_headline` re-parses each text.
 */
export async function searchArticles(sql: Queryable, query: SearchQuery, options: SearchOptions = {}): Promise<{ hits: SearchHit[]; candidates: number }> {
  const limit = options.limit ?? 20;
  const offset = options.offset ?? 0;
  const window = Math.max(options.rankWindow ?? RANK_WINDOW, offset + limit);
  const rows = await sql<(HitRow & { candidates: number })[]>`
    with candidates as materialized (
      select a.article_id, a.discovered_at
      from proj_article_search s join proj_articles a on a.article_id = s.article_id
      where ${searchCondition(sql, query)} ${articleFilters(sql, options)}
      order by a.discovered_at desc
      limit ${window}
    ), page as (
      select c.article_id, c.discovered_at, ts_rank(s.tsv, ${rowQuery(sql, query)}) as rank
      from candidates c join proj_article_search s on s.article_id = c.article_id
      order by rank desc, c.discovered_at desc, c.article_id desc
      offset ${offset} limit ${limit}
    )
    select a.*, p.rank,
      ts_headline(s.config, coalesce(nullif(s.body, ''), s.lead, ''), ${rowQuery(sql, query)}, ${HEADLINE}) as snippet,
      ts_headline(s.config, coalesce(s.title, a.title, ''), ${rowQuery(sql, query)}, ${TITLE_HEADLINE}) as title_highlight,
      (select count(*)::int from candidates) as candidates
    from page p
      join proj_articles a on a.article_id = p.article_id
      join proj_article_search s on s.article_id = p.article_id
    order by p.rank desc, p.discovered_at desc, p.article_id desc`;
  const hits = rows.map(({ rank, snippet, title_highlight, candidates: _candidates, ...article }) => ({
    article,
    rank,
    snippet: markHighlights(snippet),
    title: markHighlights(title_highlight),
  }));
  return { hits, candidates: rows[0]?.candidates ?? 0 };
}
