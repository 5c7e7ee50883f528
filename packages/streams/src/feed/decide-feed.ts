import { UnknownFeedError } from "../errors/unknown-feed-error.ts";
import { FeedRemovedError } from "../errors/feed-removed-error.ts";
import { deterministicEventId } from "../event-id.ts";
import type { PendingEvent } from "../typed-event.ts";
import type { FeedState } from "./feed-stream.ts";

/** What a person (CLI, API, OPML import) asks of a feed. */
export type FeedCommand =
  | { type: "RegisterFeed"; url: string; title?: string | undefined }
  | { type: "EnableFeed" }
  | { type: "DisableFeed" }
  | { type: "RemoveFeed" };

/** The events a command appends (none: the feed is already in that state). */
export type FeedDecision = PendingEvent<"FeedRegistered" | "FeedEnabled" | "FeedDisabled" | "FeedRemoved">[];

/**
 * Decides a feed command against the feed's state; append the result with
 * `expectedVersion: state.version`. Pure. Throws `UnknownFeedError` for a feed never registered
 * and `FeedRemovedError` when enabling or disabling a removed feed.
 */
export function decideFeed(command: FeedCommand, state: FeedState, producer: string): FeedDecision {
  const { feedId } = state;
  const metadata = { producer };
  // Ids from the version the decision was made at: a retry of the same decision is idempotent,
  // and the same command later (after other changes) is a new event.
  const idFor = (action: string) => deterministicEventId(`feed-${action}`, `${feedId}:${state.version}`);
  if (command.type === "RegisterFeed") {
    const data = { feedId, url: command.url, ...(command.title ? { title: command.title } : {}) };
    // The first registration's id depends on the feed alone, so two racing registrations are one.
    if (!state.registered) return [{ eventId: deterministicEventId("feed-registered", feedId), type: "FeedRegistered", data, metadata }];
    if (state.status === "removed") return [{ eventId: idFor("registered"), type: "FeedRegistered", data, metadata }];
    return [];
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
  }
}
