import { isConfigured, loadConfig, migrationUrl, type Config } from "@vigie/config";
import { createSql, migrate } from "@vigie/db";
import { preparePartitions } from "@vigie/event-store";
import postgres from "postgres";
import { createLogger, type Logger } from "@vigie/logger";
import { createRuntime, ensureServices, type Runtime, type Services } from "@vigie/runtime";

export interface Bootstrapped {
  config: Config;
  logger: Logger;
  services: Services;
  runtime: Runtime;
  close(): Promise<void>;
}

/**
 * Config → services (embedded when none answers) → migrations (only on the embedded default,
 * i.e. nothing configured) → runtime.
 */
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
  } = {},
): Promise<Bootstrapped> {
  const config = { ...loadConfig(), ...options.overrides };
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY ?? Boolean(process.stderr.isTTY) });
  const services = await ensureServices(config, logger);
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
