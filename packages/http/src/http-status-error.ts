import { StageError } from "@vigie/contracts";
import { retryAfterSeconds } from "./retry-after.ts";

/*
 * Statuses where asking again can give another answer: timeouts, rate limits, locks, too-early,
 * and server errors except those that describe the request itself (501 Not Implemented,
 * 505 HTTP Version Not Supported). Every other 4xx is a verdict on the URL.
 */
const TRANSIENT_4XX = new Set([408, 409, 423, 425, 429]);
const PERMANENT_5XX = new Set([501, 505]);

/** Whether retrying a request that got `status` can help. */
export function isTransientStatus(status: number): boolean {
  if (status >= 500) return !PERMANENT_5XX.has(status);
  return TRANSIENT_4XX.has(status);
}

/** An HTTP error status (or an unusable 3xx/304), classified once for every stage. */
export class HttpStatusError extends StageError {
  readonly url: string;
  declare readonly httpStatus: number;

  constructor(status: number, url: string, options: { reason?: string; permanent?: boolean; retryAfterSeconds?: number | undefined } = {}) {
    const reason = options.reason ?? `http-${status}`;
    super(reason, `${reason} fetching ${url}`, {
      permanent: options.permanent ?? !isTransientStatus(status),
      httpStatus: status,
      retryAfterSeconds: options.retryAfterSeconds,
    });
    this.url = url;
  }
}

/**
 * The error a response with an error status becomes, carrying `Retry-After` when the server sent
 * one; `undefined` for 1xx/2xx and 304. Any other 3xx that reaches here was not followed.
 */
export function httpStatusError(response: { status: number; url: string; headers: Headers }, now: number = Date.now()): HttpStatusError | undefined {
  const { status } = response;
  if (status < 300 || status === 304) return undefined;
  return new HttpStatusError(status, response.url, { retryAfterSeconds: retryAfterSeconds(response.headers.get("retry-after"), now) });
}
