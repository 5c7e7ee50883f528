import type { TagArticleJob } from "@vigie/contracts";
import { InvalidEventError } from "@vigie/contracts";
import type { Tagger } from "@vigie/entities";
import { EventTooLargeError } from "@vigie/event-store";
import { PermanentError, type StageContext, type StageFailure } from "@vigie/queue";
import { appendToArticle, loadArticle, recordArticleFailure, type Runtime } from "@vigie/runtime";
import { decideTagged, fetchedForCause, isDone } from "@vigie/streams";

export interface TaggerDeps extends Pick<Runtime, "store"> {
  tagger: Tagger;
}

/** TagArticle: entities of the accepted (or revised) text, with offsets and linked ids. */
export async function tagArticle(job: TagArticleJob, ctx: StageContext, deps: TaggerDeps): Promise<{ mentions: number }> {
  const article = await loadArticle(deps.store, job.articleId);
  if (isDone(article, "tagger", job)) return { mentions: -1 };
  const fetched = fetchedForCause(article, job.eventId);
  if (!fetched) throw new PermanentError("no-fetched-event", `no fetched text for event ${job.eventId}`);
  const language = fetched.data.language === "fr" || fetched.data.language === "en" ? fetched.data.language : "auto";
  const result = deps.tagger.tag(fetched.data.text, { language });
  await appendToArticle(deps.store, article, [decideTagged(job, fetched, result)]).catch((err: unknown) => {
    // The same text gives the same mentions: a payload over the size limit or past the schema's
    // bounds (20,000 mentions) fails again on every retry, so it is a permanent failure.
    if (err instanceof EventTooLargeError) throw new PermanentError("event-too-large", err.message, { cause: err });
    if (err instanceof InvalidEventError) throw new PermanentError("invalid-event", err.message.slice(0, 1000), { cause: err });
    throw err;
  });
  ctx.log.info({ articleId: job.articleId, mentions: result.mentions.length, entities: result.entities.length }, "article tagged");
  return { mentions: result.mentions.length };
}

export async function recordTaggingFailure(job: TagArticleJob, failure: StageFailure, deps: Pick<Runtime, "store">): Promise<void> {
  await recordArticleFailure(deps.store, "tagger", job, failure);
}
