import type { AssignStoryJob, DeduplicateArticleJob, DeliverAlertJob, FetchArticleJob, PollFeedJob, TagArticleJob } from "@vigie/contracts";
import type { RecordedEvent } from "@vigie/event-store";
import {
  articleEventTypes,
  feedEventTypes,
  narrowEvent,
  watchEventTypes,
  type ArticleEventType,
  type FeedEventType,
  type WatchEventType,
} from "@vigie/streams";

/** The payload of each article stage's jobs. */
export interface ArticleJobs {
  fetch: FetchArticleJob;
  dedup: DeduplicateArticleJob;
  tag: TagArticleJob;
  story: AssignStoryJob;
}
export type ArticleStageName = keyof ArticleJobs;

export type DispatchAction =
  | { [S in ArticleStageName]: { kind: "job"; stage: S; job: ArticleJobs[S] } }[ArticleStageName]
  /**
   * Poll every `everyMs`, the first time at `startAt` (ms epoch; undefined: now). `ifActive`: only
   * when the feed is active when the dispatcher applies it (the event alone does not say).
   */
  | { kind: "schedule"; poll: PollFeedJob; everyMs: number; startAt?: number; ifActive?: boolean }
  | { kind: "unschedule"; feedId: string }
  /** Deliver one match of a watch now (its `WatchMatched` caused it). */
  | { kind: "alert"; job: Extract<DeliverAlertJob, { mode: "each" }> }
  /** Deliver a digest watch's new matches every `everyMs` (one scheduler per watch); null: stop. */
  | { kind: "digest"; watchId: string; everyMs: number | null };

export type JobAction = Extract<DispatchAction, { kind: "job" }>;

/** Default poll interval of a new feed, before its adaptive schedule has data. */
export const DEFAULT_POLL_EVERY_MS = 15 * 60 * 1000;

const ROUTED: ReadonlySet<string> = new Set<string>([...feedEventTypes, ...articleEventTypes, ...watchEventTypes, "WatchMatched"]);

function pollJob(feedId: string, url: string): PollFeedJob {
  return URL.canParse(url) ? { feedId, host: new URL(url).host } : { feedId };
}

/**
 * What the dispatcher does for one committed event (pure). Every article job carries the causing
 * event's id, which is also its job id, so replaying the log re-enqueues the same ids and BullMQ
 * ignores them while retained.
 */
export function routeEvent(recorded: RecordedEvent, options: { defaultPollEveryMs?: number } = {}): DispatchAction[] {
  const event = narrowEvent<FeedEventType | ArticleEventType | WatchEventType | "WatchMatched">(ROUTED, recorded);
  if (!event) return [];
  const correlationId = typeof recorded.metadata.correlationId === "string" ? recorded.metadata.correlationId : recorded.eventId;
  const ref = { eventId: recorded.eventId, correlationId };
  // The next poll comes one interval after the poll that chose it (not at once: an upserted
  // `every` scheduler would otherwise run immediately, and a failing feed would spin).
  const reschedule = (feedId: string, url: string, seconds: number): DispatchAction => {
    const everyMs = Math.max(1000, seconds * 1000);
    return { kind: "schedule", poll: pollJob(feedId, url), everyMs, startAt: recorded.recordedAt.getTime() + everyMs };
  };
  switch (event.type) {
    case "FeedRegistered":
      return [{ kind: "schedule", poll: pollJob(event.data.feedId, event.data.url), everyMs: options.defaultPollEveryMs ?? DEFAULT_POLL_EVERY_MS }];
    case "FeedEnabled":
      // No URL on the event, so no host yet: the first poll's reschedule brings the per-host limit back.
      return [{ kind: "schedule", poll: { feedId: event.data.feedId }, everyMs: options.defaultPollEveryMs ?? DEFAULT_POLL_EVERY_MS }];
    case "FeedPolled":
      return event.data.nextPollSeconds === undefined ? [] : [reschedule(event.data.feedId, event.data.url, event.data.nextPollSeconds)];
    case "FeedPollFailed":
      return event.data.retryInSeconds === undefined ? [] : [reschedule(event.data.feedId, event.data.url, event.data.retryInSeconds)];
    case "FeedIntervalPinned":
      // A pinned interval applies at once (with a poll now); unpinned, the next poll's adaptive
      // interval reschedules the feed. A disabled or removed feed stays unscheduled: the pin is
      // kept in its state and its next enable brings it back.
      return event.data.seconds === undefined
        ? []
        : [{ kind: "schedule", poll: { feedId: event.data.feedId }, everyMs: event.data.seconds * 1000, ifActive: true }];
    case "FeedDisabled":
    case "FeedRemoved":
      return [{ kind: "unschedule", feedId: event.data.feedId }];
    case "ArticleDiscovered":
      return [{ kind: "job", stage: "fetch", job: { articleId: event.data.articleId, url: event.data.url, ...ref } }];
    case "ArticleFetched":
      return [{ kind: "job", stage: "dedup", job: { articleId: event.data.articleId, ...ref } }];
    case "ArticleAccepted":
    case "ArticleRevised":
      return [{ kind: "job", stage: "tag", job: { articleId: event.data.articleId, ...ref } }];
    case "WatchMatched":
      return event.data.delivery === "each"
        ? [{ kind: "alert", job: { mode: "each", watchId: event.data.watchId, articleId: event.data.articleId, eventId: recorded.eventId } }]
        : [];
    case "WatchCreated":
    case "WatchUpdated":
      // A watch that stops being a digest (or loses its webhook) has its scheduler removed.
      return [
        {
          kind: "digest",
          watchId: event.data.watchId,
          everyMs: event.data.delivery === "digest" && event.data.webhookUrl !== undefined ? (event.data.digestSeconds ?? 3600) * 1000 : null,
        },
      ];
    case "WatchDeleted":
      return [{ kind: "digest", watchId: event.data.watchId, everyMs: null }];
    case "EntitiesTagged":
      return [{ kind: "job", stage: "story", job: { articleId: event.data.articleId, ...ref } }];
    default:
      return [];
  }
}
