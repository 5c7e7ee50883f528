import { queues } from "@vigie/queue";
import { changeWatch } from "@vigie/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWatch, sleep } from "../test/fixtures.ts";
import { type DeliveryHarness, startDeliveryHarness } from "../test/delivery-harness.ts";
import { startWebhookReceiver } from "../test/webhook-receiver.ts";
import { redeliverWatch } from "./redeliver-watch.ts";
import { RedeliveryRefusedError } from "./redelivery-refused-error.ts";

let harness: DeliveryHarness;
beforeAll(async () => {
  harness = await startDeliveryHarness("test-signing-key-redeliver");
});
afterAll(async () => harness?.close());

const count = async (watchId: string, type: string) => (await harness.watchEvents(watchId)).filter((e) => e.type === type).length;
const matchIds = async (watchId: string) => (await harness.watchMatches(watchId)).map((m) => m.eventId);
const redeliver = (watchId: string, options: { since?: number; failedOnly?: boolean; dryRun?: boolean } = {}) =>
  redeliverWatch({ store: harness.runtime.store, queues: harness.runtime.queues, watchId, ...options });

describe("vigie watches redeliver", () => {
  it("sends delivered matches again under their first keys, signed, each attempt an event of the run; --since and --failed narrow it", async () => {
    const receiver = await startWebhookReceiver(harness.secretOf);
    try {
      const watchId = await createWatch(harness.runtime.store, { entityIds: ["Q10"], webhookUrl: receiver.url });
      await harness.tag(5, "Q10");
      await harness.until(async () => (await count(watchId, "AlertDelivered")) === 5);
      const keys = await matchIds(watchId);

      expect(await redeliver(watchId, { dryRun: true })).toMatchObject({ mode: "each", scanned: 5, enqueued: 5, dryRun: true });
      await harness.until(harness.alertsIdle);
      expect(receiver.received).toHaveLength(5);

      const run = await redeliver(watchId);
      expect(run).toMatchObject({ scanned: 5, alreadyDelivered: 0, stillQueued: 0, enqueued: 5 });
      await harness.until(async () => receiver.received.length === 10);
      await harness.until(harness.alertsIdle);
      const again = receiver.received.slice(5);
      // The same idempotency keys as the first deliveries: a receiver drops them by key.
      expect(again.map((r) => r.key).sort()).toEqual([...keys].sort());
      expect(again.every((r) => r.signatureOk && r.redelivery === run.run)).toBe(true);
      const delivered = (await harness.watchEvents(watchId)).filter((e) => e.type === "AlertDelivered").map((e) => e.data as { redelivery?: string });
      expect(delivered.filter((d) => d.redelivery === run.run)).toHaveLength(5);
      expect(delivered.filter((d) => d.redelivery === undefined)).toHaveLength(5);

      expect(await redeliver(watchId, { since: 3 })).toMatchObject({ since: 3, scanned: 2, enqueued: 2 });
      await harness.until(async () => receiver.received.length === 12);
      expect(
        receiver.received
          .slice(10)
          .map((r) => r.key)
          .sort(),
      ).toEqual(keys.slice(3).sort());
      // Everything was acknowledged: --failed has nothing to send.
      expect(await redeliver(watchId, { failedOnly: true })).toMatchObject({ scanned: 5, alreadyDelivered: 5, enqueued: 0 });
      await harness.until(harness.alertsIdle);
      await sleep(200);
      expect(receiver.received).toHaveLength(12);
    } finally {
      await receiver.close();
    }
  });

  it("after a receiver failed and delivery was disabled, --failed sends (once enabled) exactly what was never acknowledged", async () => {
    let answer = 503;
    const receiver = await startWebhookReceiver(harness.secretOf, () => answer);
    try {
      const watchId = await createWatch(harness.runtime.store, { entityIds: ["Q20"], webhookUrl: receiver.url });
      await harness.tag(2, "Q20");
      await harness.until(async () => (await count(watchId, "WatchDeliveryDisabled")) === 1);
      // Matched while disabled: recorded, not sent.
      await harness.tag(2, "Q20");
      await harness.until(async () => (await matchIds(watchId)).length === 4);
      // Their jobs ran (and skipped them) before delivery is enabled again.
      const settled = async () => {
        const states = await Promise.all((await matchIds(watchId)).map((id) => harness.runtime.queues.byStage.alert.getJobState(id)));
        return states.every((state) => state === "completed" || state === "failed");
      };
      await harness.until(settled);
      await expect(redeliver(watchId, { failedOnly: true })).rejects.toBeInstanceOf(RedeliveryRefusedError);

      answer = 200;
      await changeWatch(harness.runtime.store, watchId, { type: "EnableDelivery" }, { allowHosts: ["127.0.0.1"], producer: "test" });
      await harness.tag(1, "Q20");
      await harness.until(async () => (await count(watchId, "AlertDelivered")) === 1);
      const keys = await matchIds(watchId);
      const run = await redeliver(watchId, { failedOnly: true });
      expect(run).toMatchObject({ scanned: 5, alreadyDelivered: 1, enqueued: 4 });
      await harness.until(async () => (await count(watchId, "AlertDelivered")) === 5);
      await harness.until(harness.alertsIdle);
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
    const receiver = await startWebhookReceiver(harness.secretOf);
    try {
      const watchId = await createWatch(harness.runtime.store, { entityIds: ["Q30"], webhookUrl: receiver.url, delivery: "digest", digestSeconds: 3600 });
      const runDigest = () => harness.runtime.queues.byStage.digest.add(queues.digest.name, { mode: "digest", watchId });
      await harness.tag(3, "Q30");
      await harness.until(async () => (await matchIds(watchId)).length === 3);
      await runDigest();
      await harness.until(async () => receiver.received.length === 1);
      await harness.tag(2, "Q30");
      await harness.until(async () => (await matchIds(watchId)).length === 5);
      await runDigest();
      await harness.until(async () => receiver.received.length === 2);
      await harness.tag(1, "Q30");
      await harness.until(async () => (await matchIds(watchId)).length === 6);

      const run = await redeliver(watchId, { since: 3 });
      expect(run).toMatchObject({ mode: "digest", scanned: 3, enqueued: 1 });
      await harness.until(async () => receiver.received.length === 3);
      expect(receiver.received[2]).toMatchObject({ key: "digest:4-5", redelivery: run.run, signatureOk: true });
      // The pending sixth match goes in the next digest run, as scheduled (--failed runs it now).
      expect(await redeliver(watchId, { failedOnly: true })).toMatchObject({ scanned: 6, alreadyDelivered: 5, enqueued: 1 });
      await harness.until(async () => receiver.received.length === 4);
      expect(receiver.received[3]?.key).toBe("digest:6-6");
      await harness.until(harness.alertsIdle);
      expect(receiver.received.map((r) => r.key)).toEqual(["digest:1-3", "digest:4-5", "digest:4-5", "digest:6-6"]);
    } finally {
      await receiver.close();
    }
  });
});
