import { randomBytes } from "node:crypto";
import { loadConfig, type Config } from "@vigie/config";
import { watchMatchesStreamId, watchStreamId } from "@vigie/contracts";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { createLogger } from "@vigie/logger";
import { RETRY_AFTER_BACKOFF, runDispatcher } from "@vigie/queue";
import { createRuntime, type Runtime, webhookSecret } from "@vigie/runtime";
import { runWatcher } from "../src/run-watcher.ts";
import { startAlerter } from "../src/start-alerter.ts";
import { articleIdOf, sleep, taggedArticle } from "./fixtures.ts";

/** A database, a Redis prefix, the dispatcher, the watcher and both alerters (each and digest) of one delivery test file. */
export interface DeliveryHarness {
  readonly runtime: Runtime;
  /** Polls `check` every 50 ms; throws with the queue counts after `ms`. */
  until(check: () => Promise<boolean>, ms?: number): Promise<void>;
  /** No delivery waiting, running or waiting for its retry (the synthetic articles' fetch jobs are nobody's concern here). */
  alertsIdle(): Promise<boolean>;
  watchEvents(watchId: string): ReturnType<Runtime["store"]["readStream"]>;
  /** The watch's `WatchMatched` events, in match order. */
  watchMatches(watchId: string): ReturnType<Runtime["store"]["readStream"]>;
  /** The webhook secret of a watch (first version) under this harness's signing key, as a receiver checks it. */
  secretOf(watchId: string): string;
  /** Appends `count` new tagged articles naming `entityId` (each article once per harness); returns their ids. */
  tag(count: number, entityId: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startDeliveryHarness(signingKey: string): Promise<DeliveryHarness> {
  const db: TestDatabase = await createTestDatabase();
  const config: Config = {
    ...loadConfig(),
    DATABASE_URL: db.url,
    REDIS_PREFIX: `vigie-test-${randomBytes(4).toString("hex")}`,
    // The receivers of these tests listen on 127.0.0.1: allow-listed, so plain http is accepted for them.
    HTTP_ALLOW_HOSTS: ["127.0.0.1"],
    WATCH_SIGNING_SECRET: signingKey,
    WATCH_DELIVERY_ATTEMPTS: 2,
    WATCH_DISABLE_AFTER_FAILURES: 3,
    WATCH_DELIVERY_TIMEOUT_MS: 3000,
    LOG_LEVEL: "silent",
  };
  const runtime = createRuntime(config, createLogger({ level: "silent" }), { poolSize: 8, jobOptions: { backoff: { type: RETRY_AFTER_BACKOFF, delay: 20 } } });
  const controller = new AbortController();
  const { sql, queues, logger, wake } = runtime;
  const running = [
    runDispatcher({ sql, queues, logger, signal: controller.signal, wake }),
    runWatcher({ sql, logger, signal: controller.signal, wake, maxPollMs: 100 }),
  ];
  const alerters = [startAlerter(runtime, { concurrency: 4 }), startAlerter(runtime, { concurrency: 1, queue: "digest" })];
  let articles = 0;
  return {
    runtime,
    async until(check, ms = 20_000) {
      for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(50)) if (await check()) return;
      throw new Error(`condition not met in time; queues ${JSON.stringify(await runtime.queues.counts())}`);
    },
    async alertsIdle() {
      const { alert, digest } = await runtime.queues.counts();
      return (alert.wait ?? 0) + (alert.active ?? 0) + (alert.delayed ?? 0) + (alert.prioritized ?? 0) + (digest.wait ?? 0) + (digest.active ?? 0) === 0;
    },
    watchEvents: (watchId) => runtime.store.readStream(watchStreamId(watchId)),
    watchMatches: (watchId) => runtime.store.readStream(watchMatchesStreamId(watchId)),
    secretOf: (watchId) => webhookSecret(signingKey, watchId, 1),
    async tag(count, entityId) {
      const ids: string[] = [];
      for (let k = 0; k < count; k++) {
        const i = articles++;
        ids.push(articleIdOf(i));
        await runtime.store.append(taggedArticle(i, { entityIds: [entityId] }));
      }
      return ids;
    },
    async close() {
      controller.abort();
      await Promise.all(running);
      await Promise.all(alerters.map((a) => a.close()));
      const keys = await runtime.redis.keys(`${runtime.prefix}:*`);
      if (keys.length > 0) await runtime.redis.del(...keys);
      await runtime.close();
      await db.drop();
    },
  };
}
