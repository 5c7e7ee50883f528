import type { Queryable, SqlFragment } from "@vigie/db";
import { articleFilters, type ArticleFilters } from "./article-filters.ts";
import type { SearchQuery } from "./parse-query.ts";
import { facetQuery } from "./facet-query.ts";
import { rowQuery, searchCondition } from "./search-condition.ts";
import { DAY_MS, spanQuery } from "./span-query.ts";

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
  /**
   * How the newest matches are searched (docs/search.md): rows read by the first step of the walk
   * down the date index, and rows the walk may read before the GIN index is asked for the rest.
   * @defaultValue `{ firstStep: 1000, limit: 20000 }`
   */
  walk?: { firstStep?: number; limit?: number };
}

/** Default number of newest matches ranked by relevance (docs/search.md). */
export const RANK_WINDOW = 200;

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

/** Rows read by the first step of the walk down the date index. */
const FIRST_STEP = 1000;
/**
 * Rows the walk reads before it may stop with a full page (and fewer than the window ranked),
 * when neither reading on nor the GIN lookup is cheap: a rare phrase of common words.
 */
const WALK_LIMIT = 20_000;
/** What a GIN candidate costs against a row read by the walk (a random heap fetch, a recheck). */
const LOOKUP_COST = 3;
/** What one more statement (planning, the index scan) costs, in rows read by the walk. */
const LOOKUP_FIXED = 500;
/** Most days a lookup asks the index for at once; a longer span is looked up as the whole rest. */
const MAX_SLICE_DAYS = 62;
/** Slack on the span of days sized to hold the rest of the window: fewer statements, a few more rows. */
const SLICE_SLACK = 1.25;
/**
 * What one lexeme of a span costs the index, in rows read by the walk, for each of the three
 * configurations a query is parsed with (`searchCondition`): its posting list is walked once per
 * configuration. Measured at 1 M articles: 45 day lexemes added ~26 ms to a lookup.
 */
const LEXEME_COST = 12 * 3;

/**
 * Where a walk stopped: the last row read. The timestamp stays text (sent as `::text`): a JS
 * `Date`, which the driver would make of a timestamptz parameter, drops the microseconds.
 */
interface Cursor {
  at: string;
  id: string;
}

/** One step of the walk: the matches among the rows read, GIN candidates seen, the last row read. */
interface WalkRow {
  hits: string[];
  candidates: number;
  read: number;
  at: string | null;
  id: string | null;
  /** The table's size as last estimated (`pg_class.reltuples`), for the lookup's cost. */
  table_rows: number;
  /** Times of the newest and oldest rows read (ms since the epoch), to size the lookup's slices. */
  newest_ms: number | null;
  oldest_ms: number | null;
  /** Time of the table's oldest row: no slice reaches past it. */
  first_ms: number | null;
}

/** The query without its phrases' positions (their words ANDed): what the GIN index can answer. */
function withoutPositions(query: SearchQuery): SearchQuery {
  return { ...query, text: query.text.replace(/-"[^"]*"?/g, " ").replace(/"/g, " ") };
}

/**
 * The newest `window` matches, two ways, chosen from what the first rows show:
 * - the **walk** reads rows newest first down the date index, in steps, testing each row's
 *   vector (kept in the row: migration 0016). A common word fills the window from its first
 *   rows, where a GIN lookup would first build a bitmap of a large share of the table;
 * - the **lookup** asks the GIN index for the rest of the range (words and facet filters
 *   intersected), and reads every candidate it returns (for a phrase: each row holding all its
 *   words, to check positions). Cheap for what is rare.
 * After each step the rates seen (matches, GIN candidates per row read) estimate both costs and
 * the cheaper goes on. Both go newest first over disjoint parts of the range, so the result is
 * exactly the newest `window` matches (ties on `discovered_at` broken by id) — except when both
 * would be dear (a rare phrase of common words): past {@link WALK_LIMIT} rows the walk stops as
 * soon as it holds `pageEnd` matches, and only those are ranked.
 */
