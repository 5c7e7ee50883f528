import { randomUUID } from "node:crypto";
import type { Sql } from "@vigie/db";
import { expect } from "vitest";
import { EventStore } from "../src/event-store.ts";
import { comparePositions } from "../src/position.ts";
import { readAllByGlobalPositionUnsafe, readAllJson, type ReadFilter } from "../src/read-all.ts";
import { START, type Position } from "../src/types.ts";
import { setTimeout as sleep } from "node:timers/promises";

// Guarantee 1's harness: 16 writers commit out of position order (5 % roll back) while gapless
// readers (all, JSON, filtered by type, by stream, by both) and the naive reader tail the log.
export const WRITERS = 16;
const TX_PER_WRITER = 30;

class Rollback extends Error {}

export interface GaplessRun {
  /** Pool the writers append through (the primary); needs WRITERS + 4 connections. */
  writer: Sql;
  /** Pool the readers page through: the primary itself, or a hot standby of it. */
  reader: Sql;
  /** Awaited after the last commit, before the readers may stop at the head (a standby's catch-up). */
  beforeDone?: () => Promise<void>;
  /** In the summary line. */
  label?: string;
  /** Where the gapless readers start (the log's head when earlier events are not part of this run). @defaultValue START */
  start?: Position;
}

/**
 * Asserts that every gapless reader sees every committed event exactly once and in order, and
 * that the naive reader misses some (so the harness can fail).
 */
export async function runGaplessHarness({ writer, reader, beforeDone, label = "", start = START }: GaplessRun): Promise<void> {
  const store = new EventStore(reader, { validate: false });
  const committed = new Map<string, { type: string; streamId: string }>();
  let rolledBack = 0;
  let writing = true;

  const write = async (w: number) => {
    for (let t = 0; t < TX_PER_WRITER; t++) {
      const events = Array.from({ length: 1 + (t % 3) }, (_, i) => ({
        eventId: randomUUID(),
        streamId: `s-${w}-${t % 4}`,
        // A rare type (one event in ~9) makes the filtered reader skip most rows.
        type: (w + t + i) % 9 === 0 ? "RareEvent" : "TestEvent",
        data: { w, t },
      }));
      try {
        await writer.begin(async (tx) => {
          // The append is the first write of the transaction; then the transaction stays open.
          await new EventStore(tx, { validate: false }).append(events);
          await sleep(Math.random() * 50);
          if (Math.random() < 0.05) throw new Rollback();
        });
        for (const e of events) committed.set(e.eventId, { type: e.type, streamId: e.streamId });
      } catch (err) {
        if (!(err instanceof Rollback)) throw err;
        rolledBack++;
      }
    }
  };

  type Read = { id: string; pos: Position };
  // Pages like a consumer: small pages, and a small scan bound so that filtered pages end on skipped rows.
  const tail = async (
    read: (after: Position) => Promise<{ events: { eventId: string; txId: string; globalPosition: number }[]; next: Position; caughtUp: boolean }>,
  ) => {
    const seen: Read[] = [];
    let after: Position = start;
    for (;;) {
      const done = !writing;
      const page = await read(after);
      for (const e of page.events) seen.push({ id: e.eventId, pos: { txId: e.txId, globalPosition: e.globalPosition } });
      expect(comparePositions(page.next, after)).toBeGreaterThanOrEqual(0);
      after = page.next;
      if (done && page.caughtUp) return seen;
      if (page.caughtUp) await sleep(2);
    }
  };
  const filtered = (filter: ReadFilter) => (after: Position) => store.readAll(after, { ...filter, limit: 7, scanLimit: 40 });
  const naive: string[] = [];
  const tailNaive = async () => {
    let naiveAfter = 0;
    for (;;) {
      const done = !writing;
      const naivePage = await readAllByGlobalPositionUnsafe(reader, naiveAfter, 50);
      for (const e of naivePage) naive.push(e.eventId);
      naiveAfter = naivePage.at(-1)?.globalPosition ?? naiveAfter;
      if (done && naivePage.length < 50) return;
      if (naivePage.length < 50) await sleep(2);
    }
  };

  const readers = Promise.all([
    tail((after) => store.readAll(after, { limit: 50 })),
    tail((after) => readAllJson(reader, after, { limit: 50 })),
    tail(filtered({ types: ["RareEvent"] })),
    tail(filtered({ stream: "s-3-1" })),
    tail(filtered({ types: ["TestEvent"], stream: "s-5-2" })),
    tailNaive(),
  ]);
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => write(w)));
  // A standby has not replayed the last commits yet: the readers stop only once it has.
  await beforeDone?.();
  // The snapshot's xmin is cluster-wide: a transaction of another test file on the same server can
  // hold it below the last commits for a while, and a reader told to stop at the head would stop
  // short (delivery waits, nothing is lost: docs/event-store.md). Stop the readers only once the
  // gapless head has passed every commit.
  for (;;) {
    const [row] = await reader<{ past: boolean }[]>`
      select coalesce(pg_snapshot_xmin(pg_current_snapshot()) > (select max(tx_id) from events), true) as past`;
    if (row?.past) break;
    await sleep(20);
  }
  writing = false;
  const [gapless, json, rare, stream, both] = await readers;

  const expectExactlyOnceInOrder = (seen: Read[], keep: (e: { type: string; streamId: string }) => boolean) => {
    const ids = seen.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length); // exactly once
    expect(new Set(ids)).toEqual(new Set([...committed].filter(([, e]) => keep(e)).map(([id]) => id))); // nothing lost, nothing rolled back
    for (let i = 1; i < seen.length; i++) {
      expect(comparePositions((seen[i - 1] as Read).pos, (seen[i] as Read).pos)).toBe(-1);
    }
  };
  expectExactlyOnceInOrder(gapless, () => true);
  expect(json.map((e) => e.id)).toEqual(gapless.map((e) => e.id));
  expectExactlyOnceInOrder(rare, (e) => e.type === "RareEvent");
  expectExactlyOnceInOrder(stream, (e) => e.streamId === "s-3-1");
  expectExactlyOnceInOrder(both, (e) => e.type === "TestEvent" && e.streamId === "s-5-2");
  expect(rare.length).toBeGreaterThan(0);
  expect(stream.length).toBeGreaterThan(0);
  expect(both.length).toBeGreaterThan(0);
  expect(rolledBack).toBeGreaterThan(0);
  // The harness can fail: reading by global_position alone skips events committed late.
  const naiveMissed = [...committed.keys()].filter((id) => !naive.includes(id));
  expect(naiveMissed.length).toBeGreaterThan(0);
  console.info(
    `gapless${label}: ${gapless.length} events read (filtered: ${rare.length} rare, ${stream.length} of one stream, ${both.length} of one type and stream), ${rolledBack} rollbacks; naive reader missed ${naiveMissed.length}`,
  );
}
