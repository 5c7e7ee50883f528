import { feedStreamId, type PollFeedJob } from "@vigie/contracts";
import { eventsExist, existingStreams, handleCommand, type NewStreamEvent } from "@vigie/event-store";
import { fetchFeed, nextPollInterval, parseFeed } from "@vigie/feeds";
import type { SafeFetchOptions } from "@vigie/http";
import type { StageContext, StageFailure } from "@vigie/queue";
import { loadFeed, type Runtime } from "@vigie/runtime";
import { canPoll, decidePolled, decidePollFailed, discoverArticle, foldFeed, pollEventId, type FeedState, type PollOutcome } from "@vigie/streams";

export type PollerDeps = Pick<Runtime, "store" | "sql"> & {
  http: Omit<SafeFetchOptions, "signal">;
  /** Bounds of the adaptive interval, in seconds. @defaultValue 300 and 86400 */
  bounds?: { minSeconds?: number; maxSeconds?: number };
};

const CHUNK = 500;
const jobKeyOf = (ctx: StageContext): string => String(ctx.job.id ?? ctx.job.timestamp);

/** Appends the poll's outcome at the version the feed was read at (re-decided if the feed changed meanwhile). */
async function recordPolled(deps: PollerDeps, state: FeedState, jobKey: string, outcome: PollOutcome, causationId: string): Promise<void> {
  await handleCommand(
    deps.store,
    feedStreamId(state.feedId),
    (events) => foldFeed(state.feedId, events),
    (current) => (canPoll(current) ? decidePolled(current, jobKey, outcome, { causationId }) : []),
    {
      state,
    },
  );
}

/**
 * PollFeed: conditional GET, parse, one ArticleDiscovered per item never seen before (by any
 * feed), then FeedPolled with the next interval. Idempotent per scheduler job.
 */
export async function pollFeed(job: PollFeedJob, ctx: StageContext, deps: PollerDeps): Promise<{ discovered: number; status: string }> {
  const state = await loadFeed(deps.store, job.feedId);
  if (!canPoll(state)) return { discovered: 0, status: state.registered ? state.status : "unknown" };
  const jobKey = jobKeyOf(ctx);
  const polledId = pollEventId(job.feedId, jobKey);
  if ((await eventsExist(deps.sql, [polledId])).size > 0) return { discovered: 0, status: "already-polled" };

  const result = await fetchFeed(state.url, state, { ...deps.http, signal: ctx.signal });
  const seen = {
    httpStatus: result.httpStatus,
    durationMs: result.durationMs,
    etag: result.etag,
    lastModified: result.lastModified,
    bodyHash: result.bodyHash,
  };
  const causationId = String(ctx.job.id ?? "");

  if (result.status === "not-modified" || !result.body) {
    // Nothing new to learn the item rate from: keep the interval the last full poll chose.
    const nextPollSeconds =
      state.pinnedIntervalSeconds ??
      state.nextPollSeconds ??
      nextPollInterval(
        { itemTimestamps: [], maxAgeSeconds: result.maxAgeSeconds, retryAfterSeconds: result.retryAfterSeconds, consecutiveFailures: 0 },
        deps.bounds,
      );
    await recordPolled(deps, state, jobKey, { ...seen, status: "not-modified", itemCount: 0, newItemCount: 0, nextPollSeconds }, causationId);
    return { discovered: 0, status: "not-modified" };
  }

  const feed = await parseFeed(result.body, { url: result.finalUrl, contentType: result.contentType });
  const discoveries = new Map<string, NewStreamEvent>();
  for (const item of feed.items) {
    if (!item.link) continue;
    const found = discoverArticle(job.feedId, { ...item, link: item.link }, polledId);
    if (!found) {
      ctx.log.debug({ link: item.link.slice(0, 200) }, "item skipped: no usable article link");
      continue;
    }
    if (!discoveries.has(found.streamId)) discoveries.set(found.streamId, { ...found.event, streamId: found.streamId });
  }
  // Articles already discovered (by this or another feed) are not discovered again.
  const known = await existingStreams(deps.sql, [...discoveries.keys()]);
  const fresh = [...discoveries.values()].filter((d) => !known.has(d.streamId));
  for (let i = 0; i < fresh.length; i += CHUNK) await deps.store.append(fresh.slice(i, i + CHUNK));

  // A pinned interval (a person knows the feed) replaces the adaptive one.
  const nextPollSeconds =
    state.pinnedIntervalSeconds ??
    nextPollInterval(
      {
        itemTimestamps: feed.items.map((i) => i.published).filter((p): p is string => !!p),
        ttlMinutes: feed.ttlMinutes,
        updatePeriodMinutes: feed.updatePeriodMinutes,
        maxAgeSeconds: result.maxAgeSeconds,
        consecutiveFailures: 0,
        now: Date.now(),
      },
      deps.bounds,
    );
  const details = { title: feed.title, siteUrl: feed.link, language: feed.language, description: feed.description };
  await recordPolled(
    deps,
    state,
    jobKey,
    { ...seen, status: "changed", itemCount: feed.items.length, newItemCount: fresh.length, nextPollSeconds, movedTo: result.movedPermanentlyTo, details },
    causationId,
  );
  ctx.log.info({ feedId: job.feedId, items: feed.items.length, discovered: fresh.length, nextPollSeconds }, "feed polled");
  return { discovered: fresh.length, status: "changed" };
}

/** FeedPollFailed with the reason and the retry delay; FeedDisabled after too many in a row. */
export async function recordPollFailure(job: PollFeedJob, failure: StageFailure, ctx: StageContext, deps: PollerDeps): Promise<void> {
  const jobKey = jobKeyOf(ctx);
  await handleCommand(
    deps.store,
    feedStreamId(job.feedId),
    (events) => foldFeed(job.feedId, events),
    (state) => {
      if (!state.registered) return [];
      const retryInSeconds = nextPollInterval(
        { itemTimestamps: [], retryAfterSeconds: failure.retryAfterSeconds, consecutiveFailures: state.consecutiveFailures + 1 },
        deps.bounds,
      );
      return decidePollFailed(state, jobKey, failure, retryInSeconds);
    },
  );
}
