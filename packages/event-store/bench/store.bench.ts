// pnpm bench:store [batchEvents] [singleEvents] [catchUpEvents] [rounds] — event store throughput
// against a raw postgres.js baseline, in one run and one fresh database. Baseline and store
// alternate for `rounds` rounds; each round gives a ratio, and the median and range of those
// are the figures (see docs/event-store.md, "Benchmark").
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { createSql, type Sql } from "@vigie/db";
import { createTestDatabase } from "@vigie/db/testing";
import { EventStore, START, type Position } from "../src/index.ts";
import { sampleCpu } from "./cpu-usage.ts";
import { interleaved, type InterleavedResult } from "./interleave.ts";

const BATCH = 100;
const BATCH_EVENTS = Number(process.argv[2] ?? 60_000);
const WRITERS = 32;
const SINGLE_EVENTS = Number(process.argv[3] ?? 9_600);
const CATCH_UP_EVENTS = Number(process.argv[4] ?? 1_000_000);
const ROUNDS = Number(process.argv[5] ?? 3);
// Per round, whole batches and whole per-writer shares, so that the counted events are the written ones.
const BATCH_PER_ROUND = Math.max(1, Math.round(BATCH_EVENTS / ROUNDS / BATCH)) * BATCH;
const SINGLE_PER_ROUND = Math.max(1, Math.round(SINGLE_EVENTS / ROUNDS / WRITERS)) * WRITERS;

const payload = (i: number) => ({ feedId: `feed-${i % 97}` });
const log = (msg: string) => process.stderr.write(`${msg}\n`);

async function timed(label: string, n: number, fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  const rate = n / ((performance.now() - start) / 1000);
  log(`  ${label}: ${Math.round(rate).toLocaleString("en")} events/s`);
  return rate;
}

let rawBatches = 0;
async function rawBatch(sql: Sql, table: string, events: number) {
  for (let n = 0; n < events / BATCH; n++) {
    const b = rawBatches++;
    const rows = Array.from({ length: BATCH }, (_, i) => ({
      stream_id: `feed:${(b * BATCH + i) % 1000}`,
      stream_version: Math.floor((b * BATCH + i) / 1000) + 1,
      event_id: randomUUID(),
      event_type: "FeedEnabled",
      schema_version: 1,
      payload: sql.json(payload(i)),
      metadata: sql.json({}),
    }));
    await sql`insert into ${sql(table)} ${sql(rows)}`;
  }
}

let storeBatches = 0;
async function storeBatch(store: EventStore, events: number) {
  for (let n = 0; n < events / BATCH; n++) {
    const b = storeBatches++;
    await store.append(
      Array.from({ length: BATCH }, (_, i) => ({
        eventId: randomUUID(),
        streamId: `feed:b${(b * BATCH + i) % 1000}`,
        type: "FeedEnabled",
        data: payload(i),
      })),
    );
  }
}

async function concurrently(events: number, fn: (writer: number, i: number) => Promise<unknown>) {
  const perWriter = events / WRITERS;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; i < perWriter; i++) await fn(w, i);
    }),
  );
}

