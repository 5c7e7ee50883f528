import { feedStreamId } from "@vigie/contracts";
import { aggregateStream, handleCommand, type EventStore } from "@vigie/event-store";
import { decideFeed, feedIdFor, foldFeed, type FeedCommand, type FeedState } from "@vigie/streams";

/** A feed's state folded from its whole stream (the log decides, not a read model). */
export function loadFeed(store: EventStore, feedId: string): Promise<FeedState> {
  return aggregateStream(store, feedStreamId(feedId), (events) => foldFeed(feedId, events));
}

/** Registers a feed: idempotent for the same canonical URL; a removed feed is registered again. */
export async function registerFeed(store: EventStore, url: string, options: { title?: string | undefined; producer?: string } = {}): Promise<{ feedId: string; created: boolean }> {
  const feedId = feedIdFor(url);
  const { result } = await handleCommand(
    store,
    feedStreamId(feedId),
    (events) => foldFeed(feedId, events),
    (state) => decideFeed({ type: "RegisterFeed", url, title: options.title }, state, options.producer ?? "cli"),
  );
  return { feedId, created: result?.events.some((e) => !e.existed) ?? false };
}

/**
 * Enables, disables or removes a feed. Returns the event appended, or null when the feed was
 * already in that state; throws `UnknownFeedError` / `FeedRemovedError` from `@vigie/streams`.
 */
export async function changeFeed(store: EventStore, feedId: string, command: Exclude<FeedCommand, { type: "RegisterFeed" }>, producer: string): Promise<{ feedId: string; event: string | null }> {
  const { events } = await handleCommand(store, feedStreamId(feedId), (stored) => foldFeed(feedId, stored), (state) => decideFeed(command, state, producer));
  return { feedId, event: events[0]?.type ?? null };
}
