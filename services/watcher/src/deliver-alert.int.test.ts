import { readAllEvents } from "@vigie/event-store";
import { digestSchedulerId, queues } from "@vigie/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWatch, sleep } from "../test/fixtures.ts";
import { type DeliveryHarness, startDeliveryHarness } from "../test/delivery-harness.ts";
import { startWebhookReceiver } from "../test/webhook-receiver.ts";

let harness: DeliveryHarness;
beforeAll(async () => {
  harness = await startDeliveryHarness("test-signing-key-0123456789");
});
afterAll(async () => harness?.close());

describe("alert delivery", () => {
  it("delivers each match once to a 127.0.0.1 receiver, every signature valid, each attempt an event", async () => {
    const receiver = await startWebhookReceiver(harness.secretOf);
    try {
      const watchId = await createWatch(harness.runtime.store, { entityIds: ["Q100"], webhookUrl: receiver.url });
      const articles = await harness.tag(12, "Q100");
      await harness.tag(3, "Q999");
      await harness.until(async () => (await harness.watchEvents(watchId)).filter((e) => e.type === "AlertDelivered").length === 12);
      expect(receiver.received).toHaveLength(12);
      expect(receiver.received.every((r) => r.signatureOk)).toBe(true);
      expect(receiver.received.map((r) => r.body.matches[0]?.articleId).sort()).toEqual([...articles].sort());
      const matches = await harness.watchMatches(watchId);
      expect(new Set(receiver.received.map((r) => r.key))).toEqual(new Set(matches.map((m) => m.eventId)));
      // The receiver's check is not a formality: another watch's secret fails it.
      const other = await startWebhookReceiver(() => harness.secretOf("00000000-0000-4000-8000-000000000000"));
      const otherWatch = await createWatch(harness.runtime.store, { entityIds: ["Q101"], webhookUrl: other.url });
      await harness.tag(1, "Q101");
      await harness.until(async () => other.received.length === 1);
      expect(other.received[0]?.signatureOk).toBe(false);
      expect(other.received[0]?.watchId).toBe(otherWatch);
      await other.close();
    } finally {
      await receiver.close();
    }
  });

  it("retries a failing receiver with backoff, records each attempt, disables delivery after 3 failures in a row", async () => {
    const receiver = await startWebhookReceiver(harness.secretOf, () => 500);
    try {
      const watchId = await createWatch(harness.runtime.store, { entityIds: ["Q200"], webhookUrl: receiver.url });
      await harness.tag(1, "Q200");
      // Two attempts for the first match (both 500), then the second match's first attempt is the third failure in a row.
      await harness.until(async () => (await harness.watchEvents(watchId)).filter((e) => e.type === "AlertDeliveryFailed").length === 2);
      await harness.tag(1, "Q200");
      await harness.until(async () => (await harness.watchEvents(watchId)).some((e) => e.type === "WatchDeliveryDisabled"));
      await harness.tag(2, "Q200");
      await harness.until(async () => (await harness.watchMatches(watchId)).length === 4);
      await harness.until(harness.alertsIdle);
      await sleep(300);
      const events = await harness.watchEvents(watchId);
      const failures = events
        .filter((e) => e.type === "AlertDeliveryFailed")
        .map((e) => e.data as { attempt: number; reason: string; consecutiveFailures: number; permanent: boolean });
      expect(failures.map((f) => [f.attempt, f.reason, f.consecutiveFailures, f.permanent])).toEqual([
        [1, "http-500", 1, false],
        [2, "http-500", 2, true],
        [1, "http-500", 3, false],
      ]);
      expect(events.filter((e) => e.type === "WatchDeliveryDisabled")).toHaveLength(1);
      // Once disabled, nothing more is sent.
      expect(receiver.received).toHaveLength(3);
      expect(receiver.received.every((r) => r.signatureOk)).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  it("never posts to a private address that is not allow-listed, nor over plain http", async () => {
    // 127.0.0.2 is loopback too, but only 127.0.0.1 is allow-listed.
    const receiver = await startWebhookReceiver(harness.secretOf, () => 200, "127.0.0.2");
    try {
      const port = new URL(receiver.url).port;
      const privateWatch = await createWatch(harness.runtime.store, { entityIds: ["Q300"], webhookUrl: `https://127.0.0.2:${port}/hook` });
      const plainWatch = await createWatch(harness.runtime.store, { entityIds: ["Q300"], webhookUrl: `http://127.0.0.2:${port}/hook` });
      // Refused before any name lookup: no request leaves the machine.
      const publicWatch = await createWatch(harness.runtime.store, { entityIds: ["Q300"], webhookUrl: "http://hooks.example.org/hook" });
      await harness.tag(1, "Q300");
      const reasons = async (watchId: string) =>
        (await harness.watchEvents(watchId)).filter((e) => e.type === "AlertDeliveryFailed").map((e) => (e.data as { reason: string }).reason);
      await harness.until(async () => (await reasons(privateWatch)).length + (await reasons(plainWatch)).length + (await reasons(publicWatch)).length === 3);
      expect(await reasons(privateWatch)).toEqual(["ssrf-blocked"]);
      expect(await reasons(plainWatch)).toEqual(["webhook-refused"]);
      expect(await reasons(publicWatch)).toEqual(["webhook-refused"]);
      await harness.until(harness.alertsIdle);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it("a digest watch gets one delivery per period with every new match, on its own scheduler", async () => {
    const receiver = await startWebhookReceiver(harness.secretOf);
    try {
      const watchId = await createWatch(harness.runtime.store, { entityIds: ["Q500"], webhookUrl: receiver.url, delivery: "digest", digestSeconds: 3600 });
      await harness.until(async () => (await harness.runtime.queues.byStage.digest.getJobSchedulers()).some((s) => s.key === digestSchedulerId(watchId)));
      const first = await harness.tag(3, "Q500");
      await harness.until(async () => (await harness.watchMatches(watchId)).length === 3);
      await harness.until(harness.alertsIdle);
      expect(receiver.received).toHaveLength(0);
      // What the scheduler runs once per period, run now.
      const runDigest = () => harness.runtime.queues.byStage.digest.add(queues.digest.name, { mode: "digest", watchId });
      await runDigest();
      await harness.until(async () => receiver.received.length === 1);
      const second = await harness.tag(1, "Q500");
      await harness.until(async () => (await harness.watchMatches(watchId)).length === 4);
      await runDigest();
      await harness.until(async () => receiver.received.length === 2);
      await runDigest();
      await harness.until(harness.alertsIdle);
      expect(receiver.received.map((r) => [r.key, r.body.matches.map((m) => m.articleId), r.signatureOk])).toEqual([
        ["digest:1-3", first, true],
        ["digest:4-4", second, true],
      ]);
      const delivered = (await harness.watchEvents(watchId))
        .filter((e) => e.type === "AlertDelivered")
        .map((e) => (e.data as { throughVersion?: number }).throughVersion);
      expect(delivered).toEqual([3, 4]);
    } finally {
      await receiver.close();
    }
  });

  it("the log has no delivery for a watch without webhook", async () => {
    const watchId = await createWatch(harness.runtime.store, { entityIds: ["Q400"] });
    await harness.tag(1, "Q400");
    await harness.until(async () => (await harness.watchMatches(watchId)).length === 1);
    await harness.until(harness.alertsIdle);
    const deliveries = (await readAllEvents(harness.runtime.sql, { types: ["AlertDelivered", "AlertDeliveryFailed"] })).filter(
      (e) => (e.data as { watchId: string }).watchId === watchId,
    );
    expect(deliveries).toHaveLength(0);
  });
});
