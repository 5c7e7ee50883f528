import { pino, type DestinationStream, type Logger, type LevelWithSilent } from "pino";

export type { Logger } from "pino";

export interface LoggerOptions {
  /** Component name, logged as `name`. @defaultValue "vigie" */
  name?: string;
  /** @defaultValue "info" */
  level?: LevelWithSilent;
  /** Human-readable output (pino-pretty). @defaultValue true only when stdout is a terminal */
  pretty?: boolean;
  /** Where lines go; tests pass a stream to read them back. @defaultValue stdout */
  destination?: DestinationStream;
  /**
   * Lines go to stderr (pretty or not): for CLI commands, whose stdout is their output (`--json`).
   * Ignored when `destination` is given. @defaultValue false
   */
  stderr?: boolean;
}

/**
 * Paths redacted wherever they appear in a log object: credentials in configs, headers, URLs
 * of databases and Redis. Secrets must never reach logs.
 */
export const redactPaths = [
  "password",
  "*.password",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
  "DATABASE_URL",
  "DATABASE_MIGRATION_URL",
  "REDIS_URL",
  "API_TOKEN_SECRET",
  "*.DATABASE_URL",
  "*.DATABASE_MIGRATION_URL",
  "*.REDIS_URL",
  "*.API_TOKEN_SECRET",
  "databaseUrl",
  "redisUrl",
  "*.databaseUrl",
  "*.redisUrl",
];

/** Root logger factory. Components take a logger as an option and derive `child` loggers from it. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const fd = options.stderr ? 2 : 1;
  const pretty = options.pretty ?? Boolean((options.stderr ? process.stderr : process.stdout).isTTY);
  const base = {
    name: options.name ?? "vigie",
    level: options.level ?? "info",
    redact: { paths: redactPaths, censor: "[redacted]" },
    serializers: { err: pino.stdSerializers.err },
  };
  if (options.destination) return pino(base, options.destination);
  if (pretty) {
    return pino({
      ...base,
      transport: { target: "pino-pretty", options: { destination: fd, colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" } },
    });
  }
  return options.stderr ? pino(base, pino.destination({ fd: 2, sync: true })) : pino(base);
}

/** A child logger for one job: every line carries the queue, job id and correlation id. */
export function jobLogger(parent: Logger, job: { queue: string; jobId: string | undefined; correlationId?: string | undefined; attempt?: number }): Logger {
  return parent.child({
    queue: job.queue,
    jobId: job.jobId,
    ...(job.correlationId ? { correlationId: job.correlationId } : {}),
    ...(job.attempt ? { attempt: job.attempt } : {}),
  });
}
