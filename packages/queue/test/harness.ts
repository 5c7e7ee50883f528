import { randomBytes } from "node:crypto";
import { loadConfig } from "@vigie/config";
import { createSql, type Sql } from "@vigie/db";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { EventStore } from "@vigie/event-store";
import { createLogger, type Logger } from "@vigie/logger";
import { createRedis, deleteKeys, type RedisConnection } from "../src/redis.ts";

export interface QueueHarness {
  db: TestDatabase;
  app: Sql;
  store: EventStore;
  redis: RedisConnection;
  redisUrl: string;
  /** A Redis key prefix of this test file only. */
  prefix: string;
  logger: Logger;
  close(): Promise<void>;
}

export async function createQueueHarness(): Promise<QueueHarness> {
  const db = await createTestDatabase();
  const app = createSql({ url: db.url, role: "vigie_app", max: 6 });
  const redisUrl = loadConfig().REDIS_URL;
  const redis = createRedis(redisUrl);
  const prefix = `vigie-test-${randomBytes(4).toString("hex")}`;
  return {
    db,
    app,
    store: new EventStore(app),
    redis,
    redisUrl,
    prefix,
    logger: createLogger({ level: "silent" }),
    async close() {
      await deleteKeys(redis, `${prefix}:*`);
      redis.disconnect();
      await app.end();
      await db.drop();
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
