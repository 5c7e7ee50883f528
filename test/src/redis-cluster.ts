import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Why a Redis Cluster cannot be made on this machine (a binary is missing), or undefined. */
export function redisClusterUnavailable(): string | undefined {
  for (const bin of ["redis-server", "redis-cli"]) {
    if (spawnSync(bin, ["--version"], { stdio: "ignore" }).status !== 0) return `${bin} is not on PATH (apt-get install redis-server)`;
  }
  return undefined;
}

export interface RedisClusterNode {
  port: number;
  id: string;
  role: "master" | "replica";
  /** For a replica, the id of its master. */
  masterId?: string | undefined;
}

export interface RedisClusterOptions {
  /** First port; the nodes take `masters × (1 + replicasPerMaster)` consecutive ports. @defaultValue 7001 */
  basePort?: number;
  /** @defaultValue 3 */
  masters?: number;
  /** @defaultValue 1 */
  replicasPerMaster?: number;
  /** Below this many ms without an answer a node is failed over. @defaultValue 2000 */
  nodeTimeoutMs?: number;
  /** Each redis-server process, as it is spawned (a janitor that must kill them on a crash). */
  onSpawn?: (child: ChildProcess) => void;
  /** Redis' append-only file on every node (a restarted node keeps its jobs). @defaultValue false */
  appendOnly?: boolean;
}

export interface RedisCluster {
  /** `host:port` of every node, for REDIS_CLUSTER_NODES. */
  seeds: string[];
  /** The nodes as CLUSTER NODES reports them now. */
  nodes(): Promise<RedisClusterNode[]>;
  /** The node serving `key`'s slot now. */
  nodeOfKey(key: string): Promise<RedisClusterNode>;
  /**
   * Manual failover of `master`: one of its replicas takes over after catching up with it
   * (CLUSTER FAILOVER on the replica: no acknowledged write is lost). Resolves once the cluster
   * is whole again with the replica as master.
   */
  failover(master: RedisClusterNode): Promise<RedisClusterNode>;
  stop(): Promise<void>;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function parseNodes(text: string): RedisClusterNode[] {
  return text
    .trim()
    .split("\n")
    .map((line) => {
      const [id = "", address = "", flags = "", masterId = ""] = line.split(" ");
      const port = Number(address.split("@")[0]?.split(":")[1]);
      const role = flags.includes("master") ? ("master" as const) : ("replica" as const);
      return { id, port, role, masterId: role === "replica" ? masterId : undefined };
    });
}

/**
 * A Redis Cluster of `redis-server --cluster-enabled yes` processes on loopback ports, created with
 * `redis-cli --cluster create`, its files in a temp folder removed by `stop()`. For tests only.
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const basePort = options.basePort ?? 7001;
  const masters = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  const ports = Array.from({ length: masters * (1 + replicas) }, (_, i) => basePort + i);
  const dir = mkdtempSync(join(tmpdir(), "vigie-redis-cluster-"));
  const children: ChildProcess[] = [];
  const admin = new Map<number, Redis>();
  const stop = async () => {
    for (const client of admin.values()) client.disconnect();
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGKILL");
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      const child = spawn(
        "redis-server",
        [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--dir",
          dir,
          "--cluster-enabled",
          "yes",
          "--cluster-config-file",
          `nodes-${port}.conf`,
          "--cluster-node-timeout",
          String(options.nodeTimeoutMs ?? 2000),
          "--save",
          "",
          "--appendonly",
          options.appendOnly ? "yes" : "no",
          "--appendfilename",
          `appendonly-${port}.aof`,
          "--appenddirname",
          `aof-${port}`,
          "--maxmemory-policy",
          "noeviction",
          "--logfile",
          join(dir, `${port}.log`),
        ],
        { stdio: "ignore" },
      );
      children.push(child);
      options.onSpawn?.(child);
      const client = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
      client.on("error", () => {});
      admin.set(port, client);
    }
    for (const port of ports) await waitFor(`redis-server on ${port}`, async () => (await admin.get(port)?.ping()) === "PONG");
    await run("redis-cli", ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", String(replicas), "--cluster-yes"]);
    const whole = async () => {
      for (const client of admin.values()) {
        const info = await client.cluster("INFO");
        if (!String(info).includes("cluster_state:ok")) return false;
      }
      const list = parseNodes(String(await admin.get(basePort)?.cluster("NODES")));
      return list.filter((n) => n.role === "master").length === masters && list.filter((n) => n.role === "replica").length === masters * replicas;
    };
    await waitFor("the cluster to be whole", whole);
    const any = () => {
      for (const port of ports) {
        const child = children[ports.indexOf(port)];
        if (child && child.exitCode === null) return admin.get(port) as Redis;
      }
      throw new Error("no Redis Cluster node is running");
    };
    const nodes = async () => parseNodes(String(await any().cluster("NODES")));
    return {
      seeds: ports.map((p) => `127.0.0.1:${p}`),
      nodes,
      async nodeOfKey(key) {
        const slot = Number(await any().cluster("KEYSLOT", key));
        let node: RedisClusterNode | undefined;
        // Right after a failover a node's view of the slots may lag for a moment: ask again.
        await waitFor(
          `the owner of slot ${slot}`,
          async () => {
            const shards = await any().cluster("SLOTS");
            const owner = shards.find(([from, to]) => slot >= from && slot <= to);
            node = (await nodes()).find((n) => n.id === owner?.[2]?.[2] && n.role === "master");
            return node !== undefined;
          },
          10_000,
        );
        if (!node) throw new Error(`no node serves slot ${slot}`);
        return node;
      },
      async failover(master) {
        const replica = (await nodes()).find((n) => n.role === "replica" && n.masterId === master.id);
        if (!replica) throw new Error(`master ${master.port} has no replica`);
        await admin.get(replica.port)?.cluster("FAILOVER");
        await waitFor("the failover", async () => {
          const now = await nodes();
          return now.find((n) => n.id === replica.id)?.role === "master" && (await whole());
        });
        return { ...replica, role: "master", masterId: undefined };
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
