import { StageError } from "@vigie/contracts";

/** A failure worth retrying (timeout, reset, 5xx), with the reason recorded if retries run out. */
export class TransientError extends StageError {
  constructor(reason: string, message?: string, options: { httpStatus?: number; retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(reason, message ?? reason, { ...options, permanent: false });
  }
}
