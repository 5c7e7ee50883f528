import type { EventData } from "@vigie/contracts";
import type { RecordedEvent } from "@vigie/event-store";

/** One match as a webhook receiver sees it. */
export interface AlertMatch {
  articleId: string;
  url?: string | undefined;
  title?: string | undefined;
  language?: string | undefined;
  feedId?: string | undefined;
  entityIds: string[];
  matchedAt: string;
  /** The `WatchMatched` event id. */
  eventId: string;
}

/** The JSON body of a delivery (`each`: one match; `digest`: every match since the last digest). */
export interface AlertBody {
  type: "watch.matched";
  watchId: string;
  name?: string | undefined;
  mode: "each" | "digest";
  idempotencyKey: string;
  matches: AlertMatch[];
}

export function alertMatch(event: RecordedEvent): AlertMatch {
  const data = event.data as EventData<"WatchMatched">;
  return {
    articleId: data.articleId,
    url: data.url,
    title: data.title,
    language: data.language,
    feedId: data.feedId,
    entityIds: data.entityIds,
    matchedAt: event.recordedAt.toISOString(),
    eventId: event.eventId,
  };
}
