/**
 * A failure that retrying cannot fix (404, not HTML, too large, refused URL). The stage worker
 * records it as a failure event at once instead of retrying.
 */
export class PermanentError extends Error {
  override name = "PermanentError";
  constructor(
    /** Short machine-readable code, e.g. `http-404`, `not-html`, `too-large`. */
    readonly reason: string,
    message?: string,
    readonly httpStatus?: number,
  ) {
    super(message ?? reason);
  }
}
