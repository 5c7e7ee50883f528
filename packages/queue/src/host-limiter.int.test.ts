import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueueHarness, type QueueHarness } from "../test/harness.ts";
import { acquireHostLease, acquireHostSlot } from "./host-limiter.ts";

describe("per-host limits shared through Redis", () => {
  let h: QueueHarness;
  beforeAll(async () => {
    h = await createQueueHarness();
  });
  afterAll(async () => h?.close());

  it("allows at most `max` leases per host at once; released or expired leases free a slot", async () => {
    const limit = { max: 2, leaseMs: 300 };
    const a = await acquireHostLease(h.redis, h.prefix, "news.test", limit, "a");
    const b = await acquireHostLease(h.redis, h.prefix, "news.test", limit, "b");
    expect(a && b).toBeTruthy();
    expect(await acquireHostLease(h.redis, h.prefix, "news.test", limit, "c")).toBeUndefined();
    expect(await acquireHostLease(h.redis, h.prefix, "other.test", limit, "c")).toBeTruthy();
    await a?.();
    expect(await acquireHostLease(h.redis, h.prefix, "news.test", limit, "d")).toBeTruthy();
    expect(await acquireHostLease(h.redis, h.prefix, "news.test", limit, "e")).toBeUndefined();
    await new Promise((r) => setTimeout(r, 350)); // b and d were never released: they expire
    expect(await acquireHostLease(h.redis, h.prefix, "news.test", limit, "f")).toBeTruthy();
  });

  it("rate-limits per host per window", async () => {
    const limit = { max: 3, windowMs: 60_000 };
    const waits = [];
    for (let i = 0; i < 5; i++) waits.push(await acquireHostSlot(h.redis, h.prefix, "rate.test", limit));
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBeGreaterThan(0);
    expect(waits[4]).toBeGreaterThan(0);
  });
});
