import { DETAIL_MAX_CHARS, REASON_MAX_CHARS } from "@vigie/contracts";

/** How a stage or a poll failed, as the worker harness classified it. */
export interface Failure {
  reason: string;
  detail?: string | undefined;
  httpStatus?: number | undefined;
  /** Whether retrying could not help; false when retries ran out on a transient error. */
  permanent: boolean;
  attempts: number;
  retryAfterSeconds?: number | undefined;
}

/** The reason and detail of a failure event, cut to what the schema accepts. */
export function failureFields(failure: Pick<Failure, "reason" | "detail">): { reason: string; detail?: string } {
  const reason = failure.reason.slice(0, REASON_MAX_CHARS) || "unknown";
  return failure.detail === undefined ? { reason } : { reason, detail: failure.detail.slice(0, DETAIL_MAX_CHARS) };
}
