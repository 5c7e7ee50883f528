import { deterministicEventId } from "../event-id.ts";
import { failureFields } from "../failure.ts";
import type { PendingEvent } from "../typed-event.ts";
import { UnknownWatchError } from "../errors/unknown-watch-error.ts";
import type { WatchDefinition, WatchState } from "./watch-stream.ts";

export type WatchCommand =
  | { type: "CreateWatch"; owner: string; definition: WatchDefinition }
  | { type: "UpdateWatch"; definition: WatchDefinition; rotateSecret?: boolean }
  | { type: "DeleteWatch" }
  | { type: "EnableDelivery" };

type WatchCommandEvent = "WatchCreated" | "WatchUpdated" | "WatchDeleted" | "WatchDeliveryEnabled";

const sameDefinition = (a: WatchDefinition, b: WatchDefinition): boolean => JSON.stringify(normalised(a)) === JSON.stringify(normalised(b));
const normalised = (d: WatchDefinition) => [d.name, d.query, d.entityIds, d.languages, d.feedIds, d.webhookUrl, d.delivery, d.digestSeconds];

/**
 * A person's command on a watch (API, CLI). Event ids are derived from the stream version the
 * decision was made on, so a retried request after a lost answer is one event, not two.
 */
export function decideWatch(command: WatchCommand, state: WatchState, producer: string): PendingEvent<WatchCommandEvent>[] {
  const { watchId } = state;
  const eventId = (kind: string) => deterministicEventId(`watch-${kind}`, `${watchId}:${state.version}`);
  const metadata = { producer };
  if (command.type === "CreateWatch") {
    if (state.created) return [];
    return [{ eventId: eventId("created"), type: "WatchCreated", data: { watchId, owner: command.owner, ...command.definition }, metadata }];
  }
  if (!state.created || state.deleted) throw new UnknownWatchError(watchId);
  switch (command.type) {
    case "UpdateWatch": {
      if (sameDefinition(command.definition, state.definition) && !command.rotateSecret) return [];
      const secretVersion = command.rotateSecret ? state.secretVersion + 1 : undefined;
      return [
        { eventId: eventId("updated"), type: "WatchUpdated", data: { watchId, ...command.definition, ...(secretVersion ? { secretVersion } : {}) }, metadata },
      ];
    }
    case "DeleteWatch":
      return [{ eventId: eventId("deleted"), type: "WatchDeleted", data: { watchId }, metadata }];
    case "EnableDelivery":
      return state.deliveryEnabled ? [] : [{ eventId: eventId("enabled"), type: "WatchDeliveryEnabled", data: { watchId }, metadata }];
  }
}

/** Failed delivery attempts in a row after which a watch's delivery is disabled (`vigie watches enable` re-enables it). */
export const DISABLE_DELIVERY_AFTER_FAILURES = 10;

/** One delivery attempt (one POST of one idempotency key). */
export interface DeliveryAttempt {
  idempotencyKey: string;
  articleIds: string[];
  mode: "each" | "digest";
  /** 1 for the first attempt of this key. */
  attempt: number;
  /** Digest only: the last match included. */
  throughVersion?: number | undefined;
  /** The `vigie watches redeliver` run sending the key again: its attempts are events of their own. */
  redelivery?: string | undefined;
}

/** The suffix a redelivery run adds to its attempts' natural keys (none for the first delivery, so old ids stay). */
const runSuffix = (redelivery: string | undefined) => (redelivery === undefined ? "" : `:redelivery:${redelivery}`);

/** The id of a delivery's success: one per idempotency key (and redelivery run), whichever attempt succeeded. */
export const alertDeliveredEventId = (watchId: string, key: string, redelivery?: string): string =>
  deterministicEventId("alert-delivered", `${watchId}:${key}${runSuffix(redelivery)}`);
/** The id of one failed attempt: a job run again after a crash finds its own event. */
export const alertFailedEventId = (watchId: string, key: string, attempt: number, redelivery?: string): string =>
  deterministicEventId("alert-failed", `${watchId}:${key}:${attempt}${runSuffix(redelivery)}`);

/** The fields every attempt event shares. */
const attemptFields = (state: WatchState, attempt: DeliveryAttempt) => ({
  watchId: state.watchId,
  idempotencyKey: attempt.idempotencyKey,
  articleIds: attempt.articleIds,
  mode: attempt.mode,
  attempt: attempt.attempt,
  ...(attempt.redelivery === undefined ? {} : { redelivery: attempt.redelivery }),
});

export function decideDelivered(
  state: WatchState,
  attempt: DeliveryAttempt,
  outcome: { httpStatus: number; durationMs: number },
): PendingEvent<"AlertDelivered">[] {
  return [
    {
      eventId: alertDeliveredEventId(state.watchId, attempt.idempotencyKey, attempt.redelivery),
      type: "AlertDelivered",
      data: {
        ...attemptFields(state, attempt),
        httpStatus: outcome.httpStatus,
        durationMs: Math.round(outcome.durationMs),
        ...(attempt.throughVersion === undefined ? {} : { throughVersion: attempt.throughVersion }),
      },
      metadata: { producer: "alerter" },
    },
  ];
}

/**
 * A failed attempt, followed by `WatchDeliveryDisabled` when it is the `disableAfter`-th failure in
 * a row of a watch whose delivery is still enabled.
 */
export function decideDeliveryFailed(
  state: WatchState,
  attempt: DeliveryAttempt,
  failure: { reason: string; detail?: string | undefined; httpStatus?: number | undefined; permanent: boolean },
  disableAfter: number = DISABLE_DELIVERY_AFTER_FAILURES,
): PendingEvent<"AlertDeliveryFailed" | "WatchDeliveryDisabled">[] {
  const consecutiveFailures = state.consecutiveFailures + 1;
  const events: PendingEvent<"AlertDeliveryFailed" | "WatchDeliveryDisabled">[] = [
    {
      eventId: alertFailedEventId(state.watchId, attempt.idempotencyKey, attempt.attempt, attempt.redelivery),
      type: "AlertDeliveryFailed",
      data: {
        ...attemptFields(state, attempt),
        ...failureFields(failure),
        ...(failure.httpStatus === undefined ? {} : { httpStatus: failure.httpStatus }),
        permanent: failure.permanent,
        consecutiveFailures,
      },
      metadata: { producer: "alerter" },
    },
  ];
  if (state.deliveryEnabled && consecutiveFailures >= disableAfter) {
    events.push({
      eventId: deterministicEventId("watch-delivery-disabled", `${state.watchId}:${state.version}`),
      type: "WatchDeliveryDisabled",
      data: { watchId: state.watchId, reason: "too-many-failures", consecutiveFailures },
      metadata: { producer: "alerter" },
    });
  }
  return events;
}
