import { Cluster, Redis } from "ioredis";

export type { Redis } from "ioredis";

/** A connection to one Redis server or to a Redis Cluster: BullMQ and every helper here take either. */
export type RedisConnection = Redis | Cluster;

export interface CreateRedisOptions {
  /** CLIENT SETNAME of the connection(s). @defaultValue "vigie" */
  name?: string | undefined;
  /**
   * `host:port` seeds of a Redis Cluster (REDIS_CLUSTER_NODES). Non-empty: a cluster client is
   * made and the URL only lends its user, password and TLS setting. @defaultValue []
   */
  clusterNodes?: readonly string[] | undefined;
}

const retryStrategy = (times: number) => Math.min(50 * 2 ** times, 2000);

/**
 * An ioredis client fit for BullMQ: `maxRetriesPerRequest: null` (workers block on Redis and
 * must not fail while it restarts), reconnecting with capped backoff. With `clusterNodes`, a
 * cluster client with the same settings on every node connection.
 */
export function createRedis(url: string, options: CreateRedisOptions = {}): RedisConnection {
  const clusterNodes = options.clusterNodes ?? [];
  const connectionName = options.name ?? "vigie";
  if (clusterNodes.length > 0) {
    const { username, password, protocol } = new URL(url);
    const cluster = new Cluster(
      clusterNodes.map((node) => {
        const [host = "", port = ""] = splitHostPort(node);
        return { host, port: Number(port) };
      }),
      {
        redisOptions: {
          maxRetriesPerRequest: null,
          connectionName,
          ...(username ? { username: decodeURIComponent(username) } : {}),
          ...(password ? { password: decodeURIComponent(password) } : {}),
          ...(protocol === "rediss:" ? { tls: {} } : {}),
        },
        enableReadyCheck: true,
        clusterRetryStrategy: retryStrategy,
        // After a failover the slots move: follow MOVED at once and refresh the slot map soon.
        retryDelayOnMoved: 0,
        retryDelayOnClusterDown: 200,
        retryDelayOnFailover: 200,
        slotsRefreshTimeout: 2000,
      },
    );
    cluster.on("error", () => {});
    return cluster;
  }
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectionName,
    retryStrategy,
  });
  // ioredis emits an error for every failed reconnection while Redis restarts; commands already
  // fail (and jobs retry) on their own, so these are not worth an unhandled-error crash.
  redis.on("error", () => {});
  return redis;
}

/** `host:port` or `[v6]:port` → [host, port]. */
export function splitHostPort(node: string): [string, string] {
  const at = node.lastIndexOf(":");
  const host = node.slice(0, at).replace(/^\[(.*)\]$/, "$1");
  return [host, node.slice(at + 1)];
}

/**
 * Deletes the keys matching `pattern` on every master (KEYS on a cluster client reaches one node
 * only). For test and demo clean-up; never on a hot path.
 */
export async function deleteKeys(redis: RedisConnection, pattern: string): Promise<number> {
  const nodes = redis instanceof Cluster ? redis.nodes("master") : [redis];
  let deleted = 0;
  for (const node of nodes) {
    const keys = await node.keys(pattern);
    // One DEL per key: on a cluster the keys of one node may still sit in different slots.
    for (let i = 0; i < keys.length; i += 500) {
      const batch = keys.slice(i, i + 500);
      const pipeline = node.pipeline();
      for (const key of batch) pipeline.del(key);
      await pipeline.exec();
      deleted += batch.length;
    }
  }
  return deleted;
}
