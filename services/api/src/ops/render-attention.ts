import type { AttentionSeries, TrendingEntity } from "@vigie/search";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Colour per series key, in order of size; the rest share the last. */
const PALETTE = ["#3b7dd8", "#e07b39", "#4a9e5c", "#9b59b6", "#8a939c"];
const MAX_KEYS = PALETTE.length - 1;

export const ATTENTION_STYLE = `
.chart text{font:11px system-ui,sans-serif;fill:#6b737b}.legend span{display:inline-block;margin-right:1rem;font-size:12px}
.legend i{display:inline-block;width:.7rem;height:.7rem;border-radius:2px;margin-right:.3rem;vertical-align:-1px}
#trending{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.5rem 1.5rem}
#trending li{display:grid;grid-template-columns:1fr auto;align-items:center;border-bottom:1px solid #eef0f2;padding:.3rem 0}
#trending .score{font-variant-numeric:tabular-nums;font-weight:600;color:#217a3c}#trending small{grid-column:1/3}`;

/**
 * Articles per interval as stacked bars (one colour per language or feed), inline SVG: readable at
 * a glance, no script, no external asset.
 */
export function renderAttentionChart(series: AttentionSeries, options: { width?: number; height?: number } = {}): string {
  const width = options.width ?? 960;
  const height = options.height ?? 170;
  const top = 12;
  const bottom = 22;
  const left = 34;
  const plot = height - top - bottom;
  const max = Math.max(1, ...series.buckets.map((b) => b.total));
  const keys = series.keys.slice(0, MAX_KEYS).map((k) => k.key);
  const colour = (key: string) => PALETTE[Math.min(keys.indexOf(key) === -1 ? MAX_KEYS : keys.indexOf(key), MAX_KEYS)] ?? "#8a939c";
  const step = (width - left) / Math.max(1, series.buckets.length);
  const bars = series.buckets
    .map((b, i) => {
      let y = top + plot;
      const parts = Object.entries(b.counts)
        .sort(([x], [z]) => (keys.indexOf(x) === -1 ? 99 : keys.indexOf(x)) - (keys.indexOf(z) === -1 ? 99 : keys.indexOf(z)))
        .map(([key, n]) => {
          const h = (n / max) * plot;
          y -= h;
          return `<rect x="${(left + i * step + step * 0.1).toFixed(1)}" y="${y.toFixed(1)}" width="${(step * 0.8).toFixed(1)}" height="${h.toFixed(1)}" fill="${colour(key)}"><title>${escapeHtml(`${b.start} ${key}: ${n}`)}</title></rect>`;
        })
        .join("");
      return `<g data-bucket="${escapeHtml(b.start)}" data-count="${b.total}">${parts}</g>`;
    })
    .join("");
  const first = series.buckets[0]?.start ?? series.from;
  const last = series.buckets.at(-1)?.start ?? series.to;
  const label = (iso: string) => escapeHtml(iso.slice(0, series.interval === "hour" ? 16 : 10).replace("T", " "));
  const axis =
    `<line x1="${left}" y1="${top + plot}" x2="${width}" y2="${top + plot}" stroke="#d7dce1"/>` +
    `<text x="${left - 4}" y="${top + 4}" text-anchor="end">${max}</text><text x="${left - 4}" y="${top + plot}" text-anchor="end">0</text>` +
    `<text x="${left}" y="${height - 6}">${label(first)}</text><text x="${width}" y="${height - 6}" text-anchor="end">${label(last)} UTC</text>`;
  const others = series.keys.length > MAX_KEYS ? `<span><i style="background:${PALETTE[MAX_KEYS]}"></i>other</span>` : "";
  const legend = `<div class="legend">${keys.map((k) => `<span><i style="background:${colour(k)}"></i>${escapeHtml(k)}</span>`).join("")}${others}</div>`;
  return (
    `<svg class="chart" id="attention" data-total="${series.total}" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(`${series.total} articles per ${series.interval} by ${series.by}`)}">${axis}${bars}</svg>` +
    legend
  );
}

/** A small line of an entity's counts per window; the last point (the current window) is marked. */
function sparkline(values: readonly number[], width = 90, height = 22): string {
  const max = Math.max(1, ...values);
  const x = (i: number) => (values.length <= 1 ? width : (i / (values.length - 1)) * (width - 4) + 2);
  const y = (v: number) => height - 2 - (v / max) * (height - 4);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const lastValue = values.at(-1) ?? 0;
  return `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-hidden="true"><polyline points="${points}" fill="none" stroke="#3b7dd8" stroke-width="1.5"/><circle cx="${x(values.length - 1).toFixed(1)}" cy="${y(lastValue).toFixed(1)}" r="2.5" fill="#e07b39"/></svg>`;
}

/** Trending entities: name, sparkline of articles per window, and the score (docs/search.md). */
export function renderTrending(entities: readonly TrendingEntity[], window: string): string {
  if (entities.length === 0) return `<p id="trending-empty">no entity rose in the last ${escapeHtml(window)}</p>`;
  const items = entities
    .map(
      (e) =>
        `<li data-entity="${escapeHtml(e.entityId)}" data-score="${e.score.toFixed(3)}"><span><b>${escapeHtml(e.name)}</b> <small>${escapeHtml(e.type)}</small></span>` +
        `<span class="score" title="(count − mean) / √(std² + mean + 1)">${e.score.toFixed(1)}</span>` +
        `<small>${sparkline(e.series)} ${e.count} articles in ${escapeHtml(window)}, usually ${e.baselineMean.toFixed(1)}</small></li>`,
    )
    .join("");
  return `<ol id="trending">${items}</ol>`;
}
