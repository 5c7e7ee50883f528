import { StageError } from "@vigie/contracts";

/** Why a document could not be turned into a feed. */
export type FeedParseErrorReason = "empty" | "not-a-feed" | "invalid-xml" | "invalid-json" | "html-page";

/** Thrown by `parseFeed` when nothing usable can be recovered from the document (a verdict on the input: permanent). */
export class FeedParseError extends StageError {
  declare readonly reason: FeedParseErrorReason;

  constructor(reason: FeedParseErrorReason, message: string, options?: { cause?: unknown }) {
    super(reason, message, { permanent: true, cause: options?.cause });
  }
}
