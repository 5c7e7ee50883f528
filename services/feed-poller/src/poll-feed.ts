import { articleStreamId, feedStreamId, latestVersion, validateEvent, type PollFeedJob } from "@vigie/contracts";
import { canonicalizeUrl } from "@vigie/dedup";
import { deterministicEventId, sha256Hex, type NewStreamEvent } from "@vigie/event-store";
import { fetchFeed, nextPollInterval, parseFeed } from "@vigie/feeds";
import type { SafeFetchOptions } from "@vigie/http";
import type { StageContext, StageFailure } from "@vigie/queue";
import type { Runtime } from "@vigie/runtime";
import { loadFeedState } from "./feed-state.ts";

export type PollerDeps = Pick<Runtime, "store" | "sql"> & {
  http: Omit<SafeFetchOptions, "signal">;
  /** Bounds of the adaptive interval, in seconds. @defaultValue 300 and 86400 */
  bounds?: { minSeconds?: number; maxSeconds?: number };
};

/** Failures in a row after which a feed is disabled (`vigie feeds enable` re-enables it). */
export const DISABLE_AFTER_FAILURES = 10;
const CHUNK = 500;

async function pollEventExists(deps: PollerDeps, eventId: string): Promise<boolean> {
  const rows = await deps.sql`select 1 from events where event_id = ${eventId}`;
  return rows.length > 0;
}

/**
 * PollFeed: conditional GET, parse, one ArticleDiscovered per item never seen before (by any
 * feed), then FeedPolled with the next interval. Idempotent per scheduler job.
 */
export async function pollFeed(job: PollFeedJob, ctx: StageContext, deps: PollerDeps): Promise<{ discovered: number; status: string }> {
  const state = await loadFeedState(deps.sql, job.feedId);
  if (!state || state.status !== "active") return { discovered: 0, status: state?.status ?? "unknown" };
  const polledId = deterministicEventId("feed-poller", `${job.feedId}:${ctx.job.id ?? ctx.job.timestamp}`);
  if (await pollEventExists(deps, polledId)) return { discovered: 0, status: "already-polled" };

  const result = await fetchFeed(state.url, state, { ...deps.http, signal: ctx.signal });
  const base = {
    feedId: job.feedId,
    url: state.url,
    httpStatus: result.httpStatus,
    durationMs: Math.round(result.durationMs),
    etag: result.etag?.slice(0, 1024),
    lastModified: result.lastModified?.slice(0, 256),
    bodyHash: result.bodyHash ?? state.bodyHash,
  };
  const pollMeta = { producer: "feed-poller", causationId: String(ctx.job.id ?? "") };
  const events: NewStreamEvent[] = [];

  if (result.status === "not-modified" || !result.body) {
    // Nothing new to learn the item rate from: keep the interval the last full poll chose.
    const next =
      state.nextPollSeconds ??
      nextPollInterval({ itemTimestamps: [], maxAgeSeconds: result.maxAgeSeconds, retryAfterSeconds: result.retryAfterSeconds, consecutiveFailures: 0 }, deps.bounds);
    await deps.store.append([
      { eventId: polledId, streamId: feedStreamId(job.feedId), type: "FeedPolled", data: { ...base, status: "not-modified", itemCount: 0, newItemCount: 0, nextPollSeconds: next }, metadata: pollMeta },
    ]);
    return { discovered: 0, status: "not-modified" };
  }

  const feed = await parseFeed(result.body, { url: result.finalUrl, contentType: result.contentType });
  const discoveries = new Map<string, NewStreamEvent>();
  for (const item of feed.items) {
    if (!item.link) continue;
    let canonical: string;
    try {
      canonical = canonicalizeUrl(item.link).canonical;
    } catch {
      ctx.log.debug({ link: item.link }, "item link skipped");
      continue;
    }
    const articleId = sha256Hex(canonical);
    if (discoveries.has(articleId)) continue;
    const eventId = deterministicEventId("discovered", articleId);
    const data = {
      articleId,
      url: item.link,
      feedId: job.feedId,
      itemId: item.id.slice(0, 2048),
      title: item.title?.slice(0, 2000),
      publishedAt: item.published,
      author: item.author?.slice(0, 500),
    };
    try {
      validateEvent("ArticleDiscovered", latestVersion("ArticleDiscovered"), data);
    } catch (err) {
      // One unusable item (a 9,000-character link…) must not fail the poll and hide the others.
      ctx.log.warn({ err, link: item.link.slice(0, 200) }, "item skipped: its discovery event would be invalid");
      continue;
    }
    discoveries.set(articleId, {
      eventId,
      streamId: articleStreamId(articleId),
      type: "ArticleDiscovered",
      data,
      metadata: { producer: "feed-poller", correlationId: eventId, causationId: polledId },
    });
  }
  // Articles already discovered (by this or another feed) are not discovered again.
  const streamIds = [...discoveries.values()].map((d) => d.streamId);
  const seen = new Set<string>();
  for (let i = 0; i < streamIds.length; i += CHUNK) {
    const rows = await deps.sql<{ stream_id: string }[]>`
      select distinct stream_id from events where stream_id = any(${streamIds.slice(i, i + CHUNK)}) and stream_version = 1`;
    for (const r of rows) seen.add(r.stream_id);
  }
  const fresh = [...discoveries.values()].filter((d) => !seen.has(d.streamId));
  for (let i = 0; i < fresh.length; i += CHUNK) await deps.store.append(fresh.slice(i, i + CHUNK));

  const next = nextPollInterval({
    itemTimestamps: feed.items.map((i) => i.published).filter((p): p is string => !!p),
    ttlMinutes: feed.ttlMinutes,
    updatePeriodMinutes: feed.updatePeriodMinutes,
    maxAgeSeconds: result.maxAgeSeconds,
    consecutiveFailures: 0,
  }, deps.bounds);
  if (result.movedPermanentlyTo && result.movedPermanentlyTo !== state.url) {
    events.push({
      eventId: deterministicEventId("feed-moved", `${job.feedId}:${result.movedPermanentlyTo}`),
      streamId: feedStreamId(job.feedId),
      type: "FeedMoved",
      data: { feedId: job.feedId, from: state.url, to: result.movedPermanentlyTo },
      metadata: pollMeta,
    });
  }
  events.push({
    eventId: polledId,
    streamId: feedStreamId(job.feedId),
    type: "FeedPolled",
    data: { ...base, status: "changed", itemCount: feed.items.length, newItemCount: fresh.length, nextPollSeconds: next },
    metadata: pollMeta,
  });
  await deps.store.append(events);
  ctx.log.info({ feedId: job.feedId, items: feed.items.length, discovered: fresh.length, nextPollSeconds: next }, "feed polled");
  return { discovered: fresh.length, status: "changed" };
}

