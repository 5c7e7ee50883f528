import { randomBytes } from "node:crypto";
import { loadConfig, type Config } from "@vigie/config";
import { watchMatchesStreamId, watchStreamId } from "@vigie/contracts";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { createLogger } from "@vigie/logger";
import { queues, RETRY_AFTER_BACKOFF, runDispatcher } from "@vigie/queue";
import { changeWatch, createRuntime, webhookSecret, type Runtime } from "@vigie/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWatch, sleep, taggedArticle } from "../test/fixtures.ts";
import { startWebhookReceiver } from "../test/webhook-receiver.ts";
import { redeliverWatch } from "./redeliver-watch.ts";
import { RedeliveryRefusedError } from "./redelivery-refused-error.ts";
import { runWatcher } from "./run-watcher.ts";
import { startAlerter } from "./start-alerter.ts";

const SIGNING_KEY = "test-signing-key-redeliver";
let db: TestDatabase;
let runtime: Runtime;
const controller = new AbortController();
const running: Promise<void>[] = [];
const alerters: ReturnType<typeof startAlerter>[] = [];
let next = 0;

const secretOf = (watchId: string) => webhookSecret(SIGNING_KEY, watchId, 1);

beforeAll(async () => {
  db = await createTestDatabase();
  const config: Config = {
    ...loadConfig(),
    DATABASE_URL: db.url,
    REDIS_PREFIX: `vigie-test-${randomBytes(4).toString("hex")}`,
    HTTP_ALLOW_HOSTS: ["127.0.0.1"],
    WATCH_SIGNING_SECRET: SIGNING_KEY,
    WATCH_DELIVERY_ATTEMPTS: 2,
    WATCH_DISABLE_AFTER_FAILURES: 3,
    WATCH_DELIVERY_TIMEOUT_MS: 3000,
    LOG_LEVEL: "silent",
  };
  runtime = createRuntime(config, createLogger({ level: "silent" }), { poolSize: 8, jobOptions: { backoff: { type: RETRY_AFTER_BACKOFF, delay: 20 } } });
  const { sql, logger, wake } = runtime;
  running.push(
    runDispatcher({ sql, queues: runtime.queues, logger, signal: controller.signal, wake }),
    runWatcher({ sql, logger, signal: controller.signal, wake, maxPollMs: 100 }),
  );
  alerters.push(startAlerter(runtime, { concurrency: 4 }), startAlerter(runtime, { concurrency: 1, queue: "digest" }));
});
afterAll(async () => {
  controller.abort();
  await Promise.all(running);
  await Promise.all(alerters.map((a) => a.close()));
  const keys = await runtime.redis.keys(`${runtime.prefix}:*`);
  if (keys.length > 0) await runtime.redis.del(...keys);
  await runtime?.close();
  await db?.drop();
});

async function until(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(50)) if (await check()) return;
  throw new Error(`condition not met in time; queues ${JSON.stringify(await runtime.queues.counts())}`);
}
const alertsIdle = async () => {
  const { alert, digest } = await runtime.queues.counts();
  return (alert.wait ?? 0) + (alert.active ?? 0) + (alert.delayed ?? 0) + (alert.prioritized ?? 0) + (digest.wait ?? 0) + (digest.active ?? 0) === 0;
};
const watchEvents = async (watchId: string) => runtime.store.readStream(watchStreamId(watchId));
const count = async (watchId: string, type: string) => (await watchEvents(watchId)).filter((e) => e.type === type).length;
const matchIds = async (watchId: string) => (await runtime.store.readStream(watchMatchesStreamId(watchId))).map((m) => m.eventId);
const tag = async (n: number, entityId: string) => {
  for (let k = 0; k < n; k++) await runtime.store.append(taggedArticle(next++, { entityIds: [entityId] }));
};
const redeliver = (watchId: string, options: { since?: number; failedOnly?: boolean; dryRun?: boolean } = {}) =>
  redeliverWatch({ store: runtime.store, queues: runtime.queues, watchId, ...options });

