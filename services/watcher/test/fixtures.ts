import { randomUUID } from "node:crypto";
import { articleStreamId, watchStreamId } from "@vigie/contracts";
import type { EventStore, NewStreamEvent } from "@vigie/event-store";
import { decideWatch, initialWatchState, type WatchDefinition } from "@vigie/streams";

export const articleIdOf = (i: number): string => i.toString(16).padStart(64, "0");

/** Appends `WatchCreated` for a new watch and returns its id. */
export async function createWatch(store: EventStore, definition: Partial<WatchDefinition>, owner = "test"): Promise<string> {
  const watchId = randomUUID();
  const full: WatchDefinition = { entityIds: [], languages: [], feedIds: [], delivery: "each", ...definition };
  const events = decideWatch({ type: "CreateWatch", owner, definition: full }, initialWatchState(watchId), "test");
  await store.appendToStream(watchStreamId(watchId), events, { expectedVersion: "no_stream" });
  return watchId;
}

/** The tagged-article events of one article: discovered (with its feed), fetched (text), tagged (entities). */
export function taggedArticle(
  i: number,
  options: { entityIds: string[]; text?: string; language?: string; feedId?: string; revision?: number },
): NewStreamEvent[] {
  const articleId = articleIdOf(i);
  const streamId = articleStreamId(articleId);
  const url = `https://news.example.org/a/${i}`;
  const revision = options.revision ?? 1;
  const language = options.language ?? "fr";
  const text = options.text ?? `Article ${i}`;
  const hash = "0".repeat(64);
  const events: NewStreamEvent[] = [];
  if (revision === 1)
    events.push({
      eventId: randomUUID(),
      streamId,
      type: "ArticleDiscovered",
      data: { articleId, url, feedId: options.feedId ?? "feed-1", itemId: String(i) },
    });
  events.push(
    {
      eventId: randomUUID(),
      streamId,
      type: "ArticleFetched",
      data: {
        articleId,
        url,
        finalUrl: url,
        httpStatus: 200,
        contentHash: hash,
        bytes: 100,
        revision,
        kind: "article",
        title: `Titre ${i}`,
        text,
        authors: [],
        language,
        wordCount: 2,
        isLiveBlog: false,
        textHash: hash,
        durationMs: 1,
      },
    },
    {
      eventId: randomUUID(),
      streamId,
      type: "EntitiesTagged",
      data: {
        articleId,
        revision,
        language,
        mentions: [],
        entities: options.entityIds.map((entityId) => ({ entityId, name: entityId, type: "ORG" as const, count: 1 })),
      },
    },
  );
  return events;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
