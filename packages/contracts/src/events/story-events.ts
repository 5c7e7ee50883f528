import { z } from "zod";
import { articleId, failureDetail, isoDate, reasonCode } from "./common.ts";

/** A story's id: 16 hex of the UUIDv5 of the decision that started it. */
export const storyId = z.string().regex(/^[0-9a-f]{16}$/, "expected a 16-hex story id");

/**
 * What the story model compared: weighted features (`e:` linked entity, `t:<lang>:` word,
 * `x:` cross-lingual key). Carried by the event so that the model is rebuilt from the log alone.
 */
export const storySignature = z.record(z.string().min(3).max(300), z.number().min(0).max(1000)).refine((s) => Object.keys(s).length <= 100, {
  message: "at most 100 features",
});

const assignment = {
  storyId,
  articleId,
  /** The tagged revision the decision is about (a live blog is decided again at each revision). */
  revision: z.number().int().min(1),
  language: z.string().max(16),
  publishedAt: isoDate,
  signature: storySignature,
};

/** Why the article joined: the score and the similarities that made it. */
export const storyScore = z.object({
  score: z.number().min(0).max(1),
  entities: z.number().min(0).max(1.001),
  terms: z.number().min(0).max(1.001),
  crossLingual: z.number().min(0).max(1.001),
  /** Hours between the article and the story's latest article. */
  hours: z.number().min(0),
  /** The features that weighed most. */
  shared: z.array(z.string().max(300)).max(10),
});

/** The article starts a story: no open story scored above the threshold. */
export const StoryStartedV1 = z.object({
  ...assignment,
  /** The best open story it was compared with, if any, and its score. */
  nearest: z.object({ storyId, score: z.number().min(0).max(1) }).optional(),
});

/** The article joins an open story (or, a revision, moves to one or stays). */
export const ArticleJoinedStoryV1 = z.object({
  ...assignment,
  ...storyScore.shape,
  /** A revision's story before this decision (equal to `storyId` when it stays). */
  previousStoryId: storyId.optional(),
});

/** The article scored high with two open stories: they are one, `mergedStoryId` goes into `storyId`. */
export const StoriesMergedV1 = z.object({
  storyId,
  mergedStoryId: storyId,
  /** The article that bridged them. */
  articleId,
  score: z.number().min(0).max(1),
});

export const ArticleStoryFailedV1 = z.object({ articleId, reason: reasonCode, detail: failureDetail.optional() });
