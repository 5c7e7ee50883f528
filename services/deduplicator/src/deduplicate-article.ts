import type { DeduplicateArticleJob } from "@vigie/contracts";
import type { DedupDecision, DedupInput } from "@vigie/dedup";
import { PermanentError, type StageContext, type StageFailure } from "@vigie/queue";
import { appendToArticle, loadArticle, recordArticleFailure, type Runtime } from "@vigie/runtime";
import { decideDeduplicated, fetchedForCause, isDone } from "@vigie/streams";

export interface DedupDeps extends Pick<Runtime, "store"> {
  decide(input: DedupInput): Promise<DedupDecision>;
}

/**
 * DeduplicateArticle: decides accepted / duplicate / revised against the shared Postgres state
 * and appends the decision. The decision store returns the same decision for the same text, so
 * a retry after a crash appends the same event id and payload.
 */
export async function deduplicateArticle(job: DeduplicateArticleJob, ctx: StageContext, deps: DedupDeps): Promise<{ kind: string }> {
  const article = await loadArticle(deps.store, job.articleId);
  if (isDone(article, "deduplicator", job)) return { kind: "already-decided" };
  const fetched = fetchedForCause(article, job.eventId);
  if (fetched?.eventId !== job.eventId) throw new PermanentError("no-fetched-event", `event ${job.eventId} is not an ArticleFetched of this article`);
  const { data } = fetched;
  const decision = await deps.decide({
    articleId: job.articleId,
    url: data.finalUrl,
    pageCanonicalUrl: data.canonicalUrl,
    title: data.title,
    text: data.text,
    publishedAt: data.publishedAt,
    source: URL.canParse(data.finalUrl) ? new URL(data.finalUrl).host : undefined,
  });
  const events = decideDeduplicated(job, decision);
  if (events.length > 0) await appendToArticle(deps.store, article, events);
  ctx.log.info({ articleId: job.articleId, decision: decision.kind }, "article deduplicated");
  return { kind: decision.kind };
}

export async function recordDedupFailure(job: DeduplicateArticleJob, failure: StageFailure, deps: Pick<Runtime, "store">): Promise<void> {
  await recordArticleFailure(deps.store, "deduplicator", job, failure);
}