/** FeedPollFailed with the reason and the retry delay; FeedDisabled after too many in a row. */
export async function recordPollFailure(job: PollFeedJob, failure: StageFailure, ctx: StageContext, deps: PollerDeps): Promise<void> {
  const state = await loadFeedState(deps.sql, job.feedId);
  if (!state) return;
  const consecutiveFailures = state.consecutiveFailures + 1;
  const retryInSeconds = nextPollInterval({ itemTimestamps: [], retryAfterSeconds: failure.retryAfterSeconds, consecutiveFailures }, deps.bounds);
  const key = `${job.feedId}:${ctx.job.id ?? ctx.job.timestamp}`;
  const events: NewStreamEvent[] = [
    {
      eventId: deterministicEventId("feed-poll-failed", key),
      streamId: feedStreamId(job.feedId),
      type: "FeedPollFailed",
      data: {
        feedId: job.feedId,
        url: state.url,
        reason: failure.reason.slice(0, 64),
        detail: failure.detail.slice(0, 2000),
        httpStatus: failure.httpStatus,
        consecutiveFailures,
        retryInSeconds,
      },
      metadata: { producer: "feed-poller" },
    },
  ];
  if (consecutiveFailures >= DISABLE_AFTER_FAILURES) {
    events.push({
      eventId: deterministicEventId("feed-disabled", key),
      streamId: feedStreamId(job.feedId),
      type: "FeedDisabled",
      data: { feedId: job.feedId, reason: "too-many-failures", consecutiveFailures },
      metadata: { producer: "feed-poller" },
    });
  }
  await deps.store.append(events);
}