async function newestMatches(sql: Queryable, query: SearchQuery, options: SearchOptions, window: number, pageEnd: number): Promise<string[]> {
  const { since, until, walk: tuning, ...rest } = options;
  const needsArticles = rest.category !== undefined || rest.cluster !== undefined;
  const facets = facetQuery(rest);
  // Facet and span lexemes, ANDed into the words' query (one index scan per configuration).
  const also = (span: string | null) => (span === null ? facets : facets === null ? span : `${facets} & (${span})`);
  // What the GIN index returns: the words (phrases without positions) and the lexemes.
  const candidate = searchCondition(sql, query.phrases.length > 0 ? withoutPositions(query) : query, "s", also(null));
  const match = (span: string | null) => sql`${searchCondition(sql, query, "s", also(span))}
    ${needsArticles ? sql`and exists (select 1 from proj_articles a where a.article_id = s.article_id ${articleFilters(sql, rest)})` : sql``}`;
  // The walk goes down the date index; the lookup must not use it: ANDed with the GIN bitmap, the
  // date index's bitmap of a large share of the table cost more than the rows it saved (150 ms at
  // 1 M, seen with generic plans), so there the time is an expression the index cannot answer.
  const unindexedAt = sql`(s.discovered_at + '0 s'::interval)`;
  const range = (cursor: Cursor | null, byIndex = true) => {
    const at = byIndex ? sql`s.discovered_at` : unindexedAt;
    return sql`
    ${since === undefined ? sql`` : sql`and ${at} >= ${since}`}
    ${until === undefined ? sql`` : sql`and ${at} < ${until}`}
    ${cursor === null ? sql`` : sql`and ${at} <= ${cursor.at}::text::timestamptz and (${at}, s.article_id) < (${cursor.at}::text::timestamptz, ${cursor.id})`}`;
  };
  const limit = tuning?.limit ?? WALK_LIMIT;
  const firstStep = tuning?.firstStep ?? FIRST_STEP;
  const ids: string[] = [];
  let cursor: Cursor | null = null;
  let read = 0;
  let candidates = 0;
  let tableRows = 0;
  let topMs: number | null = null;
  let lastMs: number | null = null;
  let firstMs: number | null = null;
  let step = firstStep;
  // How many matches the lookup must find: the window, or past the walk's budget only the page.
  let target = window;
  for (;;) {
    const [walk]: WalkRow[] = await sql<WalkRow[]>`
      with chunk as (
        select s.article_id, s.discovered_at, (${match(null)}) as hit, (${candidate}) as candidate from proj_article_search s
        where true ${range(cursor)}
        order by s.discovered_at desc, s.article_id desc limit ${step})
      select coalesce(array_agg(article_id order by discovered_at desc, article_id desc) filter (where hit), '{}') as hits,
        (count(*) filter (where candidate))::int as candidates,
        count(*)::int as read, min(discovered_at)::text as at, (array_agg(article_id order by discovered_at, article_id))[1] as id,
        (select greatest(reltuples, 0)::float8 from pg_class where oid = 'proj_article_search'::regclass) as table_rows,
        extract(epoch from max(discovered_at))::float8 * 1000 as newest_ms, extract(epoch from min(discovered_at))::float8 * 1000 as oldest_ms,
        extract(epoch from (select min(discovered_at) from proj_article_search))::float8 * 1000 as first_ms
      from chunk`;
    if (!walk) return ids;
    ids.push(...walk.hits.slice(0, window - ids.length));
    read += walk.read;
    candidates += walk.candidates;
    tableRows = walk.table_rows;
    topMs ??= walk.newest_ms;
    lastMs = walk.oldest_ms;
    firstMs = walk.first_ms;
    if (ids.length >= window || walk.read < step || walk.at === null || walk.id === null) return ids;
    if (read >= limit && ids.length >= pageEnd) return ids;
    cursor = { at: walk.at, id: walk.id };
    // Costs in rows read, at the rates seen so far (half a hit more than seen: no rate is zero).
    // Within the budget the walk goes on until the window is full or the budget spent; past it,
    // until the page is full.
    const budget = limit - read;
    const walkRows = (((budget > 0 ? window : pageEnd) - ids.length) * read) / (ids.length + 0.5);
    // The lookup reads the candidates of the days that should hold the rest of the window
    // (with slack), or of the whole rest when that is fewer.
    const sliceCandidates = (SLICE_SLACK * ((budget > 0 ? window : pageEnd) - ids.length) * (candidates + 0.5)) / (ids.length + 0.5);
    const restCandidates = ((candidates + 0.5) * Math.max(tableRows - read, 0)) / read;
    const lookupRows = LOOKUP_FIXED + LOOKUP_COST * Math.min(sliceCandidates, restCandidates);
    if (lookupRows < (budget > 0 ? Math.min(walkRows, budget) : walkRows)) {
      if (budget <= 0) target = pageEnd;
      break;
    }
    step = Math.max(Math.ceil(budget > 0 ? Math.min(walkRows * 1.2, budget) : walkRows * 1.2), firstStep);
  }
  // Materialized, so that the planner cannot trade the GIN lookup for a walk down the date index
  // in the hope of meeting matches early (it would read the whole range for a rare word).
  const lookup = async (span: string | null, bound: SqlFragment = sql``) => {
    const rows = await sql<{ article_id: string }[]>`
      with found as materialized (
        select s.article_id, s.discovered_at from proj_article_search s
        where ${match(span)} ${range(cursor, false)} ${bound})
      select article_id from found
      order by discovered_at desc, article_id desc
      limit ${window - ids.length}`;
    for (const row of rows) ids.push(row.article_id);
  };
  // Then the rest, newest days first. Each lookup asks the index for the words AND a span of days
  // (day and week lexemes, migration 0018) sized, at the rate of matches seen so far, to hold the
  // rest of the window: only that span's candidates are read from the heap, where one lookup over
  // the whole range read every match of a rare word (a random page each) to keep the newest 200.
  if (topMs === null || lastMs === null) {
    await lookup(null);
    return ids;
  }
  const oldestDay = Math.max(Math.floor((firstMs ?? lastMs) / DAY_MS), since === undefined ? -Infinity : Math.floor(since.getTime() / DAY_MS));
  // GIN candidates per match, as the walk saw them (more than one for a phrase).
  const candidatesPerMatch = (candidates + 0.5) / (ids.length + 0.5);
  // The newest day not looked up yet: the cursor's (its rows older than the cursor remain).
  let day = Math.floor(lastMs / DAY_MS);
  let coveredMs = topMs - lastMs;
  while (ids.length < target && day >= oldestDay) {
    const perMatchMs = Math.max(coveredMs, 1) / (ids.length + 0.5);
    const span = Math.min(Math.max(1, Math.ceil((SLICE_SLACK * (target - ids.length) * perMatchMs) / DAY_MS)), day - oldestDay + 1);
    // The span of days; or the whole rest at once when the span would reach the end of the range,
    // is too long, or costs more (its candidates and lexemes) than reading every candidate left.
    const lexemes = span > MAX_SLICE_DAYS || span >= day - oldestDay + 1 ? "" : spanQuery(day, span);
    const restCandidates = (candidatesPerMatch * Math.max((day + 1) * DAY_MS - (firstMs ?? lastMs), 0)) / perMatchMs;
    const spanCandidates = candidatesPerMatch * SLICE_SLACK * (target - ids.length);
    const spanCost = LOOKUP_COST * spanCandidates + LEXEME_COST * lexemes.split(" | ").length;
    if (lexemes === "" || LOOKUP_COST * restCandidates <= spanCost) {
      await lookup(null, sql`and ${unindexedAt} < ${new Date((day + 1) * DAY_MS)}`);
      break;
    }
    await lookup(lexemes);
    day -= span;
    coveredMs = topMs - (day + 1) * DAY_MS;
  }
  return ids;
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
  const ids = await newestMatches(sql, query, filters, window, offset + limit);
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
