import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signWebhook } from "@vigie/client/webhooks";
import { watchMatchesStreamId, watchStreamId, type DeliverAlertJob } from "@vigie/contracts";
import { eventsExist, handleCommand, readEvent, type EventStore, type RecordedEvent } from "@vigie/event-store";
import { HttpFetchError, httpStatusError, safeFetch } from "@vigie/http";
import { TransientError, type StageContext, type StageFailure } from "@vigie/queue";
import {
  alertDeliveredEventId,
  alertFailedEventId,
  decideDelivered,
  decideDeliveryFailed,
  foldWatch,
  isLive,
  type DeliveryAttempt,
  type WatchState,
} from "@vigie/streams";
import { StageError } from "@vigie/contracts";
import { checkWebhookTarget, loadWatch, webhookSecret, WebhookTargetRefusedError } from "@vigie/runtime";
import { PermanentError } from "@vigie/queue";
import { alertMatch, type AlertBody } from "./alert-body.ts";

export interface AlerterDeps {
  store: EventStore;
  /** Key the watches' signing secrets are derived from. */
  signingKey: string;
  http: { userAgent: string; timeoutMs: number; allowHosts: readonly string[] };
  /** Attempts of one delivery (the queue's). */
  maxAttempts: number;
  /** Failed attempts in a row that disable a watch's delivery. */
  disableAfter: number;
  /** Most matches in one digest delivery; the rest go in the next. @defaultValue 500 */
  digestMax?: number;
}

export type DeliveryResult = "delivered" | "failed" | "skipped";

/** The matches of one delivery and its idempotency key, or null when there is nothing to send. */
async function pendingMatches(
  store: EventStore,
  job: DeliverAlertJob,
  state: WatchState,
  digestMax: number,
): Promise<{ key: string; events: RecordedEvent[]; throughVersion?: number } | null> {
  if (job.mode === "each") {
    const event = await readEvent(store.sql, job.eventId);
    return event ? { key: job.eventId, events: [event] } : null;
  }
  if (job.redelivery) {
    // A digest sent again: the same matches under the same key; the digest cursor does not move.
    const { fromVersion, throughVersion } = job.redelivery;
    const events = await store.readStream(watchMatchesStreamId(job.watchId), { fromVersion, limit: throughVersion - fromVersion + 1 });
    return events.length === 0 ? null : { key: `digest:${fromVersion}-${throughVersion}`, events };
  }
  const events = await store.readStream(watchMatchesStreamId(job.watchId), { fromVersion: state.digestThrough + 1, limit: digestMax });
  const first = events[0];
  const last = events.at(-1);
  if (!first || !last) return null;
  return { key: `digest:${first.streamVersion}-${last.streamVersion}`, events, throughVersion: last.streamVersion };
}

function failureOf(err: unknown): {
  reason: string;
  detail: string;
  httpStatus?: number | undefined;
  retryAfterSeconds?: number | undefined;
  permanent: boolean;
} {
  if (err instanceof StageError)
    return { reason: err.reason, detail: err.message, httpStatus: err.httpStatus, retryAfterSeconds: err.retryAfterSeconds, permanent: err.permanent };
  const e = err instanceof Error ? err : new Error(String(err));
  return { reason: "internal-error", detail: `${e.name}: ${e.message}`, permanent: false };
}

/**
 * DeliverAlert: POSTs a watch's match (or digest) to its webhook, signed, and appends the
 * attempt's outcome to the watch's stream: `AlertDelivered`, or `AlertDeliveryFailed` (plus
 * `WatchDeliveryDisabled` after too many failures in a row). A failed attempt that can be
 * retried is thrown again as a `TransientError`, so the queue retries it with backoff.
 * Idempotent: a delivery already acknowledged is not sent again, and an attempt already recorded
 * (a worker that died after recording it) is not made twice. A redelivery (`job.redelivery`, from
 * `vigie watches redeliver`) sends a key again under its run: its attempts are events of their own,
 * and within the run the same holds.
 */
