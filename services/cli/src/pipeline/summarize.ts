import { START, type EventStore, type Position, type RecordedEvent } from "@vigie/event-store";
import { articleEventTypes, foldArticle, type ArticleStatus } from "@vigie/streams";

export interface ArticleSummary {
  articleId: string;
  url: string;
  title?: string;
  language?: string;
  /** Where the article stands after its latest event, or `pending` before any outcome. */
  outcome: ArticleStatus | "pending";
  duplicateOf?: string;
  method?: string;
  failure?: string;
  entities: { name: string; type: string; entityId: string; count: number }[];
  events: string[];
}

/** One line of story per article, folded from the log with the stages' own article fold. */
export async function summarizeArticles(store: EventStore): Promise<ArticleSummary[]> {
  const byStream = new Map<string, RecordedEvent[]>();
  for (let after: Position = START; ; ) {
    const page = await store.readAll(after, { limit: 1000, types: articleEventTypes });
    for (const e of page.events) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
    after = page.next;
    if (page.caughtUp) break;
  }
  const summaries = [...byStream].map(([streamId, events]): ArticleSummary => {
    const state = foldArticle(streamId.slice("article:".length), events);
    const outcome = state.status === "unknown" || state.status === "discovered" || state.status === "fetched" ? "pending" : state.status;
    return {
      articleId: state.articleId,
      url: state.url ?? "",
      ...(state.title === undefined ? {} : { title: state.title }),
      ...(state.language === undefined ? {} : { language: state.language }),
      outcome,
      ...(state.originalArticleId === undefined ? {} : { duplicateOf: state.originalArticleId }),
      ...(state.duplicateMethod === undefined ? {} : { method: state.duplicateMethod }),
      ...(state.failureReason === undefined ? {} : { failure: state.failureReason }),
      entities: [...state.entities].sort((x, y) => y.count - x.count),
      events: events.map((e) => e.type),
    };
  });
  return summaries.sort((x, y) => (x.title ?? x.url).localeCompare(y.title ?? y.url));
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
      lines.push(
        `    entities: ${a.entities
          .slice(0, 12)
          .map((e) => `${e.name} (${e.type}, ${e.entityId})`)
          .join(", ")}`,
      );
    }
  }
  lines.push("", "events:", ...Object.entries(totals).map(([t, n]) => `  ${t.padEnd(26)} ${n}`));
  return lines.join("\n");
}
