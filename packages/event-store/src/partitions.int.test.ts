import { randomUUID } from "node:crypto";
import { createSql, type Sql } from "@vigie/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGaplessHarness, WRITERS } from "../test/gapless-harness.ts";
import { setTimeout as sleep } from "node:timers/promises";
import { createStoreHarness, type StoreHarness } from "./testing.ts";
import { useTinyPartitions } from "../test/tiny-partitions.ts";
import { storeCheckpoint } from "./checkpoints.ts";
import { detachPartitionsBefore } from "./detach-partitions.ts";
import { IdempotencyConflictError } from "./errors/idempotency-conflict-error.ts";
import { PartitionDetachRefusedError } from "./errors/partition-detach-refused-error.ts";
import { WrongExpectedVersionError } from "./errors/wrong-expected-version-error.ts";
import { EventStore } from "./event-store.ts";
import { listPartitions } from "./list-partitions.ts";
import { comparePositions } from "./position.ts";
import { preparePartitions } from "./prepare-partitions.ts";
import { readEvent } from "./read-event.ts";
import { readLogStats } from "./read-log-stats.ts";
import { START, type Position } from "./types.ts";

const SIZE = 64;
const AHEAD = 24;

/** Every committed event from `after` on, through the gapless read in small pages. */
async function readEverything(store: EventStore, after: Position = START) {
  const seen: { id: string; position: Position }[] = [];
  for (let page = await store.readAll(after, { limit: 25 }); ; page = await store.readAll(page.next, { limit: 25 })) {
    for (const e of page.events) seen.push({ id: e.eventId, position: { txId: e.txId, globalPosition: e.globalPosition } });
    if (page.caughtUp) return seen;
  }
}

