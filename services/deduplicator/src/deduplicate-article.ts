import type { DeduplicateArticleJob } from "@vigie/contracts";
import type { DedupDecision, DedupInput } from "@vigie/dedup";
import type { NewEvent } from "@vigie/event-store";
import { PermanentError, type StageContext, type StageFailure } from "@vigie/queue";
import { appendArticleEvent, loadArticle, outcomeEventId, type Runtime } from "@vigie/runtime";

export interface DedupDeps extends Pick<Runtime, "store"> {
  decide(input: DedupInput): Promise<DedupDecision>;
}

/** The event a dedup decision becomes (none for `unchanged`: the same text was decided before). */
export function decisionEvent(articleId: string, decision: DedupDecision): Pick<NewEvent, "type" | "data"> | undefined {
  switch (decision.kind) {
    case "accepted":
      return {
        type: "ArticleAccepted",
        data: {
          articleId,
          clusterId: decision.clusterId,
          canonicalUrl: decision.canonicalUrl,
          matchKey: decision.matchKey,
          textHash: decision.textHash,
          revision: decision.revision,
        },
      };
    case "duplicate":
      return {
        type: "ArticleDuplicateDetected",
        data: {
          articleId,
          originalArticleId: decision.originalArticleId,
          clusterId: decision.clusterId,
          method: decision.method,
          similarity: decision.similarity,
          revision: decision.revision,
        },
      };
    case "revised":
      return {
        type: "ArticleRevised",
        data: {
          articleId,
          revision: decision.revision,
          previousTextHash: decision.previousTextHash,
          textHash: decision.textHash,
          diffChars: decision.diffChars,
          clusterId: decision.clusterId,
        },
      };
    case "failed":
      return { type: "ArticleDedupFailed", data: { articleId, reason: decision.reason, detail: decision.detail } };
    case "unchanged":
      return undefined;
  }
}

/**
 * DeduplicateArticle: decides accepted / duplicate / revised against the shared Postgres state
 * and appends the decision. The decision store returns the same decision for the same text, so
 * a retry after a crash appends the same event id and payload.
 */
export async function deduplicateArticle(job: DeduplicateArticleJob, ctx: StageContext, deps: DedupDeps): Promise<{ kind: string }> {
  const eventId = outcomeEventId("deduplicator", job);
  const article = await loadArticle(deps.store, job.articleId);
  if (article.has(eventId)) return { kind: "already-decided" };
  const fetched = article.events.find((e) => e.eventId === job.eventId);
  if (!fetched || fetched.type !== "ArticleFetched") throw new PermanentError("no-fetched-event", `event ${job.eventId} is not an ArticleFetched of this article`);
  const revision = (fetched.data as { revision: number }).revision;
  const data = article.fetched.get(revision)?.data;
  if (!data) throw new PermanentError("no-fetched-event");
  const decision = await deps.decide({
    articleId: job.articleId,
    url: data.finalUrl,
    pageCanonicalUrl: data.canonicalUrl,
    title: data.title,
    text: data.text,
    publishedAt: data.publishedAt,
    source: URL.canParse(data.finalUrl) ? new URL(data.finalUrl).host : undefined,
  });
  const event = decisionEvent(job.articleId, decision);
  if (event) await appendArticleEvent(deps.store, job, { stage: "deduplicator", producer: "deduplicator", ...event });
  ctx.log.info({ articleId: job.articleId, decision: decision.kind }, "article deduplicated");
  return { kind: decision.kind };
}

export async function recordDedupFailure(job: DeduplicateArticleJob, failure: StageFailure, deps: Pick<Runtime, "store">): Promise<void> {
  await appendArticleEvent(deps.store, job, {
    stage: "deduplicator-failed",
    producer: "deduplicator",
    type: "ArticleDedupFailed",
    data: { articleId: job.articleId, reason: failure.reason.slice(0, 64), detail: failure.detail.slice(0, 2000) },
  });
}
