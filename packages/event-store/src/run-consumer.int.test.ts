import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { createStoreHarness, type StoreHarness } from "./testing.ts";
import { loadCheckpoint, storeCheckpoint } from "./checkpoints.ts";
import { EventStore } from "./event-store.ts";
import { runConsumer } from "./run-consumer.ts";
import type { RecordedEvent } from "./types.ts";

// Guarantee 7: checkpoints by compare-and-set; a projection commits its rows and its checkpoint
// in one transaction; one active instance per consumer.
describe("checkpoints and consumers", () => {
  let h: StoreHarness;
  let store: EventStore;
  beforeAll(async () => {
    h = await createStoreHarness({ max: 10 });
    store = new EventStore(h.app);
    await h.owner`create table feed_counts (feed_id text primary key, n int not null)`;
    await h.owner`grant select, insert, update on feed_counts to vigie_app`;
  });
  afterAll(async () => h?.close());

  const appendFeedEvents = (n: number, feedId: string) =>
    store.append(Array.from({ length: n }, () => ({ eventId: randomUUID(), streamId: `feed:${feedId}`, type: "FeedEnabled", data: { feedId } })));

  it("moves a checkpoint only from the expected position", async () => {
    const a = { txId: "10", globalPosition: 5 };
    const b = { txId: "11", globalPosition: 6 };
    expect(await storeCheckpoint(h.app, "cas", null, a)).toBe(true);
    expect(await storeCheckpoint(h.app, "cas", null, a)).toBe(false);
    expect(await storeCheckpoint(h.app, "cas", b, a)).toBe(false);
    expect(await storeCheckpoint(h.app, "cas", a, b)).toBe(true);
    expect(await loadCheckpoint(h.app, "cas")).toEqual(b);
  });

  it("commits projection rows with the checkpoint; a failed page commits neither; two instances never double-count", async () => {
    await appendFeedEvents(120, "p");
    const controller = new AbortController();
    let failOnce = true;
    const handle = async (events: RecordedEvent[], tx: Parameters<Parameters<typeof runConsumer>[1]["handle"]>[1]) => {
      for (const e of events) {
        const { feedId } = e.data as { feedId: string };
        await tx`insert into feed_counts values (${feedId}, 1) on conflict (feed_id) do update set n = feed_counts.n + 1`;
      }
      if (failOnce) {
        failOnce = false;
        throw new Error("crash after writing rows");
      }
    };
    const errors: unknown[] = [];
    const options = {
      name: "feed-counts",
      handle,
      batchSize: 25,
      minPollMs: 5,
      maxPollMs: 20,
      signal: controller.signal,
      onError: (err: unknown) => errors.push(err),
    };
    const instances = [runConsumer(h.app, options), runConsumer(h.app, options)];
    const waitFor = async (n: number) => {
      for (let i = 0; i < 500; i++) {
        const [row] = await h.owner`select n from feed_counts where feed_id = 'p'`;
        if (row?.n === n) return;
        await sleep(20);
      }
    };
    await waitFor(120);
    await appendFeedEvents(30, "p");
    await waitFor(150);
    await sleep(100);
    controller.abort();
    await Promise.all(instances);
    const [row] = await h.owner`select n from feed_counts where feed_id = 'p'`;
    expect(row?.n).toBe(150);
    expect(errors).toHaveLength(1);
    const checkpoint = await loadCheckpoint(h.app, "feed-counts");
    const tail = await store.readAll(checkpoint ?? undefined);
    expect(tail.events).toHaveLength(0);
  });

  it("a non-transactional consumer delivers at least once and filters by type", async () => {
    await appendFeedEvents(10, "q");
    await store.append([{ eventId: randomUUID(), streamId: "feed:q", type: "FeedRemoved", data: { feedId: "q" } }]);
    const seen: string[] = [];
    const controller = new AbortController();
    const run = runConsumer(h.app, {
      name: "removed-only",
      transactional: false,
      types: ["FeedRemoved"],
      minPollMs: 5,
      maxPollMs: 20,
      signal: controller.signal,
      handle: async (events) => {
        for (const e of events) seen.push(e.type);
      },
      onProgress: (p) => {
        if (p.caughtUp) controller.abort();
      },
    });
    await run;
    expect(seen).toEqual(["FeedRemoved"]);
  });
});
