import type { AssignStoryJob } from "@vigie/contracts";
import { PermanentError, type StageContext, type StageFailure } from "@vigie/queue";
import { appendToArticle, loadArticle, recordArticleFailure, type Runtime } from "@vigie/runtime";
import { articleSignature, type StoryArticle } from "@vigie/stories";
import { decideStory, isDone, storyIdFor, taggedForCause } from "@vigie/streams";
import type { StoryAssigner, StoryDecisionEvent } from "./story-assigner.ts";

export interface StoryDeps extends Pick<Runtime, "store"> {
  assigner: StoryAssigner;
}

/** Characters of the text taken as the lead when the page had none. */
const LEAD_CHARS = 400;
/** A publication date later than this after tagging is not believed (it would close every open story). */
const FUTURE_SLACK_MS = 3_600_000;

/** AssignStory: the tagged revision joins an open story, starts one, or (a live blog) moves. */
export async function assignStory(job: AssignStoryJob, ctx: StageContext, deps: StoryDeps): Promise<{ storyId: string | null }> {
  const article = await loadArticle(deps.store, job.articleId);
  if (isDone(article, "story", job)) return { storyId: null };
  const tagged = taggedForCause(article, job.eventId);
  if (!tagged) throw new PermanentError("no-tagged-event", `no EntitiesTagged event ${job.eventId}`);
  const fetched = article.fetched.get(tagged.data.revision);
  const claimed = Date.parse(fetched?.data.publishedAt ?? article.discovered?.data.publishedAt ?? "");
  const taggedAt = tagged.recordedAt.getTime();
  const publishedAt = Number.isNaN(claimed) || claimed > taggedAt + FUTURE_SLACK_MS ? taggedAt : claimed;
  const input: StoryArticle = {
    articleId: job.articleId,
    language: tagged.data.language,
    publishedAt,
    title: fetched?.data.title ?? article.title ?? "",
    lead: fetched?.data.lead ?? fetched?.data.text.slice(0, LEAD_CHARS) ?? "",
    entities: tagged.data.entities,
  };
  const { assigner } = deps;
  return assigner.exclusive(async () => {
    await assigner.catchUp();
    const snapshotBytes = await assigner.maybeSnapshot();
    if (snapshotBytes !== undefined) ctx.log.info({ bytes: snapshotBytes, openStories: assigner.model.openStories }, "story snapshot written");
    const signature = articleSignature(input, assigner.lexicon);
    const decision = assigner.model.decide(job.articleId, signature, storyIdFor(job));
    const events = decideStory(
      job,
      { revision: tagged.data.revision, language: signature.language, publishedAt: new Date(publishedAt).toISOString(), signature: signature.features },
      decision,
    );
    await appendToArticle(deps.store, article, events);
    for (const event of events) assigner.apply(event as StoryDecisionEvent);
    const explanation = decision.kind === "join" ? decision.explanation : undefined;
    ctx.log.info(
      {
        articleId: job.articleId,
        storyId: decision.storyId,
        kind: decision.kind,
        score: explanation?.score,
        merges: decision.kind === "join" ? decision.merges.length : 0,
      },
      "story assigned",
    );
    return { storyId: decision.storyId };
  });
}

export async function recordStoryFailure(job: AssignStoryJob, failure: StageFailure, deps: Pick<Runtime, "store">): Promise<void> {
  await recordArticleFailure(deps.store, "story", job, failure);
}
