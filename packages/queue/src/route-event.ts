import type { RecordedEvent } from "@vigie/event-store";
import type { StageName } from "./queues.ts";

export type DispatchAction =
  | { kind: "job"; stage: StageName; jobId: string; data: Record<string, unknown> }
  /** Poll every `everyMs`, the first time at `startAt` (ms epoch; undefined: now). */
  | { kind: "schedule"; feedId: string; host?: string; everyMs: number; startAt?: number }
  | { kind: "unschedule"; feedId: string };

/** Default poll interval of a new feed, before its adaptive schedule has data. */
export const DEFAULT_POLL_EVERY_MS = 15 * 60 * 1000;

/**
 * The next poll comes one interval after the poll that chose it (not at once: an upserted
 * `every` scheduler would otherwise run immediately, and a failing feed would spin).
 */
function reschedule(event: RecordedEvent, seconds: number): DispatchAction {
  const everyMs = Math.max(1000, seconds * 1000);
  return { kind: "schedule", feedId: String((event.data as { feedId: unknown }).feedId), host: hostOf(event), everyMs, startAt: event.recordedAt.getTime() + everyMs };
}

function hostOf(event: RecordedEvent): string | undefined {
  const url = (event.data as { url?: unknown }).url;
  return typeof url === "string" && URL.canParse(url) ? new URL(url).host : undefined;
}

/**
 * What the dispatcher does for one committed event (pure). Every job id is the causing event's
 * id, so replaying the log re-enqueues the same ids and BullMQ ignores them while retained.
 */
export function routeEvent(event: RecordedEvent, options: { defaultPollEveryMs?: number } = {}): DispatchAction[] {
  const data = event.data as Record<string, unknown>;
  const correlationId = typeof event.metadata.correlationId === "string" ? event.metadata.correlationId : event.eventId;
  const articleJob = (stage: StageName, extra: Record<string, unknown> = {}): DispatchAction => ({
    kind: "job",
    stage,
    jobId: event.eventId,
    data: { articleId: data.articleId, eventId: event.eventId, correlationId, ...extra },
  });
  switch (event.type) {
    case "FeedRegistered":
    case "FeedEnabled":
      return [{ kind: "schedule", feedId: String(data.feedId), host: hostOf(event), everyMs: options.defaultPollEveryMs ?? DEFAULT_POLL_EVERY_MS }];
    case "FeedPolled":
      return typeof data.nextPollSeconds === "number" ? [reschedule(event, data.nextPollSeconds)] : [];
    case "FeedPollFailed":
      return typeof data.retryInSeconds === "number" ? [reschedule(event, data.retryInSeconds)] : [];
    case "FeedDisabled":
    case "FeedRemoved":
      return [{ kind: "unschedule", feedId: String(data.feedId) }];
    case "ArticleDiscovered":
      return [articleJob("fetch", { url: data.url })];
    case "ArticleFetched":
      return [articleJob("dedup")];
    case "ArticleAccepted":
    case "ArticleRevised":
      return [articleJob("tag")];
    default:
      return [];
  }
}
