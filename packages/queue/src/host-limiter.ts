import type { RedisConnection } from "./redis.ts";

// Cluster-safe: every command and script here touches one key only (KEYS[1] is declared), so a
// cluster client routes each to the slot of that key; no hash tag is needed.

export interface HostLimit {
  /** Requests allowed per host per window. @defaultValue 2 */
  max: number;
  /** Window length in ms. @defaultValue 1000 */
  windowMs: number;
}

/**
 * Per-host rate limit shared by every worker process: a fixed-window counter in Redis.
 * Returns 0 when the request may go now, else the ms to wait before trying again.
 */
export async function acquireHostSlot(redis: RedisConnection, prefix: string, host: string, limit: HostLimit): Promise<number> {
  const window = Math.floor(Date.now() / limit.windowMs);
  // The window length is part of the key: a host whose limit changes (robots.txt Crawl-delay) does
  // not share a counter with windows of another length.
  const key = `${prefix}:host-limit:${host}:${limit.windowMs}:${window}`;
  const [[, count] = [null, 0]] =
    (await redis
      .multi()
      .incr(key)
      .pexpire(key, limit.windowMs * 2)
      .exec()) ?? [];
  if (Number(count) <= limit.max) return 0;
  return (window + 1) * limit.windowMs - Date.now() + Math.floor(Math.random() * 50);
}

// Atomically: drop expired leases, take one if fewer than ARGV[1] are held.
const LEASE_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], ARGV[4], ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 1
end
return 0`;

export interface HostConcurrency {
  /** Requests in flight per host, across every worker process. @defaultValue 2 */
  max: number;
  /** A lease not released by then (its worker died) expires. @defaultValue 120000 */
  leaseMs: number;
}

/**
 * Takes one of `max` concurrent slots for `host`, shared by every process (a sorted set of
 * leases with expiry times). Returns a release function, or undefined when all slots are taken.
 */
export async function acquireHostLease(
  redis: RedisConnection,
  prefix: string,
  host: string,
  limit: HostConcurrency,
  token: string,
): Promise<(() => Promise<void>) | undefined> {
  const key = `${prefix}:host-leases:${host}`;
  const now = Date.now();
  const ok = await redis.eval(LEASE_SCRIPT, 1, key, limit.max, token, now, now + limit.leaseMs, limit.leaseMs * 2);
  if (ok !== 1) return undefined;
  return async () => {
    await redis.zrem(key, token);
  };
}
