/** A feed URL answered with an HTTP error status (4xx/5xx) or an unusable 3xx/304. */
export class FeedFetchError extends Error {
  override readonly name = "FeedFetchError";
  /** `http-<status>`, e.g. `http-404`, `http-503`, or `http-304-unsolicited`. */
  readonly reason: string;
  readonly status: number;
  /** True when retrying later cannot help (410 Gone, 404, 401/403, 400…). */
  readonly permanent: boolean;
  /** From `Retry-After` on 429/503 (and any other status that sends it). */
  readonly retryAfterSeconds?: number;
  readonly url: string;

  constructor(reason: string, status: number, url: string, options: { permanent: boolean; retryAfterSeconds?: number }) {
    super(`${reason} fetching ${url}`);
    this.reason = reason;
    this.status = status;
    this.url = url;
    this.permanent = options.permanent;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
