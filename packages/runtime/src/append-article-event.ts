import { articleStreamId } from "@vigie/contracts";
import { deterministicEventId, type AppendResult, type EventStore } from "@vigie/event-store";

/** What every article job carries: the article, the event that caused the job, the chain id. */
export interface ArticleJobRef {
  articleId: string;
  eventId: string;
  correlationId: string;
}

/** The id of what `stage` appends for this job: the same on every retry, so appends are idempotent. */
export function outcomeEventId(stage: string, job: ArticleJobRef): string {
  return deterministicEventId(stage, `${job.articleId}:${job.eventId}`);
}

/** Appends a stage's outcome to the article's stream, with correlation and causation ids. */
export function appendArticleEvent(
  store: EventStore,
  job: ArticleJobRef,
  event: { stage: string; producer: string; type: string; data: unknown },
): Promise<AppendResult> {
  return store.appendToStream(articleStreamId(job.articleId), [
    {
      eventId: outcomeEventId(event.stage, job),
      type: event.type,
      data: event.data,
      metadata: { correlationId: job.correlationId, causationId: job.eventId, producer: event.producer },
    },
  ]);
}
