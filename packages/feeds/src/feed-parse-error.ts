/** Why a document could not be turned into a feed. */
export type FeedParseErrorReason = "empty" | "not-a-feed" | "invalid-xml" | "invalid-json" | "html-page";

/** Thrown by `parseFeed` when nothing usable can be recovered from the document. */
export class FeedParseError extends Error {
  override readonly name = "FeedParseError";
  readonly reason: FeedParseErrorReason;

  constructor(reason: FeedParseErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
