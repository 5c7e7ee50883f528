import { StageError } from "@vigie/contracts";

/**
 * Why a fetch failed before a usable HTTP response was obtained. HTTP statuses are never errors
 * here: the caller decides what a 404 or a 503 means.
 */
export type HttpFetchErrorReason =
  | "bad-url"
  | "ssrf-blocked"
  | "too-large"
  | "too-many-redirects"
  | "bad-redirect"
  | "timeout"
  | "connect-timeout"
  | "connection-refused"
  | "connection-reset"
  | "dns"
  | "tls"
  | "aborted"
  | "network";

/** Reasons that will not go away by retrying the same URL with the same options. */
const PERMANENT: ReadonlySet<HttpFetchErrorReason> = new Set(["bad-url", "ssrf-blocked", "too-large", "too-many-redirects", "bad-redirect"]);

export interface HttpFetchErrorOptions {
  /** Underlying error (undici, DNS, socket), kept for logs. */
  cause?: unknown;
  /** HTTP status of the response being read when the error happened, if any. */
  status?: number;
  /** URL that was being requested when the error happened (may be a redirect target). */
  url?: string;
}

/** A transport-level failure, classified once so queues can choose retry or give up. */
export class HttpFetchError extends StageError {
  declare readonly reason: HttpFetchErrorReason;
  readonly url?: string;

  constructor(reason: HttpFetchErrorReason, message: string, options: HttpFetchErrorOptions = {}) {
    // Permanent when retrying cannot help (bad URL, SSRF refusal, body over the cap, redirect loop).
    super(reason, message, { permanent: PERMANENT.has(reason), httpStatus: options.status, cause: options.cause });
    if (options.url !== undefined) this.url = options.url;
  }
}
