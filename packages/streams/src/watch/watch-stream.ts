import type { EventData, EventType } from "@vigie/contracts";
import { narrowEvent, type StoredEvent, type TypedEvent } from "../typed-event.ts";

export const watchEventTypes = [
  "WatchCreated",
  "WatchUpdated",
  "WatchDeleted",
  "AlertDelivered",
  "AlertDeliveryFailed",
  "WatchDeliveryDisabled",
  "WatchDeliveryEnabled",
] as const satisfies readonly EventType[];

export type WatchEventType = (typeof watchEventTypes)[number];
export type WatchEvent = TypedEvent<WatchEventType>;
/** What a watch looks for and how it is told (the fields every create and update carries). */
export type WatchDefinition = Omit<EventData<"WatchUpdated">, "watchId" | "secretVersion">;

const WATCH_TYPES: ReadonlySet<string> = new Set(watchEventTypes);

/** One watch as its stream (`watch:<id>`) tells it. */
export interface WatchState {
  watchId: string;
  /** False until the stream holds a `WatchCreated`. */
  created: boolean;
  deleted: boolean;
  owner: string;
  definition: WatchDefinition;
  /** Rotated by an update that asks for it: the webhook secret is derived from it. */
  secretVersion: number;
  deliveryEnabled: boolean;
  /** Failed delivery attempts in a row (reset by a success or a re-enable). */
  consecutiveFailures: number;
  /** Digest: the last `watch-matches` stream version delivered. */
  digestThrough: number;
  delivered: number;
  /** Failed delivery attempts, all told. */
  failedAttempts: number;
  lastDeliveredAt?: Date | undefined;
  lastFailedAt?: Date | undefined;
  lastError?: string | undefined;
  /** The last failed delivery and its attempt number (a digest's next run tries it again). */
  lastFailure?: { idempotencyKey: string; attempt: number } | undefined;
  createdAt?: Date | undefined;
  updatedAt?: Date | undefined;
  version: number;
}

export function initialWatchState(watchId: string): WatchState {
  return {
    watchId,
    created: false,
    deleted: false,
    owner: "",
    definition: { entityIds: [], languages: [], feedIds: [], delivery: "each" },
    secretVersion: 1,
    deliveryEnabled: true,
    consecutiveFailures: 0,
    digestThrough: 0,
    delivered: 0,
    failedAttempts: 0,
    version: 0,
  };
}

const definitionOf = (data: EventData<"WatchUpdated"> | EventData<"WatchCreated">): WatchDefinition => ({
  name: data.name,
  query: data.query,
  entityIds: data.entityIds,
  languages: data.languages,
  feedIds: data.feedIds,
  webhookUrl: data.webhookUrl,
  delivery: data.delivery,
  digestSeconds: data.digestSeconds,
});

export function evolveWatch(state: WatchState, event: WatchEvent): WatchState {
  const next = { ...state, version: event.streamVersion };
  switch (event.type) {
    case "WatchCreated":
      return {
        ...next,
        created: true,
        owner: event.data.owner,
        definition: definitionOf(event.data),
        createdAt: event.recordedAt,
        updatedAt: event.recordedAt,
      };
    case "WatchUpdated":
      return { ...next, definition: definitionOf(event.data), secretVersion: event.data.secretVersion ?? state.secretVersion, updatedAt: event.recordedAt };
    case "WatchDeleted":
      return { ...next, deleted: true, updatedAt: event.recordedAt };
    case "AlertDelivered":
      return {
        ...next,
        consecutiveFailures: 0,
        lastError: undefined,
        lastFailure: undefined,
        delivered: state.delivered + 1,
        lastDeliveredAt: event.recordedAt,
        digestThrough: event.data.throughVersion === undefined ? state.digestThrough : Math.max(state.digestThrough, event.data.throughVersion),
      };
    case "AlertDeliveryFailed":
      return {
        ...next,
        consecutiveFailures: event.data.consecutiveFailures,
        failedAttempts: state.failedAttempts + 1,
        lastFailedAt: event.recordedAt,
        lastError: event.data.reason,
        lastFailure: { idempotencyKey: event.data.idempotencyKey, attempt: event.data.attempt },
      };
    case "WatchDeliveryDisabled":
      return { ...next, deliveryEnabled: false };
    case "WatchDeliveryEnabled":
      return { ...next, deliveryEnabled: true, consecutiveFailures: 0 };
  }
}

/** Folds a watch's stream; events of other types are skipped. */
export function foldWatch(watchId: string, events: readonly StoredEvent[]): WatchState {
  let state = initialWatchState(watchId);
  for (const stored of events) {
    const event = narrowEvent<WatchEventType>(WATCH_TYPES, stored);
    state = event ? evolveWatch(state, event) : { ...state, version: stored.streamVersion };
  }
  return state;
}

/** A watch that exists and is not deleted. */
export const isLive = (state: WatchState): boolean => state.created && !state.deleted;