// Migration 0014: the log is partitioned by range of global_position. Partitions of 64 positions
// here, so that every guarantee is exercised across many partition boundaries.
describe("partitioned event log", () => {
  let h: StoreHarness;
  let store: EventStore;
  /** The maintenance loop's own connection, as the app role (allowed through vigie_events_add_partition). */
  let maintainer: Sql;
  /**
   * Runs `work` while partitions are created ahead every few milliseconds, as `vigie maintenance`
   * does: whole partitions ahead (24, more than a harness run uses), so that the loop attaches
   * partitions while the writers and readers run but none gets rows right after its ATTACH.
   */
  const maintainWhile = async <T>(work: () => Promise<T>): Promise<T> => {
    await preparePartitions(maintainer, { ahead: AHEAD });
    let maintaining = true;
    const loop = (async () => {
      while (maintaining) {
        await preparePartitions(maintainer, { ahead: AHEAD });
        await sleep(5);
      }
    })();
    try {
      return await work();
    } finally {
      maintaining = false;
      await loop;
    }
  };
  beforeAll(async () => {
    h = await createStoreHarness({ max: WRITERS + 6 });
    maintainer = createSql({ url: h.db.url, role: "vigie_app", max: 1 });
    await useTinyPartitions(h.owner, SIZE);
    store = new EventStore(h.app, { validate: false });
  });
  afterAll(async () => {
    await maintainer?.end();
    await h?.close();
  });

  it("keeps the gapless read exact while 16 writers cross partitions created as they go", async () => {
    // The app role creates the partitions ahead, concurrently with the writers.
    await maintainWhile(() => runGaplessHarness({ writer: h.app, reader: h.app, label: " (partitions of 64)" }));
    const partitions = await listPartitions(h.owner, { exact: true });
    expect(partitions.filter((p) => (p.rows ?? 0) > 0).length).toBeGreaterThan(10);
    for (const p of partitions) expect(p.upper - p.lower).toBe(SIZE);
  });

  it("keeps ids and stream versions unique across partitions", async () => {
    const first = { eventId: randomUUID(), type: "TestEvent", data: { n: 0 } };
    const appended = await store.appendToStream("long:1", [first]);
    // Push the stream's next events into later partitions.
    for (let i = 0; i < 3; i++) {
      await preparePartitions(h.owner, { ahead: 2 });
      await store.append(Array.from({ length: SIZE }, (_, n) => ({ eventId: randomUUID(), streamId: `filler:${i}:${n}`, type: "TestEvent", data: {} })));
      await store.appendToStream("long:1", [{ eventId: randomUUID(), type: "TestEvent", data: { n: i + 1 } }]);
    }
    // An idempotent retry finds the original event three partitions back.
    const retry = await store.appendToStream("long:1", [first]);
    expect(retry.events[0]).toMatchObject({ existed: true, globalPosition: appended.events[0]?.globalPosition, streamVersion: 1 });
    await expect(store.appendToStream("long:1", [{ ...first, data: { n: 99 } }])).rejects.toBeInstanceOf(IdempotencyConflictError);
    await expect(store.appendToStream("long:1", [{ eventId: randomUUID(), type: "TestEvent", data: {} }], { expectedVersion: 2 })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    // Raw inserts cannot bypass it: the insert trigger claims the id and the version.
    const insert = (id: string, stream: string, version: number) =>
      h.app`insert into events (stream_id, stream_version, event_id, event_type, schema_version, payload)
            values (${stream}, ${version}, ${id}, 'TestEvent', 1, '{}')`;
    await expect(insert(first.eventId, "other:1", 1)).rejects.toMatchObject({ code: "23505", constraint_name: "event_ids_pkey" });
    await expect(insert(randomUUID(), "long:1", 2)).rejects.toMatchObject({ code: "23505", constraint_name: "events_stream_version_unique" });
    await expect(insert(randomUUID(), "long:1", 9)).rejects.toMatchObject({ code: "23514" });
    const stream = await store.readStream("long:1");
    expect(stream.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
    expect(new Set(stream.map((e) => Math.floor(e.globalPosition / SIZE))).size).toBe(4);
    expect((await readEvent(h.app, first.eventId))?.globalPosition).toBe(appended.events[0]?.globalPosition);
  });

  it("refuses UPDATE, DELETE and TRUNCATE on every partition and on the side tables, owner included", async () => {
    for (const p of (await listPartitions(h.owner)).filter((p) => p.maxPosition !== null)) {
      await expect(h.owner.unsafe(`update "${p.name}" set payload = '{}'`)).rejects.toThrow(/append-only/);
      await expect(h.owner.unsafe(`delete from "${p.name}"`)).rejects.toThrow(/append-only/);
      await expect(h.owner.unsafe(`truncate "${p.name}"`)).rejects.toThrow(/append-only/);
      await expect(h.app.unsafe(`select 1 from "${p.name}"`)).rejects.toMatchObject({ code: "42501" });
    }
    await expect(h.owner`delete from event_ids`).rejects.toThrow(/append-only/);
    await expect(h.owner`truncate event_ids`).rejects.toThrow(/append-only/);
    await expect(h.owner`delete from stream_heads`).rejects.toThrow(/append-only/);
    await expect(h.app`update event_ids set global_position = 0`).rejects.toMatchObject({ code: "42501" });
  });

  it("detaches a partition only once every consumer has read past it; the gapless read goes on", async () => {
    const stats = await readLogStats(h.owner);
    const head = stats.head ?? START;
    const partitions = await listPartitions(h.owner);
    const firstFull = partitions[0];
    if (!firstFull) throw new Error("no partition");
    // No checkpoint at all: refused.
    await expect(detachPartitionsBefore(h.owner, firstFull.upper, { allowOpenStreams: true })).rejects.toThrow(/no consumer checkpoint/);
    // A consumer still inside the first partition: refused, and it is named.
    await storeCheckpoint(h.owner, "slow", null, { txId: "1", globalPosition: 1 });
    await storeCheckpoint(h.owner, "fast", null, head);
    await expect(detachPartitionsBefore(h.owner, firstFull.upper, { allowOpenStreams: true })).rejects.toMatchObject({
      consumers: [expect.stringContaining("slow")],
    });
    await storeCheckpoint(h.owner, "slow", { txId: "1", globalPosition: 1 }, head);
    // A position inside the current partition detaches nothing that can still grow.
    const current = partitions.find((p) => p.fill > 0 && p.fill < 1);
    await expect(detachPartitionsBefore(h.owner, (current?.upper ?? 0) + SIZE, { allowOpenStreams: true })).rejects.toBeInstanceOf(PartitionDetachRefusedError);
    // The stream long:1 has events in the first partitions and after: refused unless allowed.
    const longStart = (await store.readStream("long:1"))[0]?.globalPosition ?? 0;
    const upTo = partitions.find((p) => p.lower <= longStart && longStart < p.upper)?.upper ?? 0;
    await expect(detachPartitionsBefore(h.owner, upTo)).rejects.toThrow(/streams that go on after it/);

    const before = await readEverything(store);
    const detached = await detachPartitionsBefore(h.owner, upTo, { allowOpenStreams: true });
    expect(detached.length).toBe(partitions.filter((p) => p.upper <= upTo).length);
    const remaining = await readEverything(store);
    // What is left is exactly the suffix of the log past the detached ranges, in the same order.
    expect(remaining.map((e) => e.id)).toEqual(before.filter((e) => e.position.globalPosition >= upTo).map((e) => e.id));
    expect((await listPartitions(h.owner))[0]?.lower).toBe(upTo);
    // The archived ids stay claimed: an archived event cannot be appended again.
    const archived = before[0];
    expect(await readEvent(h.app, archived?.id ?? "")).toBeNull();
    const [claimed] = await h.app`select count(*)::int as n from event_ids where event_id = ${archived?.id ?? ""}`;
    expect(claimed?.n).toBe(1);

    // And 16 writers again, on top of the detached log, with partitions created as they go.
    const last = remaining.at(-1)?.position ?? head;
    await maintainWhile(() => runGaplessHarness({ writer: h.app, reader: h.app, label: " (after a detach)", start: last }));
    const all = await readEverything(store);
    for (let i = 1; i < all.length; i++)
      expect(comparePositions((all[i - 1] as (typeof all)[number]).position, (all[i] as (typeof all)[number]).position)).toBe(-1);
  });
});

describe("preparePartitions", () => {
  let h: StoreHarness;
  beforeAll(async () => {
    h = await createStoreHarness();
    await useTinyPartitions(h.owner, 10);
  });
  afterAll(async () => h?.close());

  const beyondCurrent = async () => (await listPartitions(h.owner)).filter((p) => p.fill === 0).map((p) => [p.lower, p.upper]);
  const appendN = (n: number) =>
    new EventStore(h.app, { validate: false }).append(
      Array.from({ length: n }, () => ({ eventId: randomUUID(), streamId: `s:${randomUUID()}`, type: "T", data: {} })),
    );

  it("creates the next partition once the current one is 80 % full, and keeps `ahead` more", async () => {
    await appendN(6); // next position 7: [0, 10) is 70 % full
    expect(await preparePartitions(h.app, { ahead: 0 })).toEqual([]);
    await appendN(1); // 80 %
    expect(await preparePartitions(h.app, { ahead: 0 })).toEqual([{ name: "events_p10", lower: 10, upper: 20 }]);
    expect(await preparePartitions(h.app, { ahead: 0 })).toEqual([]);
    expect(await beyondCurrent()).toEqual([[10, 20]]);
    // ahead 2 at 80 %: three after the current one; the size comes from the last partition unless given.
    expect((await preparePartitions(h.app, { ahead: 2, size: 5 })).map((p) => [p.lower, p.upper])).toEqual([
      [20, 25],
      [25, 30],
    ]);
    expect(await beyondCurrent()).toEqual([
      [10, 20],
      [20, 25],
      [25, 30],
    ]);
    // Concurrent runs serialise on an advisory lock: none fails, no range is created twice.
    const both = await Promise.all([preparePartitions(h.app, { ahead: 5 }), preparePartitions(h.owner, { ahead: 5 })]);
    expect(
      both
        .flat()
        .map((p) => p.lower)
        .sort((a, b) => a - b),
    ).toEqual([30, 35, 40]);
    const partitions = await listPartitions(h.owner, { exact: true });
    expect(partitions[0]).toMatchObject({ name: "events_p0", lower: 0, upper: 10, minPosition: 1, maxPosition: 7, rows: 7, fill: 0.8 });
    expect(partitions[0]?.bytes).toBeGreaterThan(0);
  });

  it("covers the next position first when the log has run past its last partition", async () => {
    await h.owner`select setval('events_global_position_seq', 52)`;
    await expect(appendN(1)).rejects.toThrow(/no partition/);
    const created = await preparePartitions(h.app, { ahead: 1 });
    expect(created.map((p) => p.lower)).toEqual([45, 50, 55]);
    await appendN(1);
  });
});
