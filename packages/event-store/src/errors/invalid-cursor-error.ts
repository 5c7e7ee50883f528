/** A cursor or position vigie did not hand out: wrong shape, or numbers that cannot be a position. */
export class InvalidCursorError extends Error {
  constructor(
    readonly cursor: string,
    /** `malformed`: not a cursor at all; `out-of-range`: the shape is right but the numbers cannot be a position. */
    readonly reason: "malformed" | "out-of-range",
    /** What the caller accepts, for the message. */
    expected = "a cursor returned by vigie",
  ) {
    super(`invalid position ${JSON.stringify(cursor)}: ${reason === "malformed" ? `expected ${expected}` : "the position is out of range"}`);
    this.name = this.constructor.name;
  }
}
