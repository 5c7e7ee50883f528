/** A cursor that no vigie transport handed out (wrong shape or out of range). */
export class InvalidCursorError extends Error {
  override name = "InvalidCursorError";
  constructor(readonly cursor: string) {
    super(`invalid cursor ${JSON.stringify(cursor)}: expected a cursor returned by vigie`);
  }
}
