import type { EventData, EventType } from "@vigie/contracts";
import type { ArticleJobRef } from "../article/decide-article.ts";
import { outcomeEventId } from "../article/decide-article.ts";
import type { ArticleState } from "../article/article-stream.ts";
import { deterministicEventId } from "../event-id.ts";
import type { PendingEvent, TypedEvent } from "../typed-event.ts";

/**
 * Story events live on the article's stream (one decision per tagged revision, idempotent like
 * every stage outcome). They are not article lifecycle events: an article's status stays `tagged`.
 */
export const storyEventTypes = ["StoryStarted", "ArticleJoinedStory", "StoriesMerged", "ArticleStoryFailed"] as const satisfies readonly EventType[];
export type StoryEventType = (typeof storyEventTypes)[number];

/** The story an article starts for this job: the same id on every retry. */
export function storyIdFor(job: ArticleJobRef): string {
  return deterministicEventId("story-id", `${job.articleId}:${job.eventId}`).replace(/-/g, "").slice(0, 16);
}

/** The `EntitiesTagged` event a story job is about. */
export function taggedForCause(state: ArticleState, causeEventId: string): TypedEvent<"EntitiesTagged"> | undefined {
  const cause = state.byId.get(causeEventId);
  return cause?.type === "EntitiesTagged" ? cause : undefined;
}

type Assignment = Pick<EventData<"StoryStarted">, "revision" | "language" | "publishedAt" | "signature">;
type Score = Omit<EventData<"ArticleJoinedStory">, keyof Assignment | "storyId" | "articleId" | "previousStoryId">;

/** The story model's decision (structurally `StoryDecision` of @vigie/stories). */
export type StoryAssignment =
  | { kind: "start"; storyId: string; nearest?: { storyId: string; score: number } }
  | { kind: "join"; storyId: string; explanation: Score; previousStoryId?: string; merges: readonly { storyId: string; score: number }[] };

/** The events of one story decision: `StoryStarted`, or `ArticleJoinedStory` and the merges it bridged. */
export function decideStory(
  job: ArticleJobRef,
  article: Assignment,
  decision: StoryAssignment,
): PendingEvent<"StoryStarted" | "ArticleJoinedStory" | "StoriesMerged">[] {
  const metadata = { correlationId: job.correlationId, causationId: job.eventId, producer: "story" };
  const base = {
    articleId: job.articleId,
    revision: article.revision,
    language: article.language.slice(0, 16),
    publishedAt: article.publishedAt,
    signature: article.signature,
  };
  const eventId = outcomeEventId("story", job);
  if (decision.kind === "start") {
    const nearest = decision.nearest ? { storyId: decision.nearest.storyId, score: clamp(decision.nearest.score) } : undefined;
    return [{ eventId, type: "StoryStarted", data: { storyId: decision.storyId, ...base, ...(nearest ? { nearest } : {}) }, metadata }];
  }
  const { score, entities, terms, crossLingual, hours, shared } = decision.explanation;
  const joined: PendingEvent<"ArticleJoinedStory"> = {
    eventId,
    type: "ArticleJoinedStory",
    data: {
      storyId: decision.storyId,
      ...base,
      score: clamp(score),
      entities,
      terms,
      crossLingual,
      hours,
      shared: shared.slice(0, 10),
      ...(decision.previousStoryId ? { previousStoryId: decision.previousStoryId } : {}),
    },
    metadata,
  };
  const merged = decision.merges.map(
    (m): PendingEvent<"StoriesMerged"> => ({
      eventId: deterministicEventId("story-merge", `${job.articleId}:${job.eventId}:${m.storyId}`),
      type: "StoriesMerged",
      data: { storyId: decision.storyId, mergedStoryId: m.storyId, articleId: job.articleId, score: clamp(m.score) },
      metadata,
    }),
  );
  return [joined, ...merged];
}

const clamp = (x: number) => Math.min(1, Math.max(0, x));
