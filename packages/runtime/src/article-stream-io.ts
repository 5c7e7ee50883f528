import { articleStreamId } from "@vigie/contracts";
import { aggregateStream, type AppendResult, type EventStore } from "@vigie/event-store";
import { articleFailed, foldArticle, type ArticleJobRef, type ArticleStage, type ArticleState, type Failure, type PendingEvent } from "@vigie/streams";

/** An article's state folded from its stream. */
export function loadArticle(store: EventStore, articleId: string): Promise<ArticleState> {
  return aggregateStream(store, articleStreamId(articleId), (events) => foldArticle(articleId, events));
}

/**
 * Appends a stage's decision to the article's stream at the version it was decided on: a stage
 * that raced another on the same article fails with `WrongExpectedVersionError` and is retried.
 */
export function appendToArticle(store: EventStore, state: ArticleState, events: PendingEvent[]): Promise<AppendResult> {
  return store.appendToStream(articleStreamId(state.articleId), events, { expectedVersion: state.version });
}

/**
 * Records that a stage gave up on a job (permanent error or retries spent). The failure does not
 * depend on the stream's state, so it is appended after whatever the stream holds.
 */
export function recordArticleFailure(store: EventStore, stage: ArticleStage, job: ArticleJobRef & { url?: string }, failure: Failure): Promise<AppendResult> {
  return store.appendToStream(articleStreamId(job.articleId), [articleFailed(stage, job, failure)]);
}
