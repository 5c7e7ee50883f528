import type { EventData, EventType } from "@vigie/contracts";
import { narrowEvent, type StoredEvent, type TypedEvent } from "../typed-event.ts";

export const articleEventTypes = [
  "ArticleDiscovered",
  "ArticleFetched",
  "ArticleFetchFailed",
  "ArticleAccepted",
  "ArticleDuplicateDetected",
  "ArticleRevised",
  "ArticleDedupFailed",
  "EntitiesTagged",
  "ArticleTaggingFailed",
] as const satisfies readonly EventType[];

export type ArticleEventType = (typeof articleEventTypes)[number];
export type ArticleEvent = TypedEvent<ArticleEventType>;

const ARTICLE_TYPES: ReadonlySet<string> = new Set(articleEventTypes);

/**
 * Where an article stands after its latest event. A live blog's new revision goes through
 * fetched → revised → tagged again; a failure is the latest word until a later success.
 */
export type ArticleStatus = "discovered" | "fetched" | "accepted" | "revised" | "duplicate" | "tagged" | "fetch-failed" | "dedup-failed" | "tagging-failed";

/** What one event changes in an article: `evolveArticle`, the projection and the demo summary share it. */
export interface ArticleChange {
  status: ArticleStatus;
  title?: string | undefined;
  language?: string | undefined;
  publishedAt?: string | undefined;
  revision?: number;
  clusterId?: string;
  originalArticleId?: string;
  duplicateMethod?: string;
  /** The failure's reason; `null` clears an earlier one. */
  failureReason?: string | null;
}

export function articleChange(event: ArticleEvent): ArticleChange {
  switch (event.type) {
    case "ArticleDiscovered":
      return { status: "discovered", title: event.data.title, publishedAt: event.data.publishedAt };
    case "ArticleFetched":
      return {
        status: "fetched",
        title: event.data.title,
        language: event.data.language,
        publishedAt: event.data.publishedAt,
        revision: event.data.revision,
        failureReason: null,
      };
    case "ArticleFetchFailed":
      return { status: "fetch-failed", failureReason: event.data.reason };
    case "ArticleAccepted":
      return { status: "accepted", clusterId: event.data.clusterId, revision: event.data.revision };
    case "ArticleRevised":
      return { status: "revised", clusterId: event.data.clusterId, revision: event.data.revision };
    case "ArticleDuplicateDetected":
      return { status: "duplicate", clusterId: event.data.clusterId, originalArticleId: event.data.originalArticleId, duplicateMethod: event.data.method };
    case "ArticleDedupFailed":
      return { status: "dedup-failed", failureReason: event.data.reason };
    case "EntitiesTagged":
      return { status: "tagged" };
    case "ArticleTaggingFailed":
      return { status: "tagging-failed", failureReason: event.data.reason };
  }
}

type Fetched = TypedEvent<"ArticleFetched">;

export interface ArticleState {
  articleId: string;
  status: ArticleStatus | "unknown";
  url?: string | undefined;
  title?: string | undefined;
  language?: string | undefined;
  discovered?: TypedEvent<"ArticleDiscovered">;
  /** ArticleFetched events by revision. */
  fetched: ReadonlyMap<number, Fetched>;
  /** The latest entities tagged (of any revision). */
  entities: EventData<"EntitiesTagged">["entities"];
  clusterId?: string | undefined;
  originalArticleId?: string | undefined;
  duplicateMethod?: string | undefined;
  failureReason?: string | undefined;
  /** Every event id of the stream: a stage's "already done?" check. */
  eventIds: ReadonlySet<string>;
  /** Every event by id, for the lookup of the event that caused a job. */
  byId: ReadonlyMap<string, ArticleEvent>;
  /** Stream version: the expected version of the next append. */
  version: number;
}

export function initialArticleState(articleId: string): ArticleState {
  return { articleId, status: "unknown", fetched: new Map(), entities: [], eventIds: new Set(), byId: new Map(), version: 0 };
}

export function evolveArticle(state: ArticleState, event: ArticleEvent): ArticleState {
  const change = articleChange(event);
  const next: ArticleState = {
    ...state,
    status: change.status,
    eventIds: new Set(state.eventIds).add(event.eventId),
    byId: new Map(state.byId).set(event.eventId, event),
    version: event.streamVersion,
  };
  if (change.title !== undefined) next.title = change.title;
  if (change.language !== undefined) next.language = change.language;
  if (change.clusterId !== undefined) next.clusterId = change.clusterId;
  if (change.originalArticleId !== undefined) next.originalArticleId = change.originalArticleId;
  if (change.duplicateMethod !== undefined) next.duplicateMethod = change.duplicateMethod;
  if (change.failureReason !== undefined) next.failureReason = change.failureReason ?? undefined;
  switch (event.type) {
    case "ArticleDiscovered":
      if (!state.discovered) {
        next.discovered = event;
        next.url = event.data.url;
      }
      break;
    case "ArticleFetched":
      next.fetched = new Map(state.fetched).set(event.data.revision, event);
      break;
    case "EntitiesTagged":
      next.entities = event.data.entities;
      break;
    default:
      break;
  }
  return next;
}

/** Folds an article's stream (a few events; a live blog, a few dozen). */
export function foldArticle(articleId: string, events: readonly StoredEvent[]): ArticleState {
  let state = initialArticleState(articleId);
  for (const stored of events) {
    const event = narrowEvent<ArticleEventType>(ARTICLE_TYPES, stored);
    state = event ? evolveArticle(state, event) : { ...state, version: stored.streamVersion, eventIds: new Set(state.eventIds).add(stored.eventId) };
  }
  return state;
}
