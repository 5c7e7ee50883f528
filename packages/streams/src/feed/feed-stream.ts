import type { EventType } from "@vigie/contracts";
import { narrowEvent, type StoredEvent, type TypedEvent } from "../typed-event.ts";

export const feedEventTypes = [
  "FeedRegistered",
  "FeedPolled",
  "FeedPollFailed",
  "FeedDisabled",
  "FeedEnabled",
  "FeedRemoved",
  "FeedMoved",
  "FeedDetailsChanged",
  "FeedRenamed",
  "FeedCategorized",
  "FeedIntervalPinned",
] as const satisfies readonly EventType[];

export type FeedEventType = (typeof feedEventTypes)[number];
export type FeedEvent = TypedEvent<FeedEventType>;
export type FeedStatus = "active" | "disabled" | "removed";

const FEED_TYPES: ReadonlySet<string> = new Set(feedEventTypes);

/** One feed as its stream tells it: what the poller, the API, the CLI and the projection need. */
export interface FeedState {
  feedId: string;
  /** False until the stream holds a `FeedRegistered`. */
  registered: boolean;
  /** The registered URL, or where the feed permanently moved to. */
  url: string;
  /** The name a person gave the feed; it overrides the feed's own `details.title`. */
  title?: string | undefined;
  /** What the feed says about itself, from the last successful poll that changed it. */
  details: FeedDetails;
  /** Labels, several per feed, in the order given. */
  categories: string[];
  /** A poll interval a person pinned; the adaptive schedule is used without it. */
  pinnedIntervalSeconds?: number | undefined;
  status: FeedStatus;
  etag?: string | undefined;
  lastModified?: string | undefined;
  bodyHash?: string | undefined;
  /** The interval the last successful poll chose, kept when the feed answers not-modified. */
  nextPollSeconds?: number | undefined;
  /** Failed polls since the last successful one (or the last enable / registration). */
  consecutiveFailures: number;
  lastPolledAt?: Date | undefined;
  lastError?: string | undefined;
  itemsDiscovered: number;
  /** Stream version: the expected version of the next append. */
  version: number;
}

/** A feed's own title, home page, language and description. */
export interface FeedDetails {
  title?: string | undefined;
  siteUrl?: string | undefined;
  language?: string | undefined;
  description?: string | undefined;
}

/** The name to show: the one a person gave, else the feed's own, else none. */
export function displayTitle(state: Pick<FeedState, "title" | "details">): string | undefined {
  return state.title ?? state.details.title;
}

/**
 * What one event changes in a feed, as a patch: `evolveFeed` applies it to the state and the
 * feeds projection to its row, so both fold the stream the same way. `null` clears a field.
 */
export interface FeedChange {
  url?: string;
  title?: string | null;
  /** Replaces all four details (an absent one is cleared). */
  details?: FeedDetails;
  categories?: string[];
  pinnedIntervalSeconds?: number | null;
  status?: FeedStatus;
  etag?: string | undefined;
  lastModified?: string | undefined;
  bodyHash?: string | undefined;
  nextPollSeconds?: number | undefined;
  consecutiveFailures?: number;
  lastPolledAt?: Date;
  lastError?: string | null;
  /** Added to `itemsDiscovered`. */
  newItems?: number;
}

export function feedChange(event: FeedEvent): FeedChange {
  switch (event.type) {
    case "FeedRegistered":
      // A registration (or a re-registration after a removal) starts the feed afresh.
      return { url: event.data.url, ...(event.data.title ? { title: event.data.title } : {}), status: "active", consecutiveFailures: 0, lastError: null };
    case "FeedPolled":
      return {
        etag: event.data.etag,
        lastModified: event.data.lastModified,
        bodyHash: event.data.bodyHash,
        nextPollSeconds: event.data.nextPollSeconds,
        consecutiveFailures: 0,
        lastPolledAt: event.recordedAt,
        lastError: null,
        newItems: event.data.newItemCount,
      };
    case "FeedPollFailed":
      return { consecutiveFailures: event.data.consecutiveFailures, lastError: event.data.reason };
    case "FeedDisabled":
      return { status: "disabled" };
    case "FeedEnabled":
      // A feed enabled by hand gets a full run of attempts before it is disabled again.
      return { status: "active", consecutiveFailures: 0 };
    case "FeedRemoved":
      return { status: "removed" };
    case "FeedMoved":
      return { url: event.data.to };
    case "FeedDetailsChanged": {
      const { title, siteUrl, language, description } = event.data;
      return { details: { title, siteUrl, language, description } };
    }
    case "FeedRenamed":
      return { title: event.data.title ?? null };
    case "FeedCategorized":
      return { categories: event.data.categories };
    case "FeedIntervalPinned":
      return { pinnedIntervalSeconds: event.data.seconds ?? null };
  }
}

/** The events that set a feed's status. */
export const feedStatusEventTypes = ["FeedRegistered", "FeedEnabled", "FeedDisabled", "FeedRemoved"] as const satisfies readonly FeedEventType[];

/** The status a feed has after one of `feedStatusEventTypes` (undefined for any other type). */
export function feedStatusAfter(type: string): FeedStatus | undefined {
  switch (type) {
    case "FeedRegistered":
    case "FeedEnabled":
      return "active";
    case "FeedDisabled":
      return "disabled";
    case "FeedRemoved":
      return "removed";
    default:
      return undefined;
  }
}

export function initialFeedState(feedId: string): FeedState {
  return { feedId, registered: false, url: "", details: {}, categories: [], status: "active", consecutiveFailures: 0, itemsDiscovered: 0, version: 0 };
}

export function evolveFeed(state: FeedState, event: FeedEvent): FeedState {
  const c = feedChange(event);
  const next: FeedState = { ...state, version: event.streamVersion, itemsDiscovered: state.itemsDiscovered + (c.newItems ?? 0) };
  if (event.type === "FeedRegistered") next.registered = true;
  if (c.url !== undefined) next.url = c.url;
  if (c.title !== undefined) next.title = c.title ?? undefined;
  if (c.details !== undefined) next.details = c.details;
  if (c.categories !== undefined) next.categories = c.categories;
  if (c.pinnedIntervalSeconds !== undefined) next.pinnedIntervalSeconds = c.pinnedIntervalSeconds ?? undefined;
  if (c.status !== undefined) next.status = c.status;
  if (c.consecutiveFailures !== undefined) next.consecutiveFailures = c.consecutiveFailures;
  if (c.lastPolledAt !== undefined) next.lastPolledAt = c.lastPolledAt;
  if (c.lastError !== undefined) next.lastError = c.lastError ?? undefined;
  if (event.type === "FeedPolled") {
    // A poll replaces the validators and the interval as it saw them (the poller already
    // carried the old ones over a 304).
    next.etag = c.etag;
    next.lastModified = c.lastModified;
    next.bodyHash = c.bodyHash;
    next.nextPollSeconds = c.nextPollSeconds;
  }
  return next;
}

/** Folds a feed's stream (events of other types, if any, only move the version). */
export function foldFeed(feedId: string, events: readonly StoredEvent[]): FeedState {
  let state = initialFeedState(feedId);
  for (const stored of events) {
    const event = narrowEvent<FeedEventType>(FEED_TYPES, stored);
    state = event ? evolveFeed(state, event) : { ...state, version: stored.streamVersion };
  }
  return state;
}
