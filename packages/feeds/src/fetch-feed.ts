import { createHash } from "node:crypto";
import { HttpStatusError, httpStatusError, retryAfterSeconds, safeFetch } from "@vigie/http";
import type { SafeFetchOptions } from "@vigie/http";
import { maxAgeSeconds } from "./http-headers.ts";

/** What the previous successful poll of this feed left behind. */
export interface FeedFetchState {
  etag?: string;
  lastModified?: string;
  /** sha256 (hex) of the previous body, for servers that ignore conditional requests. */
  bodyHash?: string;
}

export interface FeedFetchResult {
  /** `not-modified` for a 304 and for a 200 whose body hashes to `state.bodyHash`. */
  status: "changed" | "not-modified";
  httpStatus: number;
  finalUrl: string;
  /** Set only when the redirect chain starts with permanent redirects (301/308): the new feed URL. */
  movedPermanentlyTo?: string;
  /** Present when `status` is `changed`. */
  body?: Uint8Array;
  bodyHash?: string;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  maxAgeSeconds?: number;
  retryAfterSeconds?: number;
  durationMs: number;
}

/** Options of {@link fetchFeed}: those of `safeFetch`, plus an injectable clock. */
export interface FetchFeedOptions extends SafeFetchOptions {
  /**
   * Clock for `Retry-After` dates.
   * @defaultValue Date.now
   */
  now?: () => number;
}

const FEED_ACCEPT =
  "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Conditional GET of a feed (If-None-Match / If-Modified-Since), with a body-hash guard for
 * servers that answer 200 with an unchanged body. 4xx/5xx throw `HttpStatusError` (with
 * `Retry-After`), transport problems `HttpFetchError`, both from `@vigie/http`.
 */
export async function fetchFeed(url: string, state: FeedFetchState, options: FetchFeedOptions): Promise<FeedFetchResult> {
  const now = options.now ?? Date.now;
  const conditional: Record<string, string> = {};
  if (state.etag) conditional["if-none-match"] = state.etag;
  if (state.lastModified) conditional["if-modified-since"] = state.lastModified;
  const response = await safeFetch(url, { ...options, accept: options.accept ?? FEED_ACCEPT, headers: { ...options.headers, ...conditional } });

  const h = response.headers;
  const failed = httpStatusError(response, now());
  if (failed) throw failed;
  if (response.status === 304 && Object.keys(conditional).length === 0) {
    // A 304 to an unconditional request has no body to fall back on: a broken cache in front.
    throw new HttpStatusError(304, response.url, { reason: "http-304-unsolicited", permanent: false });
  }
  const retryAfter = retryAfterSeconds(h.get("retry-after"), now());

  const result: FeedFetchResult = { status: "not-modified", httpStatus: response.status, finalUrl: response.url, durationMs: response.durationMs };
  let moved: string | undefined;
  for (const hop of response.redirects) {
    if (hop.status !== 301 && hop.status !== 308) break;
    moved = hop.to;
  }
  if (moved !== undefined) result.movedPermanentlyTo = moved;
  const etag = h.get("etag") ?? (response.status === 304 ? state.etag : undefined);
  if (etag) result.etag = etag;
  const lastModified = h.get("last-modified") ?? (response.status === 304 ? state.lastModified : undefined);
  if (lastModified) result.lastModified = lastModified;
  const maxAge = maxAgeSeconds(h.get("cache-control"));
  if (maxAge !== undefined) result.maxAgeSeconds = maxAge;
  if (retryAfter !== undefined) result.retryAfterSeconds = retryAfter;
  const contentType = h.get("content-type");
  if (contentType) result.contentType = contentType;

  if (response.status === 304) {
    if (state.bodyHash) result.bodyHash = state.bodyHash;
    return result;
  }
  const hash = sha256(response.body);
  result.bodyHash = hash;
  if (hash === state.bodyHash) return result;
  result.status = "changed";
  result.body = response.body;
  return result;
}