async function main() {
  log("bench:store — preparing a fresh database");
  const db = await createTestDatabase();
  const owner = createSql({ url: db.url, max: 4 });
  const app = createSql({ url: db.url, role: "vigie_app", max: WRITERS + 2 });
  try {
    await owner`create table raw_events (like events including defaults including identity including constraints including indexes)`;
    await owner`grant select, insert on raw_events to vigie_app`;
    // The same append-only triggers as events, so that the baseline pays for whatever they cost.
    await owner`create trigger raw_no_update_delete before update or delete on raw_events for each row execute function vigie_refuse_change()`;
    await owner`create trigger raw_no_truncate before truncate on raw_events for each statement execute function vigie_refuse_change()`;
    const sample = () => sampleCpu(owner, db.name);
    const store = new EventStore(app);
    // Warm both paths (prepared statements, connections).
    await rawBatch(app, "raw_events", 1000);
    await storeBatch(store, 1000);

    log(`batch append, batches of ${BATCH}, ${BATCH_EVENTS.toLocaleString("en")} events each:`);
    const batch = await interleaved(
      ROUNDS,
      BATCH_PER_ROUND,
      { label: "raw multi-row INSERT", run: () => rawBatch(app, "raw_events", BATCH_PER_ROUND) },
      { label: "EventStore.append", run: () => storeBatch(store, BATCH_PER_ROUND) },
      sample,
      log,
    );

    log(`single-event appends, ${WRITERS} concurrent writers, ${SINGLE_EVENTS.toLocaleString("en")} events each:`);
    const version = new Map<string, number>();
    const next = (stream: string) => {
      const v = (version.get(stream) ?? 0) + 1;
      version.set(stream, v);
      return v;
    };
    const rawSingle = {
      label: "raw single-row INSERT",
      run: () =>
        concurrently(SINGLE_PER_ROUND, (w, i) => {
          const stream = `single:${w}`;
          return app`insert into raw_events (stream_id, stream_version, event_id, event_type, schema_version, payload)
            values (${stream}, ${next(stream)}, ${randomUUID()}, 'FeedEnabled', 1, ${app.json(payload(i))})`;
        }),
    };
    const storeSingle = (label: string, target: EventStore, prefix: string) => ({
      label,
      run: () =>
        concurrently(SINGLE_PER_ROUND, (w, i) => {
          const stream = `feed:${prefix}-${w}`;
          const expected = next(stream) - 1;
          return target.appendToStream(stream, [{ eventId: randomUUID(), type: "FeedEnabled", data: payload(i) }], {
            expectedVersion: expected === 0 ? "no_stream" : expected,
          });
        }),
    });
    const single = await interleaved(ROUNDS, SINGLE_PER_ROUND, rawSingle, storeSingle("EventStore.appendToStream", store, "single"), sample, log);
    log(`the same with group commit (EventStore option groupCommit, default concurrency):`);
    const grouped = new EventStore(app, { groupCommit: {} });
    await storeSingle("warm-up", grouped, "group-warm").run();
    const singleGrouped = await interleaved(ROUNDS, SINGLE_PER_ROUND, rawSingle, storeSingle("appendToStream, group commit", grouped, "group"), sample, log);

    const [{ n: existing } = { n: 0 }] = await owner<{ n: number }[]>`select count(*)::int as n from events`;
    const toLoad = Math.max(0, CATCH_UP_EVENTS - existing);
    log(`loading ${toLoad.toLocaleString("en")} more events for the catch-up read (100 transactions)...`);
    const chunk = Math.ceil(toLoad / 100);
    for (let c = 0; c < 100 && toLoad > 0; c++) {
      await owner`
        insert into events (stream_id, stream_version, event_id, event_type, schema_version, payload)
        select 'feed:load-' || ${c} || '-' || (g % 1000), g / 1000 + 1, gen_random_uuid(), 'FeedEnabled', 1,
               jsonb_build_object('feedId', 'feed-' || (g % 97))
        from generate_series(0, ${chunk - 1}) g`;
      if (c % 10 === 9) log(`  ${(c + 1) * chunk} / ${toLoad}`);
    }
    const [{ n: total } = { n: 0 }] = await owner<{ n: number }[]>`select count(*)::int as n from events`;
    await owner`vacuum analyze events`;
    log(`catch-up read of ${total.toLocaleString("en")} events, pages of 1,000:`);
    let read = 0;
    const catchUpRate = await timed("readAll catch-up", total, async () => {
      let after: Position = START;
      for (;;) {
        const page = await store.readAll(after, { limit: 1000 });
        read += page.events.length;
        after = page.next;
        if (page.caughtUp) break;
      }
    });
    if (read !== total) throw new Error(`catch-up read ${read} of ${total} events`);

    const round2 = (n: number) => Math.round(n * 100) / 100;
    const figures = (r: InterleavedResult, target: number) => ({
      raw: Math.round(r.baseline.median),
      store: Math.round(r.candidate.median),
      ratio: round2(r.ratio.median),
      ratioRange: [round2(r.ratio.min), round2(r.ratio.max)],
      cpuMicrosPerEvent: { raw: r.cpu.baseline, store: r.cpu.candidate },
      target,
    });
    const result = {
      rounds: ROUNDS,
      loadAverage: loadavg().map(round2),
      batchAppend: figures(batch, 0.6),
      singleAppend: figures(single, 0.8),
      singleAppendGroupCommit: figures(singleGrouped, 0.8),
      catchUp: { events: total, eventsPerSecond: Math.round(catchUpRate), target: 50_000 },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await Promise.all([owner.end(), app.end()]);
    await db.drop();
  }
}

await main();
