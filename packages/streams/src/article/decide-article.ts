import { articleStreamId, latestVersion, validateEvent, type EventData } from "@vigie/contracts";
import type { DedupDecision } from "@vigie/dedup";
import { deterministicEventId } from "../event-id.ts";
import { failureFields, type Failure } from "../failure.ts";
import { articleIdFor } from "../ids.ts";
import type { PendingEvent, TypedEvent } from "../typed-event.ts";
import type { ArticleState } from "./article-stream.ts";

/** What every article job carries: the article, the event that caused the job, the chain id. */
export interface ArticleJobRef {
  articleId: string;
  eventId: string;
  correlationId: string;
}

/** The article stages, each appending one outcome (or failure) per causing event. */
export type ArticleStage = "fetcher" | "deduplicator" | "tagger" | "story";

type OutcomeType = "ArticleFetched" | "ArticleAccepted" | "ArticleDuplicateDetected" | "ArticleRevised" | "ArticleDedupFailed" | "EntitiesTagged";
type FailureType = "ArticleFetchFailed" | "ArticleDedupFailed" | "ArticleTaggingFailed" | "ArticleStoryFailed";

/** The id of what `stage` appends for this job: the same on every retry, so appends are idempotent. */
export function outcomeEventId(stage: ArticleStage, job: ArticleJobRef): string {
  return deterministicEventId(stage, `${job.articleId}:${job.eventId}`);
}

const failureEventId = (stage: ArticleStage, job: ArticleJobRef): string => deterministicEventId(`${stage}-failed`, `${job.articleId}:${job.eventId}`);

/** The ids under which this stage records its outcome or its failure for this job. */
export function recordedOutcomeIds(stage: ArticleStage, job: ArticleJobRef): [string, string] {
  return [outcomeEventId(stage, job), failureEventId(stage, job)];
}

/** True when this stage already recorded an outcome or a failure for this job (a retry after a crash). */
export function isDone(state: ArticleState, stage: ArticleStage, job: ArticleJobRef): boolean {
  return recordedOutcomeIds(stage, job).some((id) => state.eventIds.has(id));
}

/**
 * The fetched revision a job is about: the job's causing event is that `ArticleFetched`, or an
 * `ArticleAccepted` / `ArticleRevised` naming its revision.
 */
export function fetchedForCause(state: ArticleState, causeEventId: string): TypedEvent<"ArticleFetched"> | undefined {
  const cause = state.byId.get(causeEventId);
  switch (cause?.type) {
    case "ArticleFetched":
      return cause;
    case "ArticleAccepted":
    case "ArticleRevised":
      return state.fetched.get(cause.data.revision);
    default:
      return undefined;
  }
}

function outcome<T extends OutcomeType>(stage: ArticleStage, job: ArticleJobRef, type: T, data: EventData<T>): PendingEvent<T> {
  const metadata = { correlationId: job.correlationId, causationId: job.eventId, producer: stage };
  return { eventId: outcomeEventId(stage, job), type, data, metadata } as PendingEvent<T>;
}

/** What the fetcher extracted, before the stream gives it its revision. */
export type FetchedPage = Omit<EventData<"ArticleFetched">, "articleId" | "revision">;

/** `ArticleFetched` as the next revision of the article. */
export function decideFetched(state: ArticleState, job: ArticleJobRef, page: FetchedPage): PendingEvent<"ArticleFetched"> {
  return outcome("fetcher", job, "ArticleFetched", { ...page, articleId: job.articleId, revision: state.fetched.size + 1 });
}

