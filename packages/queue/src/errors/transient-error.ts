/** A failure worth retrying (timeout, reset, 5xx), with the reason recorded if retries run out. */
export class TransientError extends Error {
  override name = "TransientError";
  constructor(
    readonly reason: string,
    message?: string,
    readonly httpStatus?: number,
  ) {
    super(message ?? reason);
  }
}
