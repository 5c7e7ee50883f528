import type { Queryable } from "@vigie/db";
import { articleFilters, type ArticleFilters } from "./article-filters.ts";
import type { SearchQuery } from "./parse-query.ts";
import { searchCondition } from "./search-condition.ts";

export type AttentionInterval = "hour" | "day";
export type AttentionBy = "language" | "feed";

export interface AttentionOptions extends Omit<ArticleFilters, "since" | "until"> {
  /** Articles matching this query (needs the search projection). */
  query?: SearchQuery | undefined;
  interval: AttentionInterval;
  /** Start, rounded down to the interval (UTC). */
  from: Date;
  /** End, exclusive. */
  to: Date;
  /** Split each bucket by article language (`und` when unknown) or by feed id (`none`). */
  by: AttentionBy;
}

export interface AttentionSeries {
  interval: AttentionInterval;
  by: AttentionBy;
  from: string;
  to: string;
  total: number;
  /** Every key seen, most articles first, with its total. */
  keys: { key: string; total: number }[];
  /** One per interval from `from` to `to`, empty ones included. */
  buckets: { start: string; total: number; counts: Record<string, number> }[];
}

/** Most buckets one request may ask for (a month of hours is 744). */
export const MAX_BUCKETS = 1000;

const STEP_MS: Record<AttentionInterval, number> = { hour: 3_600_000, day: 86_400_000 };

/** `from` rounded down to the interval, and how many buckets reach `to`. */
export function bucketRange(interval: AttentionInterval, from: Date, to: Date): { start: Date; count: number } {
  const step = STEP_MS[interval];
  const start = new Date(Math.floor(from.getTime() / step) * step);
  return { start, count: Math.max(0, Math.ceil((to.getTime() - start.getTime()) / step)) };
}

/**
 * Articles over time (by discovery time, the one every article has), counted per interval and
 * per language or feed, with the same filters as the article list.
 */
export async function attention(sql: Queryable, options: AttentionOptions): Promise<AttentionSeries> {
  const { start, count } = bucketRange(options.interval, options.from, options.to);
  if (count > MAX_BUCKETS) throw new RangeError(`${count} buckets asked, at most ${MAX_BUCKETS}: use a shorter range or interval=day`);
  const step = STEP_MS[options.interval];
  const key = options.by === "language" ? sql`coalesce(nullif(lower(split_part(a.language, '-', 1)), ''), 'und')` : sql`coalesce(a.feed_id, 'none')`;
  const rows = await sql<{ bucket: Date; key: string; n: number }[]>`
    select date_bin(${`${step / 1000} seconds`}::interval, a.discovered_at, ${start}::timestamptz) as bucket, ${key} as key, count(*)::int as n
    from proj_articles a
      ${options.query === undefined ? sql`` : sql`join proj_article_search s on s.article_id = a.article_id`}
    where a.discovered_at >= ${start} and a.discovered_at < ${options.to}
      ${options.query === undefined ? sql`` : sql`and ${searchCondition(sql, options.query)}`}
      ${articleFilters(sql, options)}
    group by 1, 2`;
  const buckets = Array.from({ length: count }, (_, i) => ({
    start: new Date(start.getTime() + i * step).toISOString(),
    total: 0,
    counts: {} as Record<string, number>,
  }));
  const keys = new Map<string, number>();
  let total = 0;
  for (const row of rows) {
    const bucket = buckets[Math.round((row.bucket.getTime() - start.getTime()) / step)];
    if (!bucket) continue;
    bucket.counts[row.key] = (bucket.counts[row.key] ?? 0) + row.n;
    bucket.total += row.n;
    keys.set(row.key, (keys.get(row.key) ?? 0) + row.n);
    total += row.n;
  }
  return {
    interval: options.interval,
    by: options.by,
    from: start.toISOString(),
    to: options.to.toISOString(),
    total,
    keys: [...keys].map(([k, n]) => ({ key: k, total: n })).sort((x, y) => y.total - x.total || x.key.localeCompare(y.key)),
    buckets,
  };
}
