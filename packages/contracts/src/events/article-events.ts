import { z } from "zod";
import { articleId, failureDetail, feedId, httpUrl, isoDate, reasonCode, sha256 } from "./common.ts";

/** v1 named the publication date `published`; v2 calls it `publishedAt` like every other event. */
export const ArticleDiscoveredV1 = z.object({
  articleId,
  url: httpUrl,
  feedId,
  itemId: z.string().min(1).max(2048),
  title: z.string().max(2000).optional(),
  published: isoDate.optional(),
});

export const ArticleDiscoveredV2 = z.object({
  articleId,
  url: httpUrl,
  feedId,
  /** The item's identity inside its feed (GUID, else link, else hash of title and date). */
  itemId: z.string().min(1).max(2048),
  title: z.string().max(2000).optional(),
  publishedAt: isoDate.optional(),
  author: z.string().max(500).optional(),
});

export const ArticleFetchedV1 = z.object({
  articleId,
  url: httpUrl,
  finalUrl: httpUrl,
  httpStatus: z.number().int(),
  contentType: z.string().max(256).optional(),
  /** sha256 of the raw body, stored in the `contents` table. */
  contentHash: sha256,
  bytes: z.number().int().min(0),
  /** 1 for the first fetch; a live blog refetched with a new body gets the next revision. */
  revision: z.number().int().min(1),
  kind: z.enum(["article", "listing", "paywall", "error"]),
  title: z.string().max(2000).optional(),
  /** Main text, paragraphs separated by "\n". */
  text: z.string(),
  lead: z.string().max(5000).optional(),
  authors: z.array(z.string().max(500)).max(50),
  publishedAt: isoDate.optional(),
  modifiedAt: isoDate.optional(),
  language: z.string().max(16).optional(),
  canonicalUrl: httpUrl.optional(),
  siteName: z.string().max(500).optional(),
  imageUrl: z.string().max(8192).optional(),
  wordCount: z.number().int().min(0),
  isLiveBlog: z.boolean(),
  /** sha256 of the normalised text. */
  textHash: sha256,
  durationMs: z.number().min(0),
});

/** `ArticleFetchFailed.reason` when the site's robots.txt disallows the article URL for our user agent (permanent). */
export const ROBOTS_DISALLOWED_REASON = "robots-disallowed";

export const ArticleFetchFailedV1 = z.object({
  articleId,
  url: z.string().max(8192),
  /** Failure class: `http-<status>`, transport reasons, `robots-disallowed` ({@link ROBOTS_DISALLOWED_REASON})… */
  reason: reasonCode,
  detail: failureDetail.optional(),
  httpStatus: z.number().int().optional(),
  /** false when retries were exhausted on a transient error. */
  permanent: z.boolean(),
  attempts: z.number().int().min(1),
});

export const ArticleAcceptedV1 = z.object({
  articleId,
  clusterId: z.string().min(1).max(128),
  canonicalUrl: httpUrl,
  matchKey: z.string().max(8192),
  textHash: sha256,
  revision: z.number().int().min(1),
});

export const ArticleDuplicateDetectedV1 = z.object({
  articleId,
  originalArticleId: articleId,
  clusterId: z.string().min(1).max(128),
  method: z.enum(["url", "text-hash", "title", "near-duplicate"]),
  /** 1 for exact methods; Jaccard or containment for near-duplicates. */
  similarity: z.number().min(0).max(1),
  revision: z.number().int().min(1),
});

export const ArticleRevisedV1 = z.object({
  articleId,
  revision: z.number().int().min(2),
  previousTextHash: sha256,
  textHash: sha256,
  /** Characters added minus removed, and the total changed, between the two texts. */
  diffChars: z.number().int().min(0),
  clusterId: z.string().min(1).max(128),
});

export const ArticleDedupFailedV1 = z.object({ articleId, reason: reasonCode, detail: failureDetail.optional() });

export const entityType = z.enum(["PER", "ORG", "LOC", "MISC"]);

export const EntitiesTaggedV1 = z.object({
  articleId,
  revision: z.number().int().min(1),
  language: z.string().max(16),
  /** UTF-16 offsets into the article text (end exclusive). */
  mentions: z
    .array(
      z.object({
        start: z.number().int().min(0),
        end: z.number().int().min(0),
        text: z.string(),
        type: entityType,
        entityId: z.string().min(1).max(256),
        confidence: z.number().min(0).max(1),
      }),
    )
    .max(20_000),
  entities: z.array(z.object({ entityId: z.string().min(1).max(256), name: z.string(), type: entityType, count: z.number().int().min(1) })).max(5_000),
});

export const ArticleTaggingFailedV1 = z.object({ articleId, reason: reasonCode, detail: failureDetail.optional() });
