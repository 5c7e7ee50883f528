import type { Config } from "@vigie/config";

/**
 * What a long-running process waits for Postgres and Redis when STARTUP_WAIT_MS is unset: under a
 * service manager (compose, Kubernetes, systemd) workers often start before their database or
 * Redis, or during a restart or failover of one; a minute covers a database's start or a
 * failover, and past it the process exits so the supervisor's restarts and alerts take over.
 */
export const DEFAULT_STARTUP_WAIT_MS = 60_000;

/**
 * How long start-up waits for the services: STARTUP_WAIT_MS when set; otherwise
 * DEFAULT_STARTUP_WAIT_MS for a long-running process with VIGIE_EMBEDDED off, and 0 (ask once)
 * for a one-shot command, which should fail fast, or with VIGIE_EMBEDDED on, where the embedded
 * servers start at once instead (a laptop must not wait a minute first).
 */
export function startupWaitMs(config: Pick<Config, "STARTUP_WAIT_MS" | "VIGIE_EMBEDDED">, run: "long-running" | "one-shot"): number {
  if (config.STARTUP_WAIT_MS !== undefined) return config.STARTUP_WAIT_MS;
  return run === "long-running" && !config.VIGIE_EMBEDDED ? DEFAULT_STARTUP_WAIT_MS : 0;
}
