import { StageError } from "@vigie/contracts";

/**
 * A failure that retrying cannot fix (404, not HTML, too large, refused URL). The stage worker
 * records it as a failure event at once instead of retrying.
 */
export class PermanentError extends StageError {
  /** @param reason short machine-readable code, e.g. `no-fetched-event`, `not-html`. */
  constructor(reason: string, message?: string, options: { httpStatus?: number; cause?: unknown } = {}) {
    super(reason, message ?? reason, { ...options, permanent: true });
  }
}