export async function deliverAlert(job: DeliverAlertJob, ctx: StageContext, deps: AlerterDeps): Promise<DeliveryResult> {
  const state = await loadWatch(deps.store, job.watchId);
  const url = state.definition.webhookUrl;
  if (!isLive(state) || !state.deliveryEnabled || url === undefined) return "skipped";
  if (job.mode === "digest" && !job.redelivery && state.definition.delivery !== "digest") return "skipped";
  const pending = await pendingMatches(deps.store, job, state, deps.digestMax ?? 500);
  if (!pending) return "skipped";
  const { key, events } = pending;
  const run = job.redelivery?.run;
  // Retried by the queue (each, and redeliveries on the alert queue): the queue's attempt number.
  const queueRetried = job.mode === "each" || run !== undefined;
  // Digest: one attempt per run, counted on from the last failure of the same key.
  const attemptNumber = queueRetried ? ctx.attempt : state.lastFailure?.idempotencyKey === key ? state.lastFailure.attempt + 1 : 1;
  const attempt: DeliveryAttempt = {
    idempotencyKey: key,
    articleIds: events.map((e) => (e.data as { articleId: string }).articleId),
    mode: job.mode,
    attempt: attemptNumber,
    throughVersion: pending.throughVersion,
    redelivery: run,
  };
  const deliveredId = alertDeliveredEventId(job.watchId, key, run);
  const recorded = await eventsExist(deps.store.sql, [deliveredId, alertFailedEventId(job.watchId, key, attemptNumber, run)]);
  if (recorded.has(deliveredId)) return "delivered";
  if (recorded.has(alertFailedEventId(job.watchId, key, attemptNumber, run))) {
    if (queueRetried && attemptNumber < deps.maxAttempts)
      throw new TransientError("attempt-already-recorded", `attempt ${attemptNumber} of ${key} was recorded by a worker that stopped`);
    return "failed";
  }

  const body: AlertBody = {
    type: "watch.matched",
    watchId: job.watchId,
    name: state.definition.name,
    mode: job.mode,
    idempotencyKey: key,
    matches: events.map(alertMatch),
  };
  const text = JSON.stringify(body);
  const started = performance.now();
  let httpStatus: number;
  try {
    await checkWebhookTarget(url, deps.http.allowHosts).catch((err: unknown) => {
      throw err instanceof WebhookTargetRefusedError ? new PermanentError(err.reason, err.message, { cause: err }) : err;
    });
    const response = await safeFetch(url, {
      method: "POST",
      body: text,
      userAgent: deps.http.userAgent,
      timeoutMs: deps.http.timeoutMs,
      allowHosts: [...deps.http.allowHosts],
      // A webhook is not redirected (a 3xx is a failure) and its answer is not read past 64 KiB.
      maxRedirects: 0,
      maxBytes: 64 * 1024,
      signal: ctx.signal,
      accept: "application/json, */*",
      headers: {
        "content-type": "application/json",
        [SIGNATURE_HEADER]: signWebhook(webhookSecret(deps.signingKey, job.watchId, state.secretVersion), text),
        [IDEMPOTENCY_HEADER]: key,
        "vigie-watch-id": job.watchId,
        "vigie-delivery-attempt": String(attemptNumber),
        ...(run === undefined ? {} : { "vigie-redelivery": run }),
      },
    });
    httpStatus = response.status;
    // Anything but a 2xx is a failure, a 3xx included (webhooks are not redirected).
    if (httpStatus < 200 || httpStatus > 299)
      throw httpStatusError(response) ?? new TransientError(`http-${httpStatus}`, `${url} answered ${httpStatus}`, { httpStatus });
  } catch (err) {
    if (ctx.signal.aborted && !(err instanceof HttpFetchError)) throw err;
    const failure = failureOf(err);
    const final = failure.permanent || (queueRetried ? attemptNumber >= deps.maxAttempts : true);
    const { state: decidedOn } = await handleCommand(
      deps.store,
      watchStreamId(job.watchId),
      (stored) => foldWatch(job.watchId, stored),
      (current) => decideDeliveryFailed(current, attempt, { ...failure, permanent: final }, deps.disableAfter),
      { retries: 20, state },
    );
    ctx.log.warn({ watchId: job.watchId, key, attempt: attemptNumber, reason: failure.reason, final }, "alert delivery failed");
    const disabled = decidedOn.consecutiveFailures + 1 >= deps.disableAfter;
    if (final || disabled) return "failed";
    // Retried by the queue's backoff, never sooner than a Retry-After the receiver sent.
    throw new TransientError(failure.reason, failure.detail, {
      ...(failure.httpStatus === undefined ? {} : { httpStatus: failure.httpStatus }),
      ...(failure.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: failure.retryAfterSeconds }),
      cause: err,
    });
  }
  await handleCommand(
    deps.store,
    watchStreamId(job.watchId),
    (stored) => foldWatch(job.watchId, stored),
    (current) => decideDelivered(current, attempt, { httpStatus, durationMs: performance.now() - started }),
    { retries: 20, state },
  );
  ctx.log.debug({ watchId: job.watchId, key, attempt: attemptNumber, matches: events.length }, "alert delivered");
  return "delivered";
}

/**
 * The harness's last word on a job whose handler threw without recording its attempt (the store
 * was down, an internal error): records the failure unless the attempt is recorded already.
 */
export async function recordDeliveryFailure(job: DeliverAlertJob, failure: StageFailure, deps: Pick<AlerterDeps, "store" | "disableAfter">): Promise<void> {
  if (job.mode !== "each") return;
  const run = job.redelivery?.run;
  const recorded = await eventsExist(deps.store.sql, [
    alertDeliveredEventId(job.watchId, job.eventId, run),
    alertFailedEventId(job.watchId, job.eventId, failure.attempts, run),
  ]);
  if (recorded.size > 0) return;
  const matched = await readEvent(deps.store.sql, job.eventId);
  const attempt: DeliveryAttempt = {
    idempotencyKey: job.eventId,
    articleIds: matched ? [(matched.data as { articleId: string }).articleId] : [],
    mode: "each",
    attempt: failure.attempts,
    redelivery: run,
  };
  await handleCommand(
    deps.store,
    watchStreamId(job.watchId),
    (stored) => foldWatch(job.watchId, stored),
    (current) => (isLive(current) ? decideDeliveryFailed(current, attempt, { ...failure, permanent: true }, deps.disableAfter) : []),
    { retries: 20 },
  );
}
