import type { Queryable } from "@vigie/db";

/**
 * The trending statistic (docs/search.md): for each entity, `x` articles mention it in the
 * current window and `b_1 … b_K` in each of the K windows before it (zeros included). With the
 * baseline mean μ and population variance σ²:
 *
 *   score = (x − μ) / √(σ² + μ + 1)
 *
 * σ² is the entity's own burstiness; μ is the Poisson floor (counts of a steady entity still
 * vary by about √μ); the 1 keeps entities never seen before finite (a new entity with x articles
 * scores x). Entities below `minCount` articles in the window are left out.
 */
export function trendScore(current: number, baseline: readonly number[]): { score: number; mean: number; std: number } {
  const k = baseline.length;
  const mean = k === 0 ? 0 : baseline.reduce((s, n) => s + n, 0) / k;
  const variance = k === 0 ? 0 : baseline.reduce((s, n) => s + (n - mean) ** 2, 0) / k;
  return { score: (current - mean) / Math.sqrt(variance + mean + 1), mean, std: Math.sqrt(variance) };
}

export interface TrendingOptions {
  /** Window length in seconds (24 h: 86 400). */
  windowSeconds: number;
  /** End of the current window. @defaultValue now */
  at?: Date;
  /** Windows of the same length before it that make the baseline. @defaultValue 7 */
  baselineWindows?: number;
  /** Fewest articles in the current window for an entity to be listed. @defaultValue 3 */
  minCount?: number;
  /** @defaultValue 20 */
  limit?: number;
}

export interface TrendingEntity {
  entityId: string;
  name: string;
  type: string;
  /** Articles mentioning it in the current window. */
  count: number;
  baselineMean: number;
  baselineStd: number;
  score: number;
  /** Article counts per window, oldest first; the last one is the current window. */
  series: number[];
}

/** Entities whose article count in the window rose most against their own baseline. */
export async function trendingEntities(sql: Queryable, options: TrendingOptions): Promise<TrendingEntity[]> {
  const at = options.at ?? new Date();
  const k = options.baselineWindows ?? 7;
  const minCount = options.minCount ?? 3;
  const w = options.windowSeconds;
  // Window i (0 = current) holds articles discovered in (at − (i+1)·w, at − i·w].
  const rows = await sql<{ entity_id: string; name: string; type: string; i: number; n: number }[]>`
    select x.entity_id, min(x.name) as name, min(x.type) as type,
      floor(extract(epoch from (${at}::timestamptz - a.discovered_at)) / ${w})::int as i, count(*)::int as n
    from proj_articles a join proj_article_entities x on x.article_id = a.article_id
    where a.discovered_at > ${at}::timestamptz - make_interval(secs => ${w * (k + 1)}) and a.discovered_at <= ${at}
    group by x.entity_id, i`;
  const byEntity = new Map<string, { name: string; type: string; counts: number[] }>();
  for (const row of rows) {
    let entry = byEntity.get(row.entity_id);
    if (!entry) byEntity.set(row.entity_id, (entry = { name: row.name, type: row.type, counts: new Array<number>(k + 1).fill(0) }));
    if (row.i >= 0 && row.i <= k) entry.counts[row.i] = (entry.counts[row.i] ?? 0) + row.n;
  }
  const scored: TrendingEntity[] = [];
  for (const [entityId, { name, type, counts }] of byEntity) {
    const [current = 0, ...baseline] = counts;
    if (current < minCount) continue;
    const { score, mean, std } = trendScore(current, baseline);
    scored.push({ entityId, name, type, count: current, baselineMean: mean, baselineStd: std, score, series: [...counts].reverse() });
  }
  scored.sort((x, y) => y.score - x.score || y.count - x.count || (x.entityId < y.entityId ? -1 : x.entityId > y.entityId ? 1 : 0));
  return scored.slice(0, options.limit ?? 20);
}
