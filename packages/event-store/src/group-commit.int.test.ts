import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStoreHarness, type StoreHarness } from "./testing.ts";
import { IdempotencyConflictError } from "./errors/idempotency-conflict-error.ts";
import { WrongExpectedVersionError } from "./errors/wrong-expected-version-error.ts";
import { EventStore } from "./event-store.ts";

const feedEvent = (feedId: string, eventId: string = randomUUID()) => ({ eventId, type: "FeedEnabled", data: { feedId } });

// Group commit shares statements between concurrent appends; every guarantee of append.int.test.ts
// must hold for each append in a group as if it had been made alone.
describe("EventStore with group commit", () => {
  let h: StoreHarness;
  let store: EventStore;
  beforeAll(async () => {
    h = await createStoreHarness({ max: 20 });
    store = new EventStore(h.app, { groupCommit: { concurrency: 2 } });
  });
  afterAll(async () => h?.close());

  it("concurrent appends share statements and each gets its own positions", async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => store.appendToStream(`feed:g-${i}`, [feedEvent(`g-${i}`)], { expectedVersion: "no_stream" })),
    );
    const rows = await h.owner<{ event_id: string; stream_id: string; stream_version: number; global_position: string; tx_id: string }[]>`
      select event_id::text, stream_id, stream_version, global_position::text, tx_id::text from events where stream_id like 'feed:g-%'`;
    expect(rows).toHaveLength(200);
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    for (const [i, result] of results.entries()) {
      const [event] = result.events;
      const row = event && byId.get(event.eventId);
      expect(row).toMatchObject({ stream_id: `feed:g-${i}`, stream_version: 1, global_position: String(event?.globalPosition), tx_id: event?.txId });
      expect(result.streamVersions).toEqual({ [`feed:g-${i}`]: 1 });
    }
    // Fewer transactions than appends: some appends were committed together.
    expect(new Set(rows.map((r) => r.tx_id)).size).toBeLessThan(200);
  });

  it("expected versions are checked per append: one of 50 racers in one burst wins", async () => {
    // One statement in flight: the first append goes alone and all the others queue behind it,
    // so the racers would share one statement if the grouping let them.
    const serial = new EventStore(h.app, { groupCommit: { concurrency: 1 } });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        i % 2
          ? serial.appendToStream("feed:g-race", [feedEvent("r")], { expectedVersion: "no_stream" })
          : serial.appendToStream(`feed:g-other-${i}`, [feedEvent("o")], { expectedVersion: "no_stream" }),
      ),
    );
    const racers = outcomes.filter((_, i) => i % 2);
    expect(racers.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const o of racers) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(WrongExpectedVersionError);
    expect(outcomes.filter((o, i) => i % 2 === 0 && o.status === "fulfilled")).toHaveLength(50);
    expect(await store.streamVersion("feed:g-race")).toBe(1);
  });

  it("'any' appends to one hot stream get contiguous versions", async () => {
    await Promise.all(Array.from({ length: 100 }, () => store.appendToStream("feed:g-any", [feedEvent("a"), feedEvent("a")])));
    const events = await store.readStream("feed:g-any");
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it("retries return the original positions and conflicts fail alone, amid new appends", async () => {
    const first = await Promise.all(Array.from({ length: 20 }, (_, i) => store.appendToStream(`feed:g-idem-${i}`, [feedEvent(`i-${i}`)])));
    const again = await Promise.allSettled([
      ...first.map((r, i) => store.appendToStream(`feed:g-idem-${i}`, [feedEvent(`i-${i}`, r.events[0]?.eventId)])),
      store.appendToStream("feed:g-idem-0", [feedEvent("changed", first[0]?.events[0]?.eventId)]),
      ...Array.from({ length: 20 }, (_, i) => store.appendToStream(`feed:g-fresh-${i}`, [feedEvent(`f-${i}`)])),
    ]);
    for (const [i, outcome] of again.slice(0, 20).entries()) {
      expect(outcome.status).toBe("fulfilled");
      if (outcome.status === "fulfilled") expect(outcome.value.events).toEqual([{ ...first[i]?.events[0], existed: true }]);
    }
    expect(again[20]).toMatchObject({ status: "rejected", reason: expect.any(IdempotencyConflictError) });
    expect(again.slice(21).every((o) => o.status === "fulfilled")).toBe(true);
  });

  it("a payload Postgres refuses fails only its own append", async () => {
    const unchecked = new EventStore(h.app, { validate: false, groupCommit: { concurrency: 1 } });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => unchecked.appendToStream(`feed:g-bad-${i}`, [feedEvent(i === 15 ? "nul\u0000" : `ok-${i}`)])),
    );
    expect(outcomes.filter((o) => o.status === "rejected")).toHaveLength(1);
    expect(outcomes[15]?.status).toBe("rejected");
    expect((await h.owner`select count(*)::int as n from events where stream_id like 'feed:g-bad-%'`)[0]?.n).toBe(29);
  });
});
