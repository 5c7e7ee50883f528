/** A payload exceeds the per-event size limit; large bodies belong in the contents table. */
export class EventTooLargeError extends Error {
  override name = "EventTooLargeError";
  constructor(
    readonly eventId: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`event ${eventId} payload is ${bytes} bytes, over the ${limit}-byte limit`);
  }
}
