import { randomUUID } from "node:crypto";
import { watchMatchesStreamId, watchStreamId, type DeliverAlertJob } from "@vigie/contracts";
import type { EventStore } from "@vigie/event-store";
import type { PipelineQueues } from "@vigie/queue";
import { loadWatch } from "@vigie/runtime";
import { isLive, UnknownWatchError } from "@vigie/streams";
import { RedeliveryRefusedError } from "./redelivery-refused-error.ts";

export interface RedeliverOptions {
  store: EventStore;
  queues: PipelineQueues;
  watchId: string;
  /** Only matches after this version of the watch's matches (the API's `version`, the SSE id). @defaultValue 0 */
  since?: number | undefined;
  /** Only what was never acknowledged (failed, or not sent while delivery was disabled). @defaultValue false */
  failedOnly?: boolean | undefined;
  /** Count, enqueue nothing. @defaultValue false */
  dryRun?: boolean | undefined;
  /** Matches read per page. @defaultValue 1000 */
  pageSize?: number | undefined;
}

export interface RedeliverSummary {
  watchId: string;
  /** Carried by every attempt of this run (`redelivery` in the attempt events, `Vigie-Redelivery` header). */
  run: string;
  mode: "each" | "digest";
  since: number;
  failedOnly: boolean;
  dryRun: boolean;
  /** Matches read after `since`. */
  scanned: number;
  /** Already acknowledged, left alone with `failedOnly`. */
  alreadyDelivered: number;
  /** Their first delivery still queued or running: left to it. */
  stillQueued: number;
  /** Deliveries enqueued (with dryRun: that would be). A digest counts one per digest. */
  enqueued: number;
}

const IN_FLIGHT = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children"]);
const DIGEST_KEY = /^digest:(\d+)-(\d+)$/;

/**
 * Sends a watch's deliveries again (`vigie watches redeliver`). The idempotency key of each
 * delivery is the one first sent, so receivers drop what they already have; the attempts are
 * events of their own (their ids carry the run), so a delivery acknowledged before is sent anyway.
 *
 * - `each` watch: one delivery per match after `since`; with `failedOnly`, only the matches never
 *   acknowledged (delivery failed for good, or matched while disabled). A match whose first
 *   delivery is still queued is left to it.
 * - `digest` watch: the digests acknowledged that hold matches after `since`, each under its key
 *   `digest:<from>-<through>`; with `failedOnly`, one digest run now, which sends what was not
 *   acknowledged (every match after the last digest), as the schedule would.
 *
 * Refuses (`RedeliveryRefusedError`) a watch without webhook or whose delivery is disabled
 * (`vigie watches enable` first); `UnknownWatchError` for a deleted or unknown one.
 */
export async function redeliverWatch(options: RedeliverOptions): Promise<RedeliverSummary> {
  const { store, queues, watchId } = options;
  const state = await loadWatch(store, watchId);
  if (!isLive(state)) throw new UnknownWatchError(watchId);
  if (state.definition.webhookUrl === undefined) throw new RedeliveryRefusedError(watchId, "has no webhook");
  if (!state.deliveryEnabled) throw new RedeliveryRefusedError(watchId, `has its delivery disabled: vigie watches enable ${watchId} first`);
  const since = options.since ?? 0;
  const summary: RedeliverSummary = {
    watchId,
    run: randomUUID(),
    mode: state.definition.delivery,
    since,
    failedOnly: options.failedOnly ?? false,
    dryRun: options.dryRun ?? false,
    scanned: 0,
    alreadyDelivered: 0,
    stillQueued: 0,
    enqueued: 0,
  };
  // What was acknowledged: keys of `each` deliveries, ranges of digests.
  const deliveredKeys = new Set<string>();
  const digests = new Map<string, { fromVersion: number; throughVersion: number }>();
  for (const event of await store.readStream(watchStreamId(watchId))) {
    if (event.type !== "AlertDelivered") continue;
    const key = (event.data as { idempotencyKey: string }).idempotencyKey;
    deliveredKeys.add(key);
    const range = DIGEST_KEY.exec(key);
    if (range) digests.set(key, { fromVersion: Number(range[1]), throughVersion: Number(range[2]) });
  }
  const inDigest = (version: number) => [...digests.values()].some((d) => d.fromVersion <= version && version <= d.throughVersion);

  if (summary.mode === "digest") {
    const head = await store.streamVersion(watchMatchesStreamId(watchId));
    summary.scanned = Math.max(0, head - since);
    if (summary.failedOnly) {
      const pending = head - Math.max(state.digestThrough, since);
      summary.alreadyDelivered = summary.scanned - Math.max(0, pending);
      if (pending > 0) {
        summary.enqueued = 1;
        if (!summary.dryRun) await queues.addDigestRun(watchId, `redeliver-${summary.run}-digest`);
      }
      return summary;
    }
    const again = [...digests.values()]
      .filter((d) => d.throughVersion > since)
      .sort((a, b) => a.fromVersion - b.fromVersion)
      .map((d): DeliverAlertJob => ({ mode: "digest", watchId, redelivery: { run: summary.run, ...d } }));
    summary.enqueued = again.length;
    if (!summary.dryRun) await queues.addRedeliveries(again);
    return summary;
  }

  for (let from = since + 1; ; ) {
    const page = await store.readStream(watchMatchesStreamId(watchId), { fromVersion: from, limit: options.pageSize ?? 1000 });
    if (page.length === 0) break;
    from = (page.at(-1)?.streamVersion ?? from) + 1;
    summary.scanned += page.length;
    const wanted = page.filter((m) => {
      const acknowledged = deliveredKeys.has(m.eventId) || inDigest(m.streamVersion);
      if (acknowledged && summary.failedOnly) summary.alreadyDelivered++;
      return !(acknowledged && summary.failedOnly);
    });
    // The dispatcher's job for a match has the match's event id: while it is queued, it delivers.
    const states = await Promise.all(wanted.map((m) => queues.byStage.alert.getJobState(m.eventId)));
    const jobs = wanted
      .filter((_, i) => !IN_FLIGHT.has(String(states[i])))
      .map(
        (m): DeliverAlertJob => ({
          mode: "each",
          watchId,
          articleId: (m.data as { articleId: string }).articleId,
          eventId: m.eventId,
          redelivery: { run: summary.run },
        }),
      );
    summary.stillQueued += wanted.length - jobs.length;
    summary.enqueued += jobs.length;
    if (!summary.dryRun) await queues.addRedeliveries(jobs);
  }
  return summary;
}
