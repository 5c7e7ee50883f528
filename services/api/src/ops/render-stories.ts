import type { StorySummary } from "@vigie/projections";

/** A story as the dashboard shows it: the summary and its outlets, most articles first. */
export interface DashboardStory extends StorySummary {
  outlets: { outlet: string; articles: number }[];
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Outlets named on the row; the rest are counted. */
const SHOWN_OUTLETS = 4;

export const STORIES_STYLE = `
#stories td.n{width:4rem}#stories .count{font-size:1.15rem;font-weight:600;font-variant-numeric:tabular-nums}
#stories .lang{display:inline-block;min-width:1.6rem;text-align:center;border-radius:3px;padding:0 .25rem;margin-right:.2rem;font-size:12px;font-weight:600;color:#fff;background:#6b737b}
#stories .lang-fr{background:#3b7dd8}#stories .lang-en{background:#e07b39}#stories .outlet,#stories td:last-child{white-space:nowrap}#stories .outlet{margin-right:.6rem}`;

const ago = (iso: string, now: Date) => {
  const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 60_000));
  return minutes < 120 ? `${minutes} min ago` : minutes < 2880 ? `${Math.round(minutes / 60)} h ago` : iso.slice(0, 10);
};

/**
 * The most recently active stories: the first article's title, how many articles, in which
 * languages, from which outlets, and the entities most of them name. Plain HTML, no script.
 */
export function renderStories(stories: DashboardStory[], now: Date): string {
  if (stories.length === 0) return `<table id="stories"><tbody><tr><td>no story yet</td></tr></tbody></table>`;
  const rows = stories
    .map((s) => {
      const outlets = s.outlets
        .slice(0, SHOWN_OUTLETS)
        .map(
          (o) =>
            `<span class="outlet" data-outlet="${escapeHtml(o.outlet)}">${escapeHtml(o.outlet)}${o.articles > 1 ? ` <small>×${o.articles}</small>` : ""}</span>`,
        )
        .join("");
      const more = s.outlets.length > SHOWN_OUTLETS ? `<small>+${s.outlets.length - SHOWN_OUTLETS} more</small>` : "";
      const languages = s.languages.map((l) => `<span class="lang lang-${escapeHtml(l)}" data-language="${escapeHtml(l)}">${escapeHtml(l)}</span>`).join("");
      const entities = s.entities
        .map((e) => `<span class="tag" title="${escapeHtml(`${e.entityId}, in ${e.articles} articles`)}">${escapeHtml(e.name)}</span>`)
        .join("");
      return (
        `<tr data-story="${escapeHtml(s.storyId)}" data-articles="${s.articleCount}">` +
        `<td class="n"><span class="count">${s.articleCount}</span><br><small>article${s.articleCount === 1 ? "" : "s"}</small></td>` +
        `<td><a href="/v1/stories/${encodeURIComponent(s.storyId)}">${escapeHtml(s.title ?? s.storyId)}</a><br>${entities}</td>` +
        `<td data-languages>${languages}</td><td data-outlets>${outlets}${more}</td>` +
        `<td><small>${ago(s.lastArticleAt, now)}</small></td></tr>`
      );
    })
    .join("");
  return `<table id="stories"><thead><tr><th class="n">size</th><th>story (first article) and its main entities</th><th>languages</th><th>outlets</th><th>latest</th></tr></thead><tbody>${rows}</tbody></table>`;
}
