import type { AttentionSeries, TrendingEntity } from "@vigie/search";
import { FUNNEL_ROWS, type OpsFigures } from "./ops-figures.ts";
import { ATTENTION_STYLE, renderAttentionChart, renderTrending } from "./render-attention.ts";
import { type DashboardStory, renderStories, STORIES_STYLE } from "./render-stories.ts";

/** What the people who monitor news look at first: volume over time and what is rising. */
export interface MonitoringFigures {
  attention: AttentionSeries;
  trending: TrendingEntity[];
  trendingWindow: string;
  /** The most recently active stories. */
  stories?: DashboardStory[];
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const ago = (d: Date | null) => (d ? `${Math.max(0, Math.round((Date.now() - d.getTime()) / 60_000))} min ago` : "never");

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem auto;max-width:72rem;color:#1d232a;padding:0 1rem}
h1{font-size:1.4rem}h2{font-size:1.05rem;margin-top:2rem;border-bottom:1px solid #d7dce1;padding-bottom:.25rem}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eef0f2;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.bar{background:#3b7dd8;height:.7rem;display:inline-block;border-radius:2px}
.healthy{color:#217a3c}.failing{color:#b3261e;font-weight:600}.disabled,.removed{color:#6b737b}.tag{display:inline-block;background:#eef3fb;border-radius:3px;padding:0 .3rem;margin:0 .2rem .2rem 0;font-size:12px}
nav a{margin-right:1rem}small{color:#6b737b}`;

function funnelTable(f: OpsFigures["funnel"]): string {
  const max = Math.max(1, f.day.discovered);
  const rows = FUNNEL_ROWS.map(
    ([key, label]) =>
      `<tr><td>${label}</td><td class="n" data-funnel="hour-${key}">${f.hour[key]}</td><td class="n" data-funnel="day-${key}">${f.day[key]}</td>` +
      `<td><span class="bar" style="width:${Math.round((f.day[key] / max) * 100)}%"></span></td></tr>`,
  ).join("");
  return `<table id="funnel"><thead><tr><th>stage</th><th class="n">last hour</th><th class="n">last day</th><th style="width:45%"></th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The operations page: plain HTML rendered on the server, no script. */
export function renderDashboard(f: OpsFigures, now = new Date(), monitoring?: MonitoringFigures): string {
  const feeds = f.feeds
    .map(
      (x) =>
        `<tr><td><a href="${escapeHtml(x.url)}">${escapeHtml(x.title ?? x.url)}</a><br><small>${escapeHtml(x.feedId)}</small></td>` +
        `<td data-categories>${x.categories.map((c) => `<span class="tag">${escapeHtml(c)}</span>`).join("")}</td>` +
        `<td class="${escapeHtml(x.health)}">${escapeHtml(x.health)}</td><td>${ago(x.lastPolledAt)}</td><td class="n">${x.consecutiveFailures}</td><td>${escapeHtml(x.lastError ?? "")}</td></tr>`,
    )
    .join("");
  const articles = f.articles
    .map(
      (a) =>
        `<tr><td><a href="${escapeHtml(a.url)}">${escapeHtml(a.title ?? a.url)}</a></td><td>${escapeHtml(a.language ?? "")}</td><td>${escapeHtml(a.status)}</td>` +
        `<td>${a.entities.map((e) => `<span class="tag" title="${escapeHtml(`${e.type} ${e.id}`)}">${escapeHtml(e.name)}</span>`).join("")}</td></tr>`,
    )
    .join("");
  const consumers = f.consumers
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.consumer)}</td><td>${c.kind}</td><td class="n" data-lag="${escapeHtml(c.consumer)}">${c.lagEvents}</td><td class="n">${c.lagSeconds.toFixed(1)}</td></tr>`,
    )
    .join("");
  const queues = f.queues
    .map(
      (q) =>
        `<tr><td>${escapeHtml(q.queue)}</td>${["wait", "active", "delayed", "failed", "completed"].map((s) => `<td class="n">${q.counts[s] ?? 0}</td>`).join("")}<td class="n">${q.oldestWaitingSeconds.toFixed(0)}</td></tr>`,
    )
    .join("");
  const health = Object.entries(f.feedsByHealth)
    .map(([h, n]) => `<span class="${escapeHtml(h)}">${n} ${escapeHtml(h)}</span>`)
    .join(" · ");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="refresh" content="15"><title>vigie — operations</title><style>${STYLE}${ATTENTION_STYLE}${STORIES_STYLE}</style></head><body>
<h1>vigie</h1><nav><a href="/admin/queues">queues (bull-board)</a><a href="/metrics">metrics</a><a href="/openapi.json">API</a></nav>
<small>as of ${now.toISOString()}</small>
${
  monitoring
    ? `<h2>Attention: articles per ${monitoring.attention.interval}, by ${monitoring.attention.by}</h2>${renderAttentionChart(monitoring.attention)}` +
      `<h2>Trending entities (${escapeHtml(monitoring.trendingWindow)} against the 7 windows before)</h2>${renderTrending(monitoring.trending, monitoring.trendingWindow)}` +
      (monitoring.stories ? `<h2>Stories, most recently active first</h2>${renderStories(monitoring.stories, now)}` : "")
    : ""
}
<h2>Pipeline funnel</h2>${funnelTable(f.funnel)}
<h2>Queues</h2><table><thead><tr><th>queue</th><th class="n">wait</th><th class="n">active</th><th class="n">delayed</th><th class="n">failed</th><th class="n">completed</th><th class="n">oldest waiting (s)</th></tr></thead><tbody>${queues}</tbody></table>
<h2>Consumer lag</h2><table><thead><tr><th>consumer</th><th>kind</th><th class="n">events behind</th><th class="n">seconds behind</th></tr></thead><tbody>${consumers || `<tr><td colspan="4">no consumer has a checkpoint yet</td></tr>`}</tbody></table>
<h2>Feeds</h2><p>${health || "no feed"}</p><table id="feeds"><thead><tr><th>feed</th><th>categories</th><th>health</th><th>last poll</th><th class="n">failures in a row</th><th>last error</th></tr></thead><tbody>${feeds}</tbody></table>
<h2>Newest articles</h2><table id="articles"><thead><tr><th>article</th><th>lang</th><th>status</th><th>entities</th></tr></thead><tbody>${articles}</tbody></table>
</body></html>`;
}
