import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "@vigie/logger";
import { StartupAbortedError } from "./startup-aborted-error.ts";

/** Asks a service once: resolves to undefined when it answered, else to why it did not. Never rejects. */
export type ServiceProbe = () => Promise<Error | undefined>;

export interface WaitForServiceOptions {
  /** How long to keep asking, in ms, from the first probe; 0 asks once and never logs. */
  waitMs: number;
  logger: Logger;
  /** Aborting (SIGINT/SIGTERM during start-up) ends the wait at once with StartupAbortedError. */
  signal?: AbortSignal | undefined;
  /** Pause after the first failed probe; it doubles after each further one. @defaultValue 250 */
  initialDelayMs?: number | undefined;
  /** Cap of the pause between probes. @defaultValue 5000 */
  maxDelayMs?: number | undefined;
}

/**
 * Probes `service` until it answers or `waitMs` has passed, with capped exponential backoff and
 * one log line per failed probe (`waiting for service`), then one `service answered` if it had to
 * wait. Resolves to undefined once it answered, or to the last probe's failure when the time is up.
 * @throws StartupAbortedError when `signal` aborts, during a probe or a pause.
 */
export async function waitForService(service: string, probe: ServiceProbe, options: WaitForServiceOptions): Promise<Error | undefined> {
  const { waitMs, logger, signal } = options;
  const maxDelayMs = options.maxDelayMs ?? 5000;
  let delayMs = options.initialDelayMs ?? 250;
  const startedAt = Date.now();
  for (let attempt = 1; ; attempt++) {
    const failure = await abortable(probe(), service, signal);
    if (failure === undefined) {
      if (attempt > 1) logger.info({ service, attempt, waitedMs: Date.now() - startedAt }, "service answered");
      return undefined;
    }
    const remainingMs = startedAt + waitMs - Date.now();
    if (remainingMs <= 0) return failure;
    const retryInMs = Math.min(delayMs, remainingMs);
    logger.warn({ service, attempt, retryInMs, err: failure }, "waiting for service");
    try {
      await sleep(retryInMs, undefined, { signal });
    } catch {
      // The only rejection of this sleep is the abort.
      throw new StartupAbortedError(service);
    }
    delayMs = Math.min(delayMs * 2, maxDelayMs);
  }
}

/**
 * A probe may take seconds (connect timeouts) and cannot be cancelled; a stop must not wait for
 * it. The abandoned probe still settles and closes its connection on its own.
 */
function abortable<T>(promise: Promise<T>, service: string, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new StartupAbortedError(service));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new StartupAbortedError(service));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}
