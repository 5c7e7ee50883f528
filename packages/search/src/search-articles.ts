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

/** Time slices tried in turn, newest first, until one holds `rankWindow` matches (days; last: all). */
const SLICE_DAYS = [1, 7, 30, 180] as const;

/**
 * The newest `window` matches. A slice of time is searched first and widened until it holds
 * enough: inside a slice the GIN bitmap and the btree on `discovered_at` combine (BitmapAnd), so
 * the vectors are not read row by row (reading them is what costs: they are TOASTed), and a common
 * word is answered from the newest day or week alone.
 */
async function newestMatches(sql: Queryable, query: SearchQuery, options: SearchOptions, window: number): Promise<string[]> {
  const { since, until, ...rest } = options;
  const needsArticles =
    rest.entity !== undefined || rest.feed !== undefined || rest.category !== undefined || rest.cluster !== undefined || rest.lang !== undefined;
  const [newest] = await sql<{ at: Date | null }[]>`
    select max(discovered_at) as at from proj_article_search where true ${until === undefined ? sql`` : sql`and discovered_at < ${until}`}`;
  if (!newest?.at) return [];
  const anchor = newest.at.getTime();
  for (const days of [...SLICE_DAYS, null]) {
    const lower = days === null ? since : new Date(Math.max(anchor - days * 86_400_000, since?.getTime() ?? -Infinity));
    const rows = await sql<{ article_id: string }[]>`
      select s.article_id from proj_article_search s
        ${needsArticles ? sql`join proj_articles a on a.article_id = s.article_id` : sql``}
      where ${searchCondition(sql, query)}
        ${lower === undefined ? sql`` : sql`and s.discovered_at >= ${lower}`}
        ${until === undefined ? sql`` : sql`and s.discovered_at < ${until}`}
        ${needsArticles ? articleFilters(sql, rest) : sql``}
      order by s.discovered_at desc
      limit ${window}`;
    // A slice reaching back past `since` is already the whole range asked for.
    if (rows.length >= window || days === null || (since !== undefined && lower !== undefined && lower.getTime() <= since.getTime()))
      return rows.map((r) => r.article_id);
  }
  return [];
}

/**
 * Full-text search with filters: the newest `rankWindow` matches are ranked by relevance (then
 * recency) and only the returned page gets snippets, since `ts_headline` re-parses each text.
 */
export async function searchArticles(sql: Queryable, query: SearchQuery, options: SearchOptions = {}): Promise<{ hits: SearchHit[]; candidates: number }> {
  const limit = options.limit ?? 20;
  const offset = options.offset ?? 0;
  const { limit: _limit, offset: _offset, rankWindow, ...filters } = options;
  const window = Math.max(rankWindow ?? RANK_WINDOW, offset + limit);
  const ids = await newestMatches(sql, query, filters, window);
  if (ids.length === 0) return { hits: [], candidates: 0 };
  const rows = await sql<HitRow[]>`
    with page as (
      select s.article_id, s.discovered_at, ts_rank(s.tsv, ${rowQuery(sql, query)}) as rank
      from proj_article_search s
      where s.article_id = any(${sql.array(ids)}::text[])
      order by rank desc, s.discovered_at desc, s.article_id desc
      offset ${offset} limit ${limit}
    )
    select a.*, p.rank,
      ts_headline(s.config, coalesce(nullif(s.body, ''), s.lead, ''), ${rowQuery(sql, query)}, ${HEADLINE}) as snippet,
      ts_headline(s.config, coalesce(s.title, a.title, ''), ${rowQuery(sql, query)}, ${TITLE_HEADLINE}) as title_highlight
    from page p
      join proj_articles a on a.article_id = p.article_id
      join proj_article_search s on s.article_id = p.article_id
    order by p.rank desc, p.discovered_at desc, p.article_id desc`;
  const hits = rows.map(({ rank, snippet, title_highlight, ...article }) => ({
    article,
    rank,
    snippet: markHighlights(snippet),
    title: markHighlights(title_highlight),
  }));
  return { hits, candidates: ids.length };
}
