import { randomUUID } from "node:crypto";
import { InvalidEventError } from "@vigie/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStoreHarness, type StoreHarness } from "./testing.ts";
import { EventTooLargeError } from "./errors/event-too-large-error.ts";
import { IdempotencyConflictError } from "./errors/idempotency-conflict-error.ts";
import { WrongExpectedVersionError } from "./errors/wrong-expected-version-error.ts";
import { EventStore } from "./event-store.ts";

const feedEvent = (feedId: string, eventId = randomUUID()) => ({ eventId, type: "FeedEnabled", data: { feedId } });

describe("EventStore append", () => {
  let h: StoreHarness;
  let store: EventStore;
  beforeAll(async () => {
    h = await createStoreHarness({ max: 20 });
    store = new EventStore(h.app);
  });
  afterAll(async () => h?.close());

  describe("idempotency (guarantee 2)", () => {
    it("a retry with the same payload returns the original positions and writes nothing", async () => {
      const events = [feedEvent("a"), feedEvent("a")];
      const first = await store.appendToStream("feed:idem", events);
      const again = await store.appendToStream("feed:idem", events);
      expect(again.events.map((e) => [e.globalPosition, e.streamVersion, e.txId])).toEqual(
        first.events.map((e) => [e.globalPosition, e.streamVersion, e.txId]),
      );
      expect(first.events.every((e) => !e.existed)).toBe(true);
      expect(again.events.every((e) => e.existed)).toBe(true);
      expect(await store.streamVersion("feed:idem")).toBe(2);
    });

    it("a retry mixed with new events appends only the new ones, after the head", async () => {
      const old = feedEvent("b");
      await store.appendToStream("feed:mixed", [old]);
      const result = await store.appendToStream("feed:mixed", [old, feedEvent("b")]);
      expect(result.events.map((e) => [e.streamVersion, e.existed])).toEqual([
        [1, true],
        [2, false],
      ]);
    });

    it("the same id with a different payload raises IdempotencyConflictError", async () => {
      const id = randomUUID();
      await store.appendToStream("feed:conflict", [feedEvent("c", id)]);
      await expect(store.appendToStream("feed:conflict", [feedEvent("other", id)])).rejects.toBeInstanceOf(IdempotencyConflictError);
      await expect(store.appendToStream("feed:elsewhere", [feedEvent("c", id)])).rejects.toBeInstanceOf(IdempotencyConflictError);
    });

    it("concurrent retries of the same append write it once", async () => {
      const events = [feedEvent("d"), feedEvent("d"), feedEvent("d")];
      const results = await Promise.all(Array.from({ length: 10 }, () => store.appendToStream("feed:race-idem", events)));
      const positions = new Set(results.map((r) => r.events.map((e) => e.globalPosition).join(",")));
      expect(positions.size).toBe(1);
      expect(await store.streamVersion("feed:race-idem")).toBe(3);
    });
  });

  describe("optimistic concurrency (guarantee 3)", () => {
    it("checks no_stream and numeric expected versions", async () => {
      await store.appendToStream("feed:ev", [feedEvent("e")], { expectedVersion: "no_stream" });
      await expect(store.appendToStream("feed:ev", [feedEvent("e")], { expectedVersion: "no_stream" })).rejects.toMatchObject({
        name: "WrongExpectedVersionError",
        actual: 1,
      });
      await store.appendToStream("feed:ev", [feedEvent("e")], { expectedVersion: 1 });
      await expect(store.appendToStream("feed:ev", [feedEvent("e")], { expectedVersion: 1 })).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect(await store.streamVersion("feed:ev")).toBe(2);
    });

    it("100 concurrent appenders expecting the same version: one wins, 99 get WrongExpectedVersionError", async () => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 100 }, () => store.appendToStream("feed:race", [feedEvent("f")], { expectedVersion: "no_stream" })),
      );
      const won = outcomes.filter((o) => o.status === "fulfilled");
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(99);
      for (const l of lost) expect(l.reason).toBeInstanceOf(WrongExpectedVersionError);
    });

    it("100 concurrent appenders retrying on conflict yield contiguous versions 1..100", async () => {
      let conflicts = 0;
      await Promise.all(
        Array.from({ length: 100 }, async () => {
          const event = feedEvent("g");
          for (;;) {
            const version = await store.streamVersion("feed:contiguous");
            try {
              await store.appendToStream("feed:contiguous", [event], { expectedVersion: version === 0 ? "no_stream" : version });
              return;
            } catch (err) {
              if (!(err instanceof WrongExpectedVersionError)) throw err;
              conflicts++;
            }
          }
        }),
      );
      const events = await store.readStream("feed:contiguous");
      expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expect(conflicts).toBeGreaterThan(0);
    });

    it("100 concurrent 'any' appenders to one stream also yield contiguous versions", async () => {
      await Promise.all(Array.from({ length: 100 }, () => store.appendToStream("feed:any", [feedEvent("h")])));
      const events = await store.readStream("feed:any");
      expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    });
  });

  describe("payload validation (guarantee 5)", () => {
    it("rejects a payload failing its schema, and never appends it", async () => {
      await expect(
        store.appendToStream("feed:bad", [{ eventId: randomUUID(), type: "FeedPolled", data: { feedId: "x", url: "javascript:alert(1)" } }]),
      ).rejects.toBeInstanceOf(InvalidEventError);
      await expect(store.appendToStream("feed:bad", [{ eventId: randomUUID(), type: "NoSuchEvent", data: {} }])).rejects.toThrow(/unknown event type/);
      expect(await store.streamVersion("feed:bad")).toBe(0);
    });

    it("rejects an oversized payload", async () => {
      const small = new EventStore(h.app, { maxPayloadBytes: 1000 });
      await expect(
        small.appendToStream("feed:big", [
          { eventId: randomUUID(), type: "FeedRegistered", data: { feedId: "x", url: "http://a.b/", title: "x".repeat(999) } },
        ]),
      ).rejects.toBeInstanceOf(EventTooLargeError);
      expect(await store.streamVersion("feed:big")).toBe(0);
    });

    it("upcasts old versions on read and never rewrites the stored row", async () => {
      const eventId = randomUUID();
      const articleId = "a".repeat(64);
      await store.appendToStream(`article:${articleId}`, [
        {
          eventId,
          type: "ArticleDiscovered",
          schemaVersion: 1,
          data: { articleId, url: "http://x.test/a", feedId: "f", itemId: "1", published: "2024-01-01T00:00:00.000Z" },
        },
      ]);
      const [event] = await store.readStream(`article:${articleId}`);
      expect(event).toMatchObject({ schemaVersion: 2, storedSchemaVersion: 1, data: { publishedAt: "2024-01-01T00:00:00.000Z" } });
      const [row] = await h.owner`select schema_version, payload from events where event_id = ${eventId}`;
      expect(row).toMatchObject({ schema_version: 1, payload: { published: "2024-01-01T00:00:00.000Z" } });
    });
  });
});
