import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The tests borrow the store to write the log they read, and its plain reads as the truth.
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { EventStore, readAllEvents, readLogStats } from "@vigie/event-store";
import { FileCheckpointStore } from "./file-checkpoint-store.ts";
import { PostgresCheckpointStore } from "./postgres-checkpoint-store.ts";
import { PostgresTransport } from "./postgres-transport.ts";
import { createVigieClient } from "./vigie-client.ts";
import type { VigieEvent } from "./event.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Postgres transport", () => {
  let db: TestDatabase;
  let sql: postgres.Sql;
  let store: EventStore;
  let dir: string;
  const feed = (feedId: string) => ({ eventId: randomUUID(), type: "FeedRegistered", data: { feedId, url: `https://f.example/${feedId}` } });

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = postgres(db.url, { max: 12, onnotice: () => {} });
    store = new EventStore(sql);
    dir = await mkdtemp(join(tmpdir(), "vigie-client-"));
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("follows the log under concurrent writers with open and rolled-back transactions: every committed event once, in commit-safe order", async () => {
    const vigie = createVigieClient({ postgres: { url: db.url, minPollMs: 5, maxPollMs: 50 } });
    const stop = new AbortController();
    const received: VigieEvent[] = [];
    const reading = (async () => {
      for await (const e of vigie.subscribe({ types: ["FeedRegistered"], signal: stop.signal, pageSize: 37 })) received.push(e);
    })();
    let rolledBack = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 25; i++) {
          await sql
            .begin(async (tx) => {
              await new EventStore(tx).appendToStream(`feed:gapless-${w}-${i}`, [feed(`gapless-${w}-${i}`), feed(`gapless-${w}-${i}`)]);
              // Held open while later transactions commit: their positions become visible first.
              await sleep(Math.random() * 15);
              if (Math.random() < 0.1) throw new Error("rollback");
            })
            .catch(() => (rolledBack += 1));
        }
      }),
    );
    const committed = (await readAllEvents(sql, { types: ["FeedRegistered"], streamPrefix: "feed:gapless-" })).map((e) => ({ event_id: e.eventId }));
    const deadline = Date.now() + 20_000;
    while (received.length < committed.length && Date.now() < deadline) await sleep(20);
    stop.abort();
    await reading;
    await vigie.close();
    expect(rolledBack).toBeGreaterThan(0);
    expect(received.map((e) => e.id)).toEqual(committed.map((r) => r.event_id));
  });

  it("filters by type while the cursor moves past skipped events; a file checkpoint resumes after the last handled event", async () => {
    for (let i = 0; i < 15; i++) {
      await store.appendToStream(`feed:ck-${i}`, [feed(`ck-${i}`), { eventId: randomUUID(), type: "FeedEnabled", data: { feedId: `ck-${i}` } }]);
    }
    await store.appendToStream("feed:ck-tail", [feed("ck-tail")]);
    const checkpoint = { store: new FileCheckpointStore(join(dir, "checkpoints.json")), name: "enabled", everyEvents: 1 };
    const vigie = createVigieClient({ postgres: { sql } });
    const first: string[] = [];
    for await (const e of vigie.subscribe({ types: ["FeedEnabled"], follow: false, checkpoint, pageSize: 4 })) {
      expect(e.type).toBe("FeedEnabled");
      first.push(e.id);
      if (first.length === 6) break;
    }
    const second: string[] = [];
    for await (const e of vigie.subscribe({ types: ["FeedEnabled"], follow: false, checkpoint, pageSize: 4 })) second.push(e.id);
    // At-least-once: the event in hand at `break` was not handled, so it comes again, and only it.
    expect(second[0]).toBe(first.at(-1));
    expect(new Set([...first, ...second]).size).toBe(15);
    expect(first.length + second.length).toBe(16);
    // Caught up: the checkpoint is past the trailing FeedRegistered the filter skipped.
    const { head } = await readLogStats(sql);
    const saved = await checkpoint.store.load("enabled");
    expect(Buffer.from(saved ?? "", "base64url").toString()).toBe(`v1.${head?.txId}.${head?.globalPosition}`);
    const third: string[] = [];
    for await (const e of vigie.subscribe({ types: ["FeedEnabled"], follow: false, checkpoint })) third.push(e.id);
    expect(third).toEqual([]);
  });

  it("a filtered page scans a bounded prefix and still advances", async () => {
    const before = await createVigieClient({ postgres: { sql } }).page("", { limit: 1000 });
    for (let i = 0; i < 30; i++) await store.appendToStream(`feed:scan-${i}`, [feed(`scan-${i}`)]);
    await store.appendToStream("feed:scan-x", [{ eventId: randomUUID(), type: "FeedRemoved", data: { feedId: "scan-x" } }]);
    const transport = new PostgresTransport({ sql, scanFactor: 10 });
    const page = await transport.readPage(before.next, { limit: 2, types: ["FeedRemoved"] });
    expect(page.events).toEqual([]);
    expect(page.caughtUp).toBe(false);
    expect(page.next).not.toBe(before.next);
    const rest = await transport.readPage(page.next, { limit: 2, types: ["FeedRemoved"] });
    expect(rest.events.map((e) => e.type)).toEqual(["FeedRemoved"]);
    expect(rest.caughtUp).toBe(true);
  });

  it("upcasts payloads stored with an old schema version", async () => {
    const articleId = "b".repeat(64);
    await store.appendToStream(`article:${articleId}`, [
      {
        eventId: randomUUID(),
        type: "ArticleDiscovered",
        schemaVersion: 1,
        data: { articleId, url: "https://n.example/a", feedId: "f", itemId: "1", published: "2024-12-02T10:00:00.000Z" },
      },
    ]);
    const vigie = createVigieClient({ postgres: { sql } });
    const found: VigieEvent<"ArticleDiscovered">[] = [];
    for await (const e of vigie.subscribe({ types: ["ArticleDiscovered"], follow: false })) found.push(e);
    expect(found).toHaveLength(1);
    expect(found[0]?.schemaVersion).toBe(2);
    expect(found[0]?.data.publishedAt).toBe("2024-12-02T10:00:00.000Z");
    expect(found[0]?.data).not.toHaveProperty("published");
  });

  it("a Postgres checkpoint commits with the consumer's own rows, or not at all", async () => {
    const checkpoints = new PostgresCheckpointStore(sql, { table: "consumer_side_checkpoints" });
    await sql`create table consumer_side_feeds (event_id uuid primary key, feed_id text not null)`;
    const vigie = createVigieClient({ postgres: { sql } });
    const page = await vigie.page("", { types: ["FeedRegistered"], limit: 5 });
    await expect(
      sql.begin(async (tx) => {
        for (const e of page.events) if (e.type === "FeedRegistered") await tx`insert into consumer_side_feeds values (${e.id}, ${e.data.feedId})`;
        await checkpoints.save("feeds", page.next, tx);
        throw new Error("crash before commit");
      }),
    ).rejects.toThrow("crash before commit");
    expect(await checkpoints.load("feeds")).toBeUndefined();
    await sql.begin(async (tx) => {
      for (const e of page.events) if (e.type === "FeedRegistered") await tx`insert into consumer_side_feeds values (${e.id}, ${e.data.feedId})`;
      await checkpoints.save("feeds", page.next, tx);
    });
    expect(await checkpoints.load("feeds")).toBe(page.next);
    expect((await sql`select count(*)::int as n from consumer_side_feeds`)[0]?.n).toBe(5);
  });
});
