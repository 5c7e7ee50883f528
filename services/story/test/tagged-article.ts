import { createHash, randomUUID } from "node:crypto";
import { articleStreamId, type EventData } from "@vigie/contracts";
import type { EventStore } from "@vigie/event-store";

/** What the story tests say of an article: the rest of its events is made up. */
export interface TaggedArticle {
  url: string;
  language: string;
  title: string;
  lead: string;
  /** Body text; the lead when absent. */
  text?: string;
  /** Hours after 2026-03-01T00:00Z it was published. */
  hours: number;
  entities: string[];
}

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

/** Appends ArticleFetched and EntitiesTagged, and returns the story job the dispatcher would enqueue. */
export async function appendTaggedArticle(store: EventStore, a: TaggedArticle): Promise<{ articleId: string; eventId: string; correlationId: string }> {
  const articleId = sha(a.url);
  const hash = sha(a.title);
  const fetched: EventData<"ArticleFetched"> = {
    articleId,
    url: a.url,
    finalUrl: a.url,
    httpStatus: 200,
    contentHash: hash,
    bytes: 100,
    revision: 1,
    kind: "article",
    title: a.title,
    text: a.text ?? a.lead,
    lead: a.lead,
    authors: [],
    publishedAt: new Date(Date.UTC(2026, 2, 1) + a.hours * 3_600_000).toISOString(),
    language: a.language,
    wordCount: 20,
    isLiveBlog: false,
    textHash: hash,
    durationMs: 1,
  };
  const entities = a.entities.map((entityId) => ({ entityId, name: entityId, type: "LOC" as const, count: 1 }));
  const eventId = randomUUID();
  await store.appendToStream(articleStreamId(articleId), [
    { eventId: randomUUID(), type: "ArticleFetched", data: fetched },
    { eventId, type: "EntitiesTagged", data: { articleId, revision: 1, language: a.language, mentions: [], entities } },
  ]);
  return { articleId, eventId, correlationId: randomUUID() };
}
