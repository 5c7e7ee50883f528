import { z } from "zod";
import { articleId, failureDetail, feedId, httpUrl, reasonCode } from "./common.ts";

export const watchId = z.uuid();

/** Longest query a watch accepts (web-search syntax: words, "phrases", -exclusions, `or`). */
export const WATCH_QUERY_MAX_CHARS = 500;

/**
 * What a watch looks for and how it is told. An article matches when every given criterion
 * holds: the query's terms (title, lead, text), at least one of the entity ids, one of the
 * languages, one of the feeds. At least a query or one entity id is required.
 */
export const watchDefinition = z.object({
  name: z.string().min(1).max(200).optional(),
  query: z.string().min(1).max(WATCH_QUERY_MAX_CHARS).optional(),
  entityIds: z.array(z.string().min(1).max(256)).max(100),
  languages: z.array(z.string().min(2).max(16)).max(20),
  feedIds: z.array(feedId).max(500),
  /** Where matches are POSTed (https, or an allow-listed host); absent: matches are only recorded (API, SSE). */
  webhookUrl: httpUrl.optional(),
  /** `each`: one delivery per match; `digest`: one delivery per watch per `digestSeconds` with every new match. */
  delivery: z.enum(["each", "digest"]),
  /** Period of a digest watch, 60 s to a week. */
  digestSeconds: z
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .optional(),
});

export const WatchCreatedV1 = watchDefinition.extend({
  watchId,
  /** The API token id that owns the watch (`anonymous` without tokens, `cli` from the CLI). */
  owner: z.string().min(1).max(64),
});

/** The whole definition, replaced; a new `secretVersion` rotates the webhook signing secret. */
export const WatchUpdatedV1 = watchDefinition.extend({ watchId, secretVersion: z.number().int().min(1).optional() });
export const WatchDeletedV1 = z.object({ watchId });

/**
 * An article matched a watch, once per (watch, article), appended by the watcher in commit order
 * to the stream `watch-matches:<watchId>`. Carries what a delivery needs about the article.
 */
export const WatchMatchedV1 = z.object({
  watchId,
  articleId,
  revision: z.number().int().min(1),
  url: z.string().max(8192).optional(),
  title: z.string().max(2000).optional(),
  language: z.string().max(16).optional(),
  feedId: feedId.optional(),
  /** The watch's entity ids found in the article. */
  entityIds: z.array(z.string().max(256)).max(100),
  /** How the match is delivered, decided from the watch when it matched: `none` without a webhook. */
  delivery: z.enum(["each", "digest", "none"]),
});

/** What every delivery attempt event says about the attempt. */
const deliveryAttempt = z.object({
  watchId,
  /** Sent as `Vigie-Idempotency-Key`: the same for every attempt of one delivery. */
  idempotencyKey: z.string().min(1).max(200),
  articleIds: z.array(articleId).max(1000),
  mode: z.enum(["each", "digest"]),
  /** 1 for the first attempt of this idempotency key (of this redelivery run, when one is set). */
  attempt: z.number().int().min(1),
  /** The `vigie watches redeliver` run that sent this key again; absent for its first delivery. */
  redelivery: z.uuid().optional(),
});

/** One delivery attempt that the receiver acknowledged with a 2xx. */
export const AlertDeliveredV1 = deliveryAttempt.extend({
  httpStatus: z.number().int(),
  durationMs: z.number().min(0),
  /** Digest only: the last `watch-matches` stream version included. */
  throughVersion: z.number().int().min(1).optional(),
});

/** One delivery attempt that failed (transport error, refused URL, non-2xx). */
export const AlertDeliveryFailedV1 = deliveryAttempt.extend({
  reason: reasonCode,
  detail: failureDetail.optional(),
  httpStatus: z.number().int().optional(),
  /** False while the delivery will be tried again. */
  permanent: z.boolean(),
  /** Failed attempts in a row on this watch, this one included. */
  consecutiveFailures: z.number().int().min(1),
});

/** Delivery stopped after too many failures in a row; matches are still recorded. */
export const WatchDeliveryDisabledV1 = z.object({ watchId, reason: reasonCode, consecutiveFailures: z.number().int().min(0) });
/** Delivery re-enabled by a person, with a fresh run of attempts. */
export const WatchDeliveryEnabledV1 = z.object({ watchId });
