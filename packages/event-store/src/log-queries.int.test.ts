import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStoreHarness, type StoreHarness } from "./testing.ts";
import { storeCheckpoint } from "./checkpoints.ts";
import { countEvents, countEventsByType } from "./count-events.ts";
import { countFailuresByReason } from "./count-failures-by-reason.ts";
import { encodeCursor } from "./cursor.ts";
import { EventStore } from "./event-store.ts";
import { eventsExist } from "./events-exist.ts";
import { existingStreams } from "./existing-streams.ts";
import { listStreamIds } from "./list-stream-ids.ts";
import { readAllEvents } from "./read-all-events.ts";
import { readConsumerLag } from "./read-consumer-lag.ts";
import { readLogStats } from "./read-log-stats.ts";
import { resolvePosition } from "./resolve-position.ts";
import type { RecordedEvent } from "./types.ts";

// The small statements the API, the CLI and the stages use instead of their own SQL on `events`.
describe("log queries", () => {
  let h: StoreHarness;
  let log: RecordedEvent[];
  const ids = { registered: randomUUID(), failed: randomUUID(), failedAgain: randomUUID(), discovered: randomUUID(), other: randomUUID() };
  beforeAll(async () => {
    h = await createStoreHarness();
    const store = new EventStore(h.app, { validate: false });
    await store.appendToStream("feed:a", [
      { eventId: ids.registered, type: "FeedRegistered", data: { feedId: "a", url: "https://q.example/a" } },
      { eventId: ids.failed, type: "FeedPollFailed", data: { feedId: "a", reason: "http-503" } },
      { eventId: ids.failedAgain, type: "FeedPollFailed", data: { feedId: "a" } },
    ]);
    await store.appendToStream("article:x", [{ eventId: ids.discovered, type: "ArticleDiscovered", data: { url: "https://q.example/x" } }]);
    await store.appendToStream("feed_b", [{ eventId: ids.other, type: "FeedRegistered", data: { feedId: "b" } }]);
    log = await readAllEvents(h.app);
  });
  afterAll(async () => h?.close());

  it("reads the settled log in log or stream order, filtered by type and stream prefix (no LIKE wildcards)", async () => {
    expect(log.map((e) => e.eventId)).toEqual([ids.registered, ids.failed, ids.failedAgain, ids.discovered, ids.other]);
    const byStream = await readAllEvents(h.app, { order: "stream" });
    expect(byStream.map((e) => e.streamId)).toEqual(["article:x", "feed:a", "feed:a", "feed:a", "feed_b"]);
    // `_` is a LIKE wildcard: a prefix `feed_` must not match `feed:a`.
    expect((await readAllEvents(h.app, { streamPrefix: "feed_" })).map((e) => e.eventId)).toEqual([ids.other]);
    expect((await readAllEvents(h.app, { types: ["FeedPollFailed"], streamPrefix: "feed:" })).map((e) => e.eventId)).toEqual([ids.failed, ids.failedAgain]);
  });

  it("counts by type, in total, and within a recent window", async () => {
    expect(await countEventsByType(h.app)).toEqual({ ArticleDiscovered: 1, FeedPollFailed: 2, FeedRegistered: 2 });
    expect(await countEventsByType(h.app, { types: ["FeedRegistered", "FeedMoved"], withinSeconds: 3600 })).toEqual({ FeedRegistered: 2 });
    await h.owner`alter table events disable trigger user`;
    await h.owner`update events set recorded_at = now() - interval '2 hours' where event_id = ${ids.other}`;
    await h.owner`alter table events enable trigger user`;
    expect(await countEvents(h.app, { types: ["FeedRegistered"], withinSeconds: 3600 })).toBe(1);
    expect(await countEvents(h.app)).toBe(5);
    expect(await countFailuresByReason(h.app, ["FeedPollFailed", "ArticleFetchFailed"])).toEqual([
      { type: "FeedPollFailed", reason: "http-503", count: 1 },
      { type: "FeedPollFailed", reason: "unknown", count: 1 },
    ]);
  });

  it("says which events and streams exist, and lists stream ids by type and prefix", async () => {
    expect(await eventsExist(h.app, [ids.failed, randomUUID(), ids.other])).toEqual(new Set([ids.failed, ids.other]));
    expect(await eventsExist(h.app, [])).toEqual(new Set());
    const many = [...Array.from({ length: 1200 }, (_, i) => `article:none-${i}`), "article:x", "feed:a"];
    expect(await existingStreams(h.app, many)).toEqual(new Set(["article:x", "feed:a"]));
    expect(await listStreamIds(h.app, { type: "FeedRegistered" })).toEqual(["feed:a", "feed_b"]);
    expect(await listStreamIds(h.app, { prefix: "feed:" })).toEqual(["feed:a"]);
    expect(await listStreamIds(h.app)).toEqual(["article:x", "feed:a", "feed_b"]);
  });

  it("reports the log's size and head, and each consumer's lag", async () => {
    const last = log.at(-1);
    const third = log[2];
    if (!last || !third) throw new Error("log not written");
    expect(await readLogStats(h.app)).toEqual({
      events: 5,
      streams: 3,
      maxGlobalPosition: last.globalPosition,
      head: { txId: last.txId, globalPosition: last.globalPosition },
    });
    expect(await storeCheckpoint(h.app, "behind", null, { txId: third.txId, globalPosition: third.globalPosition })).toBe(true);
    expect(await storeCheckpoint(h.app, "done", null, { txId: last.txId, globalPosition: last.globalPosition })).toBe(true);
    const lag = await readConsumerLag(h.app);
    expect(lag.map((c) => [c.consumerId, c.lagEvents])).toEqual([
      ["behind", 2],
      ["done", 0],
    ]);
    expect(lag[0]?.lagSeconds).toBeGreaterThan(0);
    expect(lag[1]?.lagSeconds).toBe(0);
  });

  it("resolves every typed form of a position, a bare global position included whichever the bound", async () => {
    const third = log[2];
    if (!third) throw new Error("log not written");
    const at = { txId: third.txId, globalPosition: third.globalPosition };
    const n = String(third.globalPosition);
    expect(await resolvePosition(h.app, n, { bound: "to" })).toEqual(at);
    expect(await resolvePosition(h.app, n, { bound: "from" })).toEqual({ txId: at.txId, globalPosition: at.globalPosition - 1 });
    expect(await resolvePosition(h.app, `${at.txId}.${at.globalPosition}`, { bound: "from" })).toEqual(at);
    expect(await resolvePosition(h.app, encodeCursor(at), { bound: "from" })).toEqual(at);
    expect(await resolvePosition(h.app, "start", { bound: "from" })).toEqual({ txId: "0", globalPosition: 0 });
    await expect(resolvePosition(h.app, "999999", { bound: "from" })).rejects.toThrow(/no event has 999999/);
  });
});
