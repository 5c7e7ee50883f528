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
