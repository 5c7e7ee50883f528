import { constants } from "node:os";
import { isConfigured, loadConfig, migrationUrl, type Config } from "@vigie/config";
import { createSql, migrate } from "@vigie/db";
import { preparePartitions } from "@vigie/event-store";
import postgres from "postgres";
import { createLogger, type Logger } from "@vigie/logger";
import { createRuntime, ensureServices, StartupAbortedError, startupWaitMs, type Runtime, type Services } from "@vigie/runtime";

export interface Bootstrapped {
  config: Config;
  logger: Logger;
  services: Services;
  runtime: Runtime;
  close(): Promise<void>;
}

/** Drops the database of `url` (the demo starts from an empty log every run). */
async function dropDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
  } finally {
    await sql.end();
  }
}

/**
 * ensureServices, with SIGINT/SIGTERM ending the wait: a worker stopped while its database is
 * still down exits at once, with 128 + the signal's number like a process the signal killed.
 * Without a wait no handler is installed, so the signals keep their default (immediate) effect.
 */
async function servicesOrStop(config: Config, logger: Logger, waitMs: number): Promise<Services> {
  if (waitMs === 0) return ensureServices(config, logger, { waitMs });
  const stopping = new AbortController();
  let received: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals) => {
    received = signal;
    stopping.abort();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    return await ensureServices(config, logger, { waitMs, signal: stopping.signal });
  } catch (err) {
    if (err instanceof StartupAbortedError && received) {
      logger.info({ signal: received, services: err.services }, "stopped while waiting for services");
      process.exitCode = 128 + constants.signals[received];
    }
    throw err;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

/**
 * Config → services (waited for, or embedded when none answers) → migrations (only on the
 * embedded default, i.e. nothing configured) → runtime.
 */
export async function bootstrap(
  options: {
    overrides?: Partial<Config>;
    migrate?: boolean;
    resetDatabase?: boolean;
    poolSize?: number;
    /**
     * Connections held for good on top of the pool size: each log consumer run here (dispatcher,
     * projections) reserves one for its advisory lock, and a pool they fill leaves the consumers
     * themselves no connection to read with (seen: 4 consumers in a pool of 4, nothing dispatched).
     * @defaultValue 0
     */
    reservedConnections?: number;
    /**
     * A process that runs until stopped (`vigie start`, `worker`, `api`): with STARTUP_WAIT_MS
     * unset and VIGIE_EMBEDDED off it waits for Postgres and Redis (startupWaitMs) instead of
     * exiting at once. One-shot commands ask once unless STARTUP_WAIT_MS is set.
     * @defaultValue false
     */
    longRunning?: boolean;
  } = {},
): Promise<Bootstrapped> {
  const config = { ...loadConfig(), ...options.overrides };
  // A service logs on stdout; a one-shot command (the demo) on stderr, its stdout is its report.
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY ?? Boolean(process.stderr.isTTY), stderr: !options.longRunning });
  const services = await servicesOrStop(config, logger, startupWaitMs(config, options.longRunning ? "long-running" : "one-shot"));
  const embeddedDefault = !isConfigured("DATABASE_URL") || services.embedded.postgres;
  if (options.resetDatabase) await dropDatabase(migrationUrl(services.config));
  if (options.migrate ?? (embeddedDefault || options.resetDatabase)) {
    const result = await migrate(migrationUrl(services.config));
    logger.info({ applied: result.applied, database: result.database }, "migrations checked");
    // Installations that never run `vigie maintenance` from cron still get a partition ahead at each start.
    const owner = createSql({ url: migrationUrl(services.config), max: 1 });
    try {
      const created = await preparePartitions(owner);
      if (created.length > 0) logger.info({ partitions: created.map((p) => p.name) }, "event log partitions created");
    } finally {
      await owner.end();
    }
  }
  const runtime = createRuntime(services.config, logger, {
    poolSize: (options.poolSize ?? services.config.DATABASE_POOL_SIZE) + (options.reservedConnections ?? 0),
  });
  return {
    config: services.config,
    logger,
    services,
    runtime,
    async close() {
      await runtime.close();
      await services.stop();
    },
  };
}
