/** An event id was appended before with a different stream, type or payload. */
export class IdempotencyConflictError extends Error {
  override name = "IdempotencyConflictError";
  constructor(readonly eventId: string) {
    super(`event ${eventId} already exists with a different stream, type or payload`);
  }
}