/** The event a dedup decision becomes (none for `unchanged`: the same text was decided before). */
export function decideDeduplicated(
  job: ArticleJobRef,
  decision: DedupDecision,
): PendingEvent<"ArticleAccepted" | "ArticleDuplicateDetected" | "ArticleRevised" | "ArticleDedupFailed">[] {
  const { articleId } = job;
  switch (decision.kind) {
    case "accepted": {
      const { clusterId, canonicalUrl, matchKey, textHash, revision } = decision;
      return [outcome("deduplicator", job, "ArticleAccepted", { articleId, clusterId, canonicalUrl, matchKey, textHash, revision })];
    }
    case "duplicate": {
      const { originalArticleId, clusterId, method, similarity, revision } = decision;
      return [outcome("deduplicator", job, "ArticleDuplicateDetected", { articleId, originalArticleId, clusterId, method, similarity, revision })];
    }
    case "revised": {
      const { revision, previousTextHash, textHash, diffChars, clusterId } = decision;
      return [outcome("deduplicator", job, "ArticleRevised", { articleId, revision, previousTextHash, textHash, diffChars, clusterId })];
    }
    case "failed":
      return [outcome("deduplicator", job, "ArticleDedupFailed", { articleId, ...failureFields(decision) })];
    case "unchanged":
      return [];
  }
}

export function decideTagged(
  job: ArticleJobRef,
  fetched: TypedEvent<"ArticleFetched">,
  tagged: Pick<EventData<"EntitiesTagged">, "language" | "mentions" | "entities">,
): PendingEvent<"EntitiesTagged"> {
  return outcome("tagger", job, "EntitiesTagged", {
    articleId: job.articleId,
    revision: fetched.data.revision,
    language: tagged.language.slice(0, 16),
    mentions: tagged.mentions,
    entities: tagged.entities,
  });
}

/**
 * The failure event of an article stage, once its error is permanent or its retries are spent:
 * the one builder for `ArticleFetchFailed`, `ArticleDedupFailed`, `ArticleTaggingFailed` and `ArticleStoryFailed`.
 */
export function articleFailed(stage: ArticleStage, job: ArticleJobRef & { url?: string }, failure: Failure): PendingEvent<FailureType> {
  const { articleId } = job;
  const metadata = { correlationId: job.correlationId, causationId: job.eventId, producer: stage };
  const fields = failureFields(failure);
  const eventId = failureEventId(stage, job);
  switch (stage) {
    case "fetcher":
      return {
        eventId,
        type: "ArticleFetchFailed",
        data: {
          articleId,
          url: (job.url ?? "").slice(0, 8192),
          ...fields,
          httpStatus: failure.httpStatus,
          permanent: failure.permanent,
          attempts: Math.max(1, failure.attempts),
        },
        metadata,
      };
    case "deduplicator":
      return { eventId, type: "ArticleDedupFailed", data: { articleId, ...fields }, metadata };
    case "tagger":
      return { eventId, type: "ArticleTaggingFailed", data: { articleId, ...fields }, metadata };
    case "story":
      return { eventId, type: "ArticleStoryFailed", data: { articleId, ...fields }, metadata };
  }
}

/** One feed item, as the poller read it. */
export interface DiscoveredItem {
  link: string;
  id: string;
  title?: string | undefined;
  published?: string | undefined;
  author?: string | undefined;
}

/**
 * `ArticleDiscovered` for a feed item, on the article's own stream; `undefined` for an item
 * whose link cannot be an article (not canonicalisable, or an event the schema refuses).
 */
export function discoverArticle(
  feedId: string,
  item: DiscoveredItem,
  causationId: string,
): { streamId: string; event: PendingEvent<"ArticleDiscovered"> } | undefined {
  let articleId: string;
  try {
    articleId = articleIdFor(item.link);
  } catch {
    return undefined;
  }
  const eventId = deterministicEventId("discovered", articleId);
  const data = {
    articleId,
    url: item.link,
    feedId,
    itemId: item.id.slice(0, 2048),
    title: item.title?.slice(0, 2000),
    publishedAt: item.published,
    author: item.author?.slice(0, 500),
  };
  // One unusable item (a 9,000-character link…) must not fail the poll and hide the others.
  if (!isValid(data)) return undefined;
  return {
    streamId: articleStreamId(articleId),
    event: { eventId, type: "ArticleDiscovered", data, metadata: { producer: "feed-poller", correlationId: eventId, causationId } },
  };
}

function isValid(data: unknown): data is EventData<"ArticleDiscovered"> {
  try {
    validateEvent("ArticleDiscovered", latestVersion("ArticleDiscovered"), data);
    return true;
  } catch {
    return false;
  }
}