describe("vigie watches redeliver", () => {
  it("sends delivered matches again under their first keys, signed, each attempt an event of the run; --since and --failed narrow it", async () => {
    const receiver = await startWebhookReceiver(secretOf);
    try {
      const watchId = await createWatch(runtime.store, { entityIds: ["Q10"], webhookUrl: receiver.url });
      await tag(5, "Q10");
      await until(async () => (await count(watchId, "AlertDelivered")) === 5);
      const keys = await matchIds(watchId);

      expect(await redeliver(watchId, { dryRun: true })).toMatchObject({ mode: "each", scanned: 5, enqueued: 5, dryRun: true });
      await until(alertsIdle);
      expect(receiver.received).toHaveLength(5);

      const run = await redeliver(watchId);
      expect(run).toMatchObject({ scanned: 5, alreadyDelivered: 0, stillQueued: 0, enqueued: 5 });
      await until(async () => receiver.received.length === 10);
      await until(alertsIdle);
      const again = receiver.received.slice(5);
      // The same idempotency keys as the first deliveries: a receiver drops them by key.
      expect(again.map((r) => r.key).sort()).toEqual([...keys].sort());
      expect(again.every((r) => r.signatureOk && r.redelivery === run.run)).toBe(true);
      const delivered = (await watchEvents(watchId)).filter((e) => e.type === "AlertDelivered").map((e) => e.data as { redelivery?: string });
      expect(delivered.filter((d) => d.redelivery === run.run)).toHaveLength(5);
      expect(delivered.filter((d) => d.redelivery === undefined)).toHaveLength(5);

      expect(await redeliver(watchId, { since: 3 })).toMatchObject({ since: 3, scanned: 2, enqueued: 2 });
      await until(async () => receiver.received.length === 12);
      expect(
        receiver.received
          .slice(10)
          .map((r) => r.key)
          .sort(),
      ).toEqual(keys.slice(3).sort());
      // Everything was acknowledged: --failed has nothing to send.
      expect(await redeliver(watchId, { failedOnly: true })).toMatchObject({ scanned: 5, alreadyDelivered: 5, enqueued: 0 });
      await until(alertsIdle);
      await sleep(200);
      expect(receiver.received).toHaveLength(12);
    } finally {
      await receiver.close();
    }
  });

  it("after a receiver failed and delivery was disabled, --failed sends (once enabled) exactly what was never acknowledged", async () => {
    let answer = 503;
    const receiver = await startWebhookReceiver(secretOf, () => answer);
    try {
      const watchId = await createWatch(runtime.store, { entityIds: ["Q20"], webhookUrl: receiver.url });
      await tag(2, "Q20");
      await until(async () => (await count(watchId, "WatchDeliveryDisabled")) === 1);
      // Matched while disabled: recorded, not sent.
      await tag(2, "Q20");
      await until(async () => (await matchIds(watchId)).length === 4);
      // Their jobs ran (and skipped them) before delivery is enabled again.
      const settled = async () => {
        const states = await Promise.all((await matchIds(watchId)).map((id) => runtime.queues.byStage.alert.getJobState(id)));
        return states.every((state) => state === "completed" || state === "failed");
      };
      await until(settled);
      await expect(redeliver(watchId, { failedOnly: true })).rejects.toBeInstanceOf(RedeliveryRefusedError);

      answer = 200;
      await changeWatch(runtime.store, watchId, { type: "EnableDelivery" }, { allowHosts: ["127.0.0.1"], producer: "test" });
      await tag(1, "Q20");
      await until(async () => (await count(watchId, "AlertDelivered")) === 1);
      const keys = await matchIds(watchId);
      const run = await redeliver(watchId, { failedOnly: true });
      expect(run).toMatchObject({ scanned: 5, alreadyDelivered: 1, enqueued: 4 });
      await until(async () => (await count(watchId, "AlertDelivered")) === 5);
      await until(alertsIdle);
      // After dedup by key, the receiver acknowledged every match once.
      const acknowledged = new Set(receiver.received.filter((r) => r.status === 200 && r.signatureOk).map((r) => r.key));
      expect([...acknowledged].sort()).toEqual([...keys].sort());
      expect(receiver.received.filter((r) => r.status === 200)).toHaveLength(5);
      expect(
        receiver.received
          .filter((r) => r.redelivery === run.run)
          .map((r) => r.key)
          .sort(),
      ).toEqual(keys.slice(0, 4).sort());
    } finally {
      await receiver.close();
    }
  });

  it("a digest watch gets its acknowledged digests again under their keys; the digest cursor does not move", async () => {
    const receiver = await startWebhookReceiver(secretOf);
    try {
      const watchId = await createWatch(runtime.store, { entityIds: ["Q30"], webhookUrl: receiver.url, delivery: "digest", digestSeconds: 3600 });
      const runDigest = () => runtime.queues.byStage.digest.add(queues.digest.name, { mode: "digest", watchId });
      await tag(3, "Q30");
      await until(async () => (await matchIds(watchId)).length === 3);
      await runDigest();
      await until(async () => receiver.received.length === 1);
      await tag(2, "Q30");
      await until(async () => (await matchIds(watchId)).length === 5);
      await runDigest();
      await until(async () => receiver.received.length === 2);
      await tag(1, "Q30");
      await until(async () => (await matchIds(watchId)).length === 6);

      const run = await redeliver(watchId, { since: 3 });
      expect(run).toMatchObject({ mode: "digest", scanned: 3, enqueued: 1 });
      await until(async () => receiver.received.length === 3);
      expect(receiver.received[2]).toMatchObject({ key: "digest:4-5", redelivery: run.run, signatureOk: true });
      // The pending sixth match goes in the next digest run, as scheduled (--failed runs it now).
      expect(await redeliver(watchId, { failedOnly: true })).toMatchObject({ scanned: 6, alreadyDelivered: 5, enqueued: 1 });
      await until(async () => receiver.received.length === 4);
      expect(receiver.received[3]?.key).toBe("digest:6-6");
      await until(alertsIdle);
      expect(receiver.received.map((r) => r.key)).toEqual(["digest:1-3", "digest:4-5", "digest:4-5", "digest:6-6"]);
    } finally {
      await receiver.close();
    }
  });
});
