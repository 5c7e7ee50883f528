import type { TagArticleJob } from "@vigie/contracts";
import type { Tagger } from "@vigie/entities";
import { PermanentError, type StageContext, type StageFailure } from "@vigie/queue";
import { appendArticleEvent, loadArticle, outcomeEventId, type Runtime } from "@vigie/runtime";

export interface TaggerDeps extends Pick<Runtime, "store"> {
  tagger: Tagger;
}

/** TagArticle: entities of the accepted (or revised) text, with offsets and linked ids. */
export async function tagArticle(job: TagArticleJob, ctx: StageContext, deps: TaggerDeps): Promise<{ mentions: number }> {
  const eventId = outcomeEventId("tagger", job);
  const article = await loadArticle(deps.store, job.articleId);
  if (article.has(eventId)) return { mentions: -1 };
  const cause = article.events.find((e) => e.eventId === job.eventId);
  const revision = (cause?.data as { revision?: number } | undefined)?.revision;
  const fetched = revision === undefined ? undefined : article.fetched.get(revision);
  if (!fetched) throw new PermanentError("no-fetched-event", `no fetched text for event ${job.eventId}`);
  const language = fetched.data.language === "fr" || fetched.data.language === "en" ? fetched.data.language : "auto";
  const result = deps.tagger.tag(fetched.data.text, { language });
  await appendArticleEvent(deps.store, job, {
    stage: "tagger",
    producer: "tagger",
    type: "EntitiesTagged",
    data: { articleId: job.articleId, revision: fetched.data.revision, language: result.language.slice(0, 16), mentions: result.mentions, entities: result.entities },
  }).catch((err: unknown) => {
    // The same text gives the same mentions: a payload over the size limit or past the schema's
    // bounds (20,000 mentions) fails again on every retry, so it is a permanent failure.
    const name = (err as { name?: string }).name;
    if (name === "EventTooLargeError") throw new PermanentError("event-too-large", (err as Error).message);
    if (name === "InvalidEventError") throw new PermanentError("invalid-event", (err as Error).message.slice(0, 1000));
    throw err;
  });
  ctx.log.info({ articleId: job.articleId, mentions: result.mentions.length, entities: result.entities.length }, "article tagged");
  return { mentions: result.mentions.length };
}

export async function recordTaggingFailure(job: TagArticleJob, failure: StageFailure, deps: Pick<Runtime, "store">): Promise<void> {
  await appendArticleEvent(deps.store, job, {
    stage: "tagger-failed",
    producer: "tagger",
    type: "ArticleTaggingFailed",
    data: { articleId: job.articleId, reason: failure.reason.slice(0, 64), detail: failure.detail.slice(0, 2000) },
  });
}
