import type { z } from "zod";
import * as article from "./events/article-events.ts";
import * as feed from "./events/feed-events.ts";
import * as watch from "./events/watch-events.ts";
import * as story from "./events/story-events.ts";

/**
 * Every stored `(event_type, schema_version)` and its payload schema. A version is never
 * removed or changed once released: add a new version and an upcaster instead.
 */
export const eventSchemas = {
  FeedRegistered: { 1: feed.FeedRegisteredV1 },
  FeedPolled: { 1: feed.FeedPolledV1 },
  FeedPollFailed: { 1: feed.FeedPollFailedV1 },
  FeedDisabled: { 1: feed.FeedDisabledV1 },
  FeedEnabled: { 1: feed.FeedEnabledV1 },
  FeedRemoved: { 1: feed.FeedRemovedV1 },
  FeedMoved: { 1: feed.FeedMovedV1 },
  FeedDetailsChanged: { 1: feed.FeedDetailsChangedV1 },
  FeedRenamed: { 1: feed.FeedRenamedV1 },
  FeedCategorized: { 1: feed.FeedCategorizedV1 },
  FeedIntervalPinned: { 1: feed.FeedIntervalPinnedV1 },
  ArticleDiscovered: { 1: article.ArticleDiscoveredV1, 2: article.ArticleDiscoveredV2 },
  ArticleFetched: { 1: article.ArticleFetchedV1 },
  ArticleFetchFailed: { 1: article.ArticleFetchFailedV1 },
  ArticleAccepted: { 1: article.ArticleAcceptedV1 },
  ArticleDuplicateDetected: { 1: article.ArticleDuplicateDetectedV1 },
  ArticleRevised: { 1: article.ArticleRevisedV1 },
  ArticleDedupFailed: { 1: article.ArticleDedupFailedV1 },
  EntitiesTagged: { 1: article.EntitiesTaggedV1 },
  ArticleTaggingFailed: { 1: article.ArticleTaggingFailedV1 },
  WatchCreated: { 1: watch.WatchCreatedV1 },
  WatchUpdated: { 1: watch.WatchUpdatedV1 },
  WatchDeleted: { 1: watch.WatchDeletedV1 },
  WatchMatched: { 1: watch.WatchMatchedV1 },
  AlertDelivered: { 1: watch.AlertDeliveredV1 },
  AlertDeliveryFailed: { 1: watch.AlertDeliveryFailedV1 },
  WatchDeliveryDisabled: { 1: watch.WatchDeliveryDisabledV1 },
  WatchDeliveryEnabled: { 1: watch.WatchDeliveryEnabledV1 },
  StoryStarted: { 1: story.StoryStartedV1 },
  ArticleJoinedStory: { 1: story.ArticleJoinedStoryV1 },
  StoriesMerged: { 1: story.StoriesMergedV1 },
  ArticleStoryFailed: { 1: story.ArticleStoryFailedV1 },
} as const satisfies Record<string, Record<number, z.ZodType>>;

export type EventType = keyof typeof eventSchemas;
type Versions<T extends EventType> = (typeof eventSchemas)[T];
type LatestKey<V> = V extends { 2: unknown } ? 2 : 1;
/** The latest payload shape of an event type: what readers see after upcasting. */
export type EventData<T extends EventType> = z.infer<Versions<T>[LatestKey<Versions<T>> & keyof Versions<T>] & z.ZodType>;

export const eventTypes = Object.keys(eventSchemas) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventSchemas, type);
}

export function latestVersion(type: EventType): number {
  return Math.max(...Object.keys(eventSchemas[type]).map(Number));
}

export function schemaFor(type: EventType, version: number): z.ZodType | undefined {
  return (eventSchemas[type] as Record<number, z.ZodType>)[version];
}

type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/** `upcasters[type][v]` turns a version-v payload into version v+1. */
const upcasters: Partial<Record<EventType, Record<number, Upcaster>>> = {
  ArticleDiscovered: {
    1: ({ published, ...rest }) => (published === undefined ? rest : { ...rest, publishedAt: published }),
  },
};

/** Brings a stored payload up to the latest version of its type. Unknown types pass through. */
export function upcast(type: string, version: number, data: unknown): { version: number; data: unknown } {
  if (!isEventType(type)) return { version, data };
  const target = latestVersion(type);
  let current = data as Record<string, unknown>;
  let v = version;
  while (v < target) {
    const step = upcasters[type]?.[v];
    if (!step) throw new Error(`no upcaster for ${type} v${v} → v${v + 1}`);
    current = step(current);
    v += 1;
  }
  return { version: v, data: current };
}
