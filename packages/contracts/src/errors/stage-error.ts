export interface StageErrorOptions {
  /** True when retrying the same input cannot help (a 404, a refused URL, a page that is not HTML). */
  permanent: boolean;
  /** HTTP status of the response that caused the failure, if any. */
  httpStatus?: number | undefined;
  /** The server asked to be left alone this long (Retry-After on 429/503). */
  retryAfterSeconds?: number | undefined;
  cause?: unknown;
}

/**
 * A failure that already knows what it becomes in the log: the `reason` code of a failure event
 * and whether a retry can help. Every package throws subclasses of it, so the stage worker
 * classifies a failure with one `instanceof` instead of reading fields of unknown errors.
 */
export class StageError extends Error {
  /** Short machine-readable code recorded in the failure event, e.g. `http-404`, `timeout`. */
  readonly reason: string;
  readonly permanent: boolean;
  readonly httpStatus?: number;
  readonly retryAfterSeconds?: number;

  constructor(reason: string, message: string, options: StageErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = this.constructor.name;
    this.reason = reason;
    this.permanent = options.permanent;
    if (options.httpStatus !== undefined) this.httpStatus = options.httpStatus;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
