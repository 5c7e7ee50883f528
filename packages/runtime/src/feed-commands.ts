import { feedStreamId } from "@vigie/contracts";
import { aggregateStream, handleCommand, type EventStore } from "@vigie/event-store";
import { decideFeed, feedIdFor, foldFeed, type FeedCommand, type FeedState } from "@vigie/streams";
import { checkFeedTarget } from "./check-feed-target.ts";

/** A feed's state folded from its whole stream (the log decides, not a read model). */
export function loadFeed(store: EventStore, feedId: string): Promise<FeedState> {
  return aggregateStream(store, feedStreamId(feedId), (events) => foldFeed(feedId, events));
}

export interface RegisterFeedOptions {
  /** The name a person gives the feed (the feed's own title, learnt by polling, is shown otherwise). */
  title?: string | undefined;
  categories?: readonly string[] | undefined;
  /** Pins the poll interval, in seconds. */
  intervalSeconds?: number | undefined;
  /** @defaultValue "cli" */
  producer?: string;
}

/**
 * Registers a feed without checking where it points: for harnesses and tests that register
 * their own loopback fixtures. What a person typed goes through {@link addFeed}.
 * Idempotent for the same canonical URL; a removed feed is registered again; categories and a
 * pinned interval given for a registered feed replace its own.
 */
export async function registerFeed(store: EventStore, url: string, options: RegisterFeedOptions = {}): Promise<{ feedId: string; created: boolean }> {
  const feedId = feedIdFor(url);
  const command: FeedCommand = { type: "RegisterFeed", url, title: options.title, categories: options.categories, intervalSeconds: options.intervalSeconds };
  const { events, result } = await handleCommand(
    store,
    feedStreamId(feedId),
    (events) => foldFeed(feedId, events),
    (state) => decideFeed(command, state, options.producer ?? "cli"),
  );
  // Appended in the decided order: the registration, when there is one, comes first.
  const created = events[0]?.type === "FeedRegistered" && result?.events[0]?.existed === false;
  return { feedId, created };
}

/**
 * Registers a feed a person asked for (CLI, API, OPML import): first refuses, with
 * `FeedTargetRefusedError`, a URL the fetcher would refuse (see `checkFeedTarget`).
 */
export async function addFeed(
  store: EventStore,
  url: string,
  options: RegisterFeedOptions & { allowHosts: readonly string[] },
): Promise<{ feedId: string; created: boolean }> {
  await checkFeedTarget(url, options.allowHosts);
  return registerFeed(store, url, options);
}

/**
 * Enables, disables, removes, renames, categorises a feed or pins its interval. Returns the
 * event appended, or null when the feed was already in that state; throws `UnknownFeedError` /
 * `FeedRemovedError` from `@vigie/streams`.
 */
export async function changeFeed(
  store: EventStore,
  feedId: string,
  command: Exclude<FeedCommand, { type: "RegisterFeed" }>,
  producer: string,
): Promise<{ feedId: string; event: string | null }> {
  const { events } = await handleCommand(
    store,
    feedStreamId(feedId),
    (stored) => foldFeed(feedId, stored),
    (state) => decideFeed(command, state, producer),
  );
  return { feedId, event: events[0]?.type ?? null };
}
