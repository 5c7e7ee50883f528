import type { Queryable } from "@vigie/db";

export interface ArticleSummary {
  articleId: string;
  url: string;
  title?: string;
  language?: string;
  /** accepted | duplicate | revised | fetch-failed | dedup-failed | pending */
  outcome: string;
  duplicateOf?: string;
  method?: string;
  failure?: string;
  entities: { name: string; type: string; entityId: string; count: number }[];
  events: string[];
}

interface Row {
  stream_id: string;
  event_type: string;
  payload: Record<string, unknown>;
}

/** One line of story per article, read back from the event table. */
export async function summarizeArticles(sql: Queryable): Promise<ArticleSummary[]> {
  const rows = await sql<Row[]>`
    select e.stream_id, e.event_type, e.payload from events e
    where e.stream_id like 'article:%' order by e.stream_id, e.stream_version`;
  const byId = new Map<string, ArticleSummary>();
  for (const row of rows) {
    const id = row.stream_id.slice("article:".length);
    const p = row.payload;
    let a = byId.get(id);
    if (!a) {
      a = { articleId: id, url: String(p.url ?? ""), outcome: "pending", entities: [], events: [] };
      byId.set(id, a);
    }
    a.events.push(row.event_type);
    switch (row.event_type) {
      case "ArticleFetched":
        a.title = typeof p.title === "string" ? p.title : a.title;
        a.language = typeof p.language === "string" ? p.language : a.language;
        break;
      case "ArticleFetchFailed":
        a.outcome = "fetch-failed";
        a.failure = String(p.reason);
        break;
      case "ArticleAccepted":
        a.outcome = "accepted";
        break;
      case "ArticleRevised":
        a.outcome = "revised";
        break;
      case "ArticleDuplicateDetected":
        a.outcome = "duplicate";
        a.duplicateOf = String(p.originalArticleId);
        a.method = String(p.method);
        break;
      case "ArticleDedupFailed":
        a.outcome = "dedup-failed";
        a.failure = String(p.reason);
        break;
      case "EntitiesTagged":
        a.entities = (p.entities as ArticleSummary["entities"]).slice().sort((x, y) => y.count - x.count);
        break;
    }
  }
  return [...byId.values()].sort((x, y) => (x.title ?? x.url).localeCompare(y.title ?? y.url));
}

export function formatSummary(articles: ArticleSummary[], totals: Record<string, number>): string {
  const titles = new Map(articles.map((a) => [a.articleId, a.title ?? a.url]));
  const lines = [`${articles.length} articles`, ""];
  for (const a of articles) {
    const head = `• [${a.language ?? "?"}] ${a.title ?? a.url}`;
    const outcome =
      a.outcome === "duplicate"
        ? `duplicate (${a.method}) of “${titles.get(a.duplicateOf ?? "") ?? a.duplicateOf}”`
        : a.failure
          ? `${a.outcome}: ${a.failure}`
          : a.outcome;
    lines.push(head, `    ${outcome}`);
    if (a.entities.length > 0) {
      lines.push(`    entities: ${a.entities.slice(0, 12).map((e) => `${e.name} (${e.type}, ${e.entityId})`).join(", ")}`);
    }
  }
  lines.push("", "events:", ...Object.entries(totals).map(([t, n]) => `  ${t.padEnd(26)} ${n}`));
  return lines.join("\n");
}
