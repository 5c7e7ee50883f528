import type { Job } from "bullmq";
import { createLogger, type Logger } from "@vigie/logger";
import type { StageContext } from "./stage-worker.ts";

export interface DirectStageContextOptions {
  /** The job's id: handlers derive from it what makes a retry idempotent (the poller keys a poll's outcome by it). */
  jobId: string;
  /** @defaultValue a silent logger */
  log?: Logger;
  /** @defaultValue 1 */
  attempt?: number;
}

/**
 * The context of a stage handler called directly, outside a worker (tests, benchmarks): a job
 * that has only its id and a timestamp, and a signal that is never aborted.
 */
export function directStageContext(options: DirectStageContextOptions): StageContext {
  return {
    job: { id: options.jobId, timestamp: Date.now() } as unknown as Job,
    signal: new AbortController().signal,
    log: options.log ?? createLogger({ level: "silent" }),
    attempt: options.attempt ?? 1,
  };
}
