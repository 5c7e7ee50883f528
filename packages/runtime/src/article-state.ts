import { articleStreamId, type EventData } from "@vigie/contracts";
import type { EventStore, RecordedEvent } from "@vigie/event-store";

export interface ArticleState {
  events: RecordedEvent[];
  discovered?: RecordedEvent<EventData<"ArticleDiscovered">>;
  /** ArticleFetched events by revision. */
  fetched: Map<number, RecordedEvent<EventData<"ArticleFetched">>>;
  has(eventId: string): boolean;
}

/** Folds one article's stream into what the stages need (evolve, in event-sourcing terms). */
export function evolveArticle(events: RecordedEvent[]): ArticleState {
  const ids = new Set(events.map((e) => e.eventId));
  const state: ArticleState = { events, fetched: new Map(), has: (id) => ids.has(id) };
  for (const e of events) {
    if (e.type === "ArticleDiscovered" && !state.discovered) state.discovered = e as RecordedEvent<EventData<"ArticleDiscovered">>;
    if (e.type === "ArticleFetched") {
      const fetched = e as RecordedEvent<EventData<"ArticleFetched">>;
      state.fetched.set(fetched.data.revision, fetched);
    }
  }
  return state;
}

export async function loadArticle(store: EventStore, articleId: string): Promise<ArticleState> {
  return evolveArticle(await store.readStream(articleStreamId(articleId)));
}
