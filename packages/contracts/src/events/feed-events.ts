import { z } from "zod";
import { failureDetail, feedId, httpUrl, isoDate, reasonCode, sha256 } from "./common.ts";

export const FeedRegisteredV1 = z.object({
  feedId,
  url: httpUrl,
  title: z.string().max(1000).optional(),
});

export const FeedPolledV1 = z.object({
  feedId,
  url: httpUrl,
  /** `not-modified`: 304, or 200 with the same body hash as the previous poll. */
  status: z.enum(["changed", "not-modified"]),
  httpStatus: z.number().int(),
  itemCount: z.number().int().min(0),
  newItemCount: z.number().int().min(0),
  durationMs: z.number().min(0),
  etag: z.string().max(1024).optional(),
  lastModified: z.string().max(256).optional(),
  bodyHash: sha256.optional(),
  /** Seconds until the next poll, from the adaptive schedule. */
  nextPollSeconds: z.number().int().min(0).optional(),
});

export const FeedPollFailedV1 = z.object({
  feedId,
  url: httpUrl,
  reason: reasonCode,
  detail: failureDetail.optional(),
  httpStatus: z.number().int().optional(),
  consecutiveFailures: z.number().int().min(1),
  retryInSeconds: z.number().int().min(0).optional(),
});

export const FeedDisabledV1 = z.object({ feedId, reason: reasonCode, consecutiveFailures: z.number().int().min(0) });
export const FeedEnabledV1 = z.object({ feedId });
export const FeedRemovedV1 = z.object({ feedId });
export const FeedMovedV1 = z.object({ feedId, from: httpUrl, to: httpUrl, at: isoDate.optional() });

/** A category label: trimmed, no control characters, at most 100 characters. */
export const feedCategory = z
  .string()
  .min(1)
  .max(100)
  .refine((v) => v === v.trim() && !/[\u0000-\u001f\u007f]/.test(v), { message: "expected a trimmed label without control characters" });
/** A pinned poll interval, in seconds: ten seconds to one week. */
export const pinnedIntervalSeconds = z
  .number()
  .int()
  .min(10)
  .max(7 * 86_400);

/**
 * What the feed says about itself (title, home page, language, description), appended by the
 * poller when a successful poll sees values other than the last ones recorded. An absent field
 * means the feed no longer declares it.
 */
export const FeedDetailsChangedV1 = z.object({
  feedId,
  title: z.string().max(1000).optional(),
  siteUrl: httpUrl.optional(),
  language: z.string().max(35).optional(),
  description: z.string().max(2000).optional(),
});

/** A person named the feed; without `title`, the feed's own title is shown again. */
export const FeedRenamedV1 = z.object({ feedId, title: z.string().min(1).max(1000).optional() });

/** The feed's categories, replaced as a whole (labels, several per feed, order kept). */
export const FeedCategorizedV1 = z.object({ feedId, categories: z.array(feedCategory).max(50) });

/** A person pinned the poll interval; without `seconds`, the adaptive schedule takes over again. */
export const FeedIntervalPinnedV1 = z.object({ feedId, seconds: pinnedIntervalSeconds.optional() });
