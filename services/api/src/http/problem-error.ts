/** An error that becomes an RFC 9457 `application/problem+json` response. */
export class ProblemError extends Error {
  override readonly name = "ProblemError";
  constructor(
    readonly status: number,
    /** Short slug appended to the problem type URI, e.g. `invalid-cursor`. */
    readonly slug: string,
    readonly detail: string,
    /** Extension members (e.g. `errors`, `cursor`). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}
