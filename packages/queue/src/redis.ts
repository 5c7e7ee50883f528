import { Redis } from "ioredis";

export type { Redis } from "ioredis";

/**
 * An ioredis client fit for BullMQ: `maxRetriesPerRequest: null` (workers block on Redis and
 * must not fail while it restarts), reconnecting with capped backoff.
 */
export function createRedis(url: string, options: { name?: string } = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectionName: options.name ?? "vigie",
    retryStrategy: (times) => Math.min(50 * 2 ** times, 2000),
  });
  // ioredis emits an error for every failed reconnection while Redis restarts; commands already
  // fail (and jobs retry) on their own, so these are not worth an unhandled-error crash.
  redis.on("error", () => {});
  return redis;
}
