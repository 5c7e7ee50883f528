import { loadConfig, type Config } from "@vigie/config";
import { createSql, type Sql } from "@vigie/db";
import { EventStore } from "@vigie/event-store";
import { createLogger, type Logger } from "@vigie/logger";

export interface CliContext {
  config: Config;
  logger: Logger;
  sql: Sql;
  store: EventStore;
  close(): Promise<void>;
}

/** Connections for one CLI command, as the application role; closed by the caller. */
export function openContext(options: { max?: number } = {}): CliContext {
  const config = loadConfig();
  // Logs go to stderr so that stdout stays clean for --json output.
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY ?? Boolean(process.stderr.isTTY), stderr: true });
  const sql = createSql({
    url: config.DATABASE_URL,
    role: config.DATABASE_APP_ROLE || undefined,
    max: options.max ?? config.DATABASE_POOL_SIZE,
    idleTxTimeoutMs: config.DATABASE_IDLE_TX_TIMEOUT_MS,
    applicationName: "vigie-cli",
  });
  return {
    config,
    logger,
    sql,
    store: new EventStore(sql),
    close: () => sql.end({ timeout: 5 }),
  };
}

/** Resolves when SIGINT/SIGTERM arrives; the signal aborts long-running loops. */
export function shutdownSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return controller.signal;
}

/** Runs one CLI command with its own connections and closes them whatever happens. */
export async function withContext<T>(fn: (ctx: CliContext) => Promise<T>, options: { max?: number } = {}): Promise<T> {
  const ctx = openContext({ max: options.max ?? 2 });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}
