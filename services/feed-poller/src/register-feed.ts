import { feedStreamId } from "@vigie/contracts";
import { canonicalizeUrl } from "@vigie/dedup";
import { deterministicEventId, sha256Hex, type EventStore } from "@vigie/event-store";

/** A feed's id: stable for the same (canonical) feed URL. */
export function feedIdFor(url: string): string {
  return sha256Hex(canonicalizeUrl(url).canonical).slice(0, 16);
}

/** Registers a feed (idempotent: the same URL twice is one feed). */
export async function registerFeed(store: EventStore, url: string, options: { title?: string } = {}): Promise<{ feedId: string; created: boolean }> {
  const feedId = feedIdFor(url);
  const result = await store.appendToStream(feedStreamId(feedId), [
    {
      eventId: deterministicEventId("feed-registered", feedId),
      type: "FeedRegistered",
      data: { feedId, url, ...(options.title ? { title: options.title } : {}) },
      metadata: { producer: "cli" },
    },
  ]).catch((err: unknown) => {
    // Registered before with another title: it is the same feed.
    if ((err as { name?: string }).name === "IdempotencyConflictError") return undefined;
    throw err;
  });
  return { feedId, created: result?.events[0]?.existed === false };
}
