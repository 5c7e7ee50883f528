/** The API refused a request with a status that retrying will not fix (400, 401, 403, 404…). */
export class VigieHttpError extends Error {
  override name = "VigieHttpError";
  constructor(
    readonly status: number,
    /** The RFC 9457 problem document, when the body was one. */
    readonly problem: { type?: string; title?: string; detail?: string } | undefined,
    url: string,
  ) {
    super(`${url} answered ${status}${problem?.detail ? `: ${problem.detail}` : problem?.title ? `: ${problem.title}` : ""}`);
  }
}
