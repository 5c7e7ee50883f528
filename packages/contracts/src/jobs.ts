import { z } from "zod";
import { articleId, feedId } from "./events/common.ts";

/** Job payloads (imperative names). The dispatcher builds them from committed events. */
export const PollFeedJob = z.object({
  feedId,
  /** The feed's host, for the per-host politeness limit (absent: not limited). */
  host: z.string().max(300).optional(),
});
export const FetchArticleJob = z.object({
  articleId,
  url: z.string().max(8192),
  /** The ArticleDiscovered event that caused this job (causation id). */
  eventId: z.uuid(),
  correlationId: z.uuid(),
});
export const DeduplicateArticleJob = z.object({ articleId, eventId: z.uuid(), correlationId: z.uuid() });
export const TagArticleJob = z.object({ articleId, eventId: z.uuid(), correlationId: z.uuid() });

/**
 * Deliver a watch's alert: one match (`each`, caused by its `WatchMatched`) or the watch's
 * pending matches (`digest`, from the watch's digest scheduler).
 */
export const DeliverAlertJob = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("each"),
    watchId: z.uuid(),
    articleId,
    eventId: z.uuid(),
    /** Set by `vigie watches redeliver`: the run it belongs to (the idempotency key stays the match's). */
    redelivery: z.object({ run: z.uuid() }).optional(),
  }),
  z.object({
    mode: z.literal("digest"),
    watchId: z.uuid(),
    /** Set by `vigie watches redeliver`: the run, and the digest sent again (key `digest:<from>-<through>`). */
    redelivery: z.object({ run: z.uuid(), fromVersion: z.number().int().min(1), throughVersion: z.number().int().min(1) }).optional(),
  }),
]);

export type DeliverAlertJob = z.infer<typeof DeliverAlertJob>;

/** AssignStory: the `EntitiesTagged` event (`eventId`) whose revision is assigned to a story. */
export const AssignStoryJob = z.object({ articleId, eventId: z.uuid(), correlationId: z.uuid() });
export type PollFeedJob = z.infer<typeof PollFeedJob>;
export type FetchArticleJob = z.infer<typeof FetchArticleJob>;
export type DeduplicateArticleJob = z.infer<typeof DeduplicateArticleJob>;
export type TagArticleJob = z.infer<typeof TagArticleJob>;
export type AssignStoryJob = z.infer<typeof AssignStoryJob>;
