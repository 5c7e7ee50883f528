import { deterministicEventId } from "../event-id.ts";
import { failureFields, type Failure } from "../failure.ts";
import type { PendingEvent } from "../typed-event.ts";
import type { FeedDetails, FeedState } from "./feed-stream.ts";

/** Failed polls in a row after which a feed is disabled (`vigie feeds enable` re-enables it). */
export const DISABLE_AFTER_FAILURES = 10;

/** What one poll learnt, before it becomes `FeedPolled` (and `FeedMoved`). */
export interface PollOutcome {
  status: "changed" | "not-modified";
  httpStatus: number;
  durationMs: number;
  etag?: string | undefined;
  lastModified?: string | undefined;
  bodyHash?: string | undefined;
  itemCount: number;
  newItemCount: number;
  nextPollSeconds: number;
  /** The feed answered through a permanent redirect to this URL. */
  movedTo?: string | undefined;
  /** What the parsed feed says about itself (absent on a 304: nothing was parsed). */
  details?: FeedDetails | undefined;
}

const clip = (text: string | undefined, max: number): string | undefined => {
  const trimmed = text?.replace(/\s+/g, " ").trim().slice(0, max).trim();
  return trimmed ? trimmed : undefined;
};

/** A feed's details as the event stores them: bounded text, an http(s) home page or none. */
function cleanDetails(details: FeedDetails): FeedDetails {
  const site =
    details.siteUrl !== undefined && /^https?:\/\//i.test(details.siteUrl) && details.siteUrl.length <= 8192 && URL.canParse(details.siteUrl)
      ? details.siteUrl
      : undefined;
  const language = clip(details.language, 35);
  return {
    title: clip(details.title, 1000),
    siteUrl: site,
    language: language && /^[A-Za-z0-9-_]+$/.test(language) ? language : undefined,
    description: clip(details.description, 2000),
  };
}

const sameDetails = (a: FeedDetails, b: FeedDetails): boolean =>
  a.title === b.title && a.siteUrl === b.siteUrl && a.language === b.language && a.description === b.description;

/** Only a registered, active feed is polled; a job for any other is dropped without an event. */
export function canPoll(state: FeedState): boolean {
  return state.registered && state.status === "active";
}

/** The id of the poll's outcome: one per scheduler job, so a retried job finds its own event. */
export function pollEventId(feedId: string, jobKey: string): string {
  return deterministicEventId("feed-poller", `${feedId}:${jobKey}`);
}

/**
 * `FeedPolled`, preceded by `FeedMoved` when the feed moved for good and by `FeedDetailsChanged`
 * when its title, home page, language or description differ from the last recorded ones.
 */
export function decidePolled(
  state: FeedState,
  jobKey: string,
  outcome: PollOutcome,
  metadata: { causationId?: string } = {},
): PendingEvent<"FeedPolled" | "FeedMoved" | "FeedDetailsChanged">[] {
  const { feedId } = state;
  const meta = { producer: "feed-poller", ...metadata };
  const events: PendingEvent<"FeedPolled" | "FeedMoved" | "FeedDetailsChanged">[] = [];
  if (outcome.movedTo !== undefined && outcome.movedTo !== state.url) {
    events.push({
      eventId: deterministicEventId("feed-moved", `${feedId}:${outcome.movedTo}`),
      type: "FeedMoved",
      data: { feedId, from: state.url, to: outcome.movedTo },
      metadata: meta,
    });
  }
  const details = outcome.details === undefined ? undefined : cleanDetails(outcome.details);
  if (details !== undefined && !sameDetails(details, state.details)) {
    const { title, siteUrl, language, description } = details;
    events.push({
      eventId: deterministicEventId("feed-details", `${feedId}:${jobKey}`),
      type: "FeedDetailsChanged",
      // Absent fields are left out, not written as undefined: the payload is stored as JSON.
      data: {
        feedId,
        ...(title ? { title } : {}),
        ...(siteUrl ? { siteUrl } : {}),
        ...(language ? { language } : {}),
        ...(description ? { description } : {}),
      },
      metadata: meta,
    });
  }
  events.push({
    eventId: pollEventId(feedId, jobKey),
    type: "FeedPolled",
    data: {
      feedId,
      url: state.url,
      status: outcome.status,
      httpStatus: outcome.httpStatus,
      itemCount: outcome.itemCount,
      newItemCount: outcome.newItemCount,
      durationMs: Math.max(0, Math.round(outcome.durationMs)),
      etag: outcome.etag?.slice(0, 1024),
      lastModified: outcome.lastModified?.slice(0, 256),
      // A 304 has no body: the hash of the body it stands for is still the last one seen.
      bodyHash: outcome.bodyHash ?? state.bodyHash,
      nextPollSeconds: outcome.nextPollSeconds,
    },
    metadata: meta,
  });
  return events;
}

/** `FeedPollFailed` with the retry delay, and `FeedDisabled` once too many failed in a row. */
export function decidePollFailed(
  state: FeedState,
  jobKey: string,
  failure: Failure,
  retryInSeconds: number,
): PendingEvent<"FeedPollFailed" | "FeedDisabled">[] {
  const { feedId } = state;
  const consecutiveFailures = state.consecutiveFailures + 1;
  const key = `${feedId}:${jobKey}`;
  const metadata = { producer: "feed-poller" };
  const events: PendingEvent<"FeedPollFailed" | "FeedDisabled">[] = [
    {
      eventId: deterministicEventId("feed-poll-failed", key),
      type: "FeedPollFailed",
      data: { feedId, url: state.url, ...failureFields(failure), httpStatus: failure.httpStatus, consecutiveFailures, retryInSeconds },
      metadata,
    },
  ];
  if (consecutiveFailures >= DISABLE_AFTER_FAILURES && state.status === "active") {
    events.push({
      eventId: deterministicEventId("feed-disabled", key),
      type: "FeedDisabled",
      data: { feedId, reason: "too-many-failures", consecutiveFailures },
      metadata,
    });
  }
  return events;
}
