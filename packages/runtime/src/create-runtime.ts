import type { Config } from "@vigie/config";
import { createSql, type Sql } from "@vigie/db";
import { EventStore } from "@vigie/event-store";
import type { Logger } from "@vigie/logger";
import { createRedis, PipelineQueues, publishAppended, subscribeAppended, type RedisConnection } from "@vigie/queue";

/** Everything a stage or the dispatcher needs, built from one validated config. */
export interface Runtime {
  config: Config;
  logger: Logger;
  sql: Sql;
  /** Lag-tolerant reads: the hot standby of DATABASE_READ_URL, else `sql` itself. */
  readSql: Sql;
  store: EventStore;
  /** Shared connection for queue producers and workers. */
  redis: RedisConnection;
  /** Installation key prefix (REDIS_PREFIX); each queue's keys live under `queuePrefix(prefix, queue)`. */
  prefix: string;
  queues: PipelineQueues;
  /** Wake-up hook for log consumers (Redis pub/sub after each append). */
  wake: (wakeUp: () => void) => () => void;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  poolSize?: number | undefined;
  /** Retry policy of stage jobs. @defaultValue 5 attempts, exponential backoff from 1 s with jitter */
  jobOptions?: ConstructorParameters<typeof PipelineQueues>[2];
}

export function createRuntime(config: Config, logger: Logger, options: RuntimeOptions = {}): Runtime {
  const sql = createSql({
    url: config.DATABASE_URL,
    role: config.DATABASE_APP_ROLE || undefined,
    max: options.poolSize ?? config.DATABASE_POOL_SIZE,
    idleTxTimeoutMs: config.DATABASE_IDLE_TX_TIMEOUT_MS,
  });
  const readSql = config.DATABASE_READ_URL
    ? createSql({
        url: config.DATABASE_READ_URL,
        role: config.DATABASE_APP_ROLE || undefined,
        max: options.poolSize ?? config.DATABASE_POOL_SIZE,
        idleTxTimeoutMs: config.DATABASE_IDLE_TX_TIMEOUT_MS,
        applicationName: "vigie-read",
      })
    : sql;
  const redis = createRedis(config.REDIS_URL, { name: "vigie", clusterNodes: config.REDIS_CLUSTER_NODES });
  const publisher = createRedis(config.REDIS_URL, { name: "vigie-publisher", clusterNodes: config.REDIS_CLUSTER_NODES });
  const subscriber = createRedis(config.REDIS_URL, { name: "vigie-subscriber", clusterNodes: config.REDIS_CLUSTER_NODES });
  const prefix = config.REDIS_PREFIX;
  const groupCommit = config.DATABASE_APPEND_GROUP_COMMIT > 0 ? { concurrency: config.DATABASE_APPEND_GROUP_COMMIT } : undefined;
  const store = new EventStore(sql, { groupCommit, onAppended: () => publishAppended(publisher, prefix) });
  const queues = new PipelineQueues(redis, prefix, options.jobOptions, { attempts: config.WATCH_DELIVERY_ATTEMPTS });
  return {
    config,
    logger,
    sql,
    readSql,
    store,
    redis,
    prefix,
    queues,
    wake: subscribeAppended(subscriber, prefix),
    async close() {
      await queues.close();
      await Promise.allSettled([
        sql.end({ timeout: 5 }),
        ...(readSql === sql ? [] : [readSql.end({ timeout: 5 })]),
        redis.quit(),
        publisher.quit(),
        subscriber.quit(),
      ]);
    },
  };
}
