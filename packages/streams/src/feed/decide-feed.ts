import { UnknownFeedError } from "../errors/unknown-feed-error.ts";
import { FeedRemovedError } from "../errors/feed-removed-error.ts";
import { deterministicEventId } from "../event-id.ts";
import type { PendingEvent } from "../typed-event.ts";
import { normaliseCategories } from "./normalise-categories.ts";
import type { FeedState } from "./feed-stream.ts";

/** What a person (CLI, API, OPML import) asks of a feed. */
export type FeedCommand =
  | {
      type: "RegisterFeed";
      url: string;
      title?: string | undefined;
      /** Set on a new feed; on a registered one, they replace its categories when given. */
      categories?: readonly string[] | undefined;
      /** Pins the poll interval (seconds), on a new or a registered feed. */
      intervalSeconds?: number | undefined;
    }
  | { type: "EnableFeed" }
  | { type: "DisableFeed" }
  | { type: "RemoveFeed" }
  /** Names the feed; without a title, the feed's own title is shown again. */
  | { type: "RenameFeed"; title?: string | undefined }
  | { type: "CategorizeFeed"; categories: readonly string[] }
  /** Pins the poll interval; without seconds, the adaptive schedule takes over again. */
  | { type: "PinFeedInterval"; seconds?: number | undefined };

type FeedCommandEvent = "FeedRegistered" | "FeedEnabled" | "FeedDisabled" | "FeedRemoved" | "FeedRenamed" | "FeedCategorized" | "FeedIntervalPinned";

/** The events a command appends (none: the feed is already in that state). */
export type FeedDecision = PendingEvent<FeedCommandEvent>[];

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Decides a feed command against the feed's state; append the result with
 * `expectedVersion: state.version`. Pure. Throws `UnknownFeedError` for a feed never registered
 * and `FeedRemovedError` when changing a removed feed (other than registering it again).
 */
export function decideFeed(command: FeedCommand, state: FeedState, producer: string): FeedDecision {
  const { feedId } = state;
  const metadata = { producer };
  // Ids from the version the decision was made at: a retry of the same decision is idempotent,
  // and the same command later (after other changes) is a new event.
  const idFor = (action: string) => deterministicEventId(`feed-${action}`, `${feedId}:${state.version}`);
  const categorize = (given: readonly string[] | undefined, current: readonly string[]): FeedDecision => {
    if (given === undefined) return [];
    const categories = normaliseCategories(given);
    return sameList(categories, current) ? [] : [{ eventId: idFor("categorize"), type: "FeedCategorized", data: { feedId, categories }, metadata }];
  };
  const pin = (seconds: number | undefined, current: number | undefined): FeedDecision =>
    seconds === current
      ? []
      : [{ eventId: idFor("pin-interval"), type: "FeedIntervalPinned", data: { feedId, ...(seconds === undefined ? {} : { seconds }) }, metadata }];

  if (command.type === "RegisterFeed") {
    const data = { feedId, url: command.url, ...(command.title ? { title: command.title } : {}) };
    const settings = (current: FeedState | undefined): FeedDecision => [
      ...categorize(command.categories, current?.categories ?? []),
      ...(command.intervalSeconds === undefined ? [] : pin(command.intervalSeconds, current?.pinnedIntervalSeconds)),
    ];
    // The first registration's id depends on the feed alone, so two racing registrations are one.
    if (!state.registered)
      return [{ eventId: deterministicEventId("feed-registered", feedId), type: "FeedRegistered", data, metadata }, ...settings(undefined)];
    if (state.status === "removed") return [{ eventId: idFor("registered"), type: "FeedRegistered", data, metadata }, ...settings(state)];
    return settings(state);
  }
  if (!state.registered) throw new UnknownFeedError(feedId);
  switch (command.type) {
    case "EnableFeed":
      if (state.status === "removed") throw new FeedRemovedError(feedId);
      return state.status === "active" ? [] : [{ eventId: idFor("enable"), type: "FeedEnabled", data: { feedId }, metadata }];
    case "DisableFeed":
      if (state.status === "removed") throw new FeedRemovedError(feedId);
      return state.status === "disabled"
        ? []
        : [{ eventId: idFor("disable"), type: "FeedDisabled", data: { feedId, reason: "manual", consecutiveFailures: state.consecutiveFailures }, metadata }];
    case "RemoveFeed":
      return state.status === "removed" ? [] : [{ eventId: idFor("remove"), type: "FeedRemoved", data: { feedId }, metadata }];
    case "RenameFeed": {
      if (state.status === "removed") throw new FeedRemovedError(feedId);
      const title = command.title?.trim() || undefined;
      return title === state.title
        ? []
        : [{ eventId: idFor("rename"), type: "FeedRenamed", data: { feedId, ...(title === undefined ? {} : { title }) }, metadata }];
    }
    case "CategorizeFeed":
      if (state.status === "removed") throw new FeedRemovedError(feedId);
      return categorize(command.categories, state.categories);
    case "PinFeedInterval":
      if (state.status === "removed") throw new FeedRemovedError(feedId);
      return pin(command.seconds, state.pinnedIntervalSeconds);
  }
}
