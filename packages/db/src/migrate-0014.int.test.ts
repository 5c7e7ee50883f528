import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createSql } from "./create-database.ts";
import { migrate } from "./migrate.ts";
import { createTestDatabase, migrateBefore, type TestDatabase } from "./testing.ts";

// Migration 0014 upgrades a database whose events were written before it: the table becomes the
// first partition with its rows, and the guarantees hold on the old rows as on new ones.
describe("migration 0014 (partitioned events) on an existing log", () => {
  let db: TestDatabase | undefined;
  afterAll(async () => db?.drop());

  it("keeps every event, position and guarantee", async () => {
    db = await createTestDatabase({ migrate: false });
    await migrateBefore(db.url, "0014_partitioned_events");
    const owner = createSql({ url: db.url, max: 1 });
    const app = createSql({ url: db.url, role: "vigie_app", max: 1 });
    try {
      const insert = (sql: typeof app, stream: string, version: number, id = randomUUID()) =>
        sql`insert into events (stream_id, stream_version, event_id, event_type, schema_version, payload)
            values (${stream}, ${version}, ${id}, 'TestEvent', 1, ${sql.json({ version })}) returning global_position::int as p`;
      const oldId = randomUUID();
      await insert(app, "a", 1, oldId);
      for (let v = 2; v <= 5; v++) await insert(app, "a", v);
      for (let v = 1; v <= 3; v++) await insert(app, "b", v);
      const old = await owner<{ event_id: string; global_position: string; tx_id: string }[]>`
        select event_id::text, global_position::text, tx_id::text from events order by global_position`;

      const result = await migrate(db.url);
      expect(result.applied).toBeGreaterThanOrEqual(1);

      // Every row kept as it was, in the first partition; the next partition is ready.
      const after = await owner<{ event_id: string; global_position: string; tx_id: string }[]>`
        select event_id::text, global_position::text, tx_id::text from events order by global_position`;
      expect(after).toEqual(old);
      const partitions = await owner<{ name: string; bound: string }[]>`
        select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
        from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'events'::regclass order by 1`;
      expect(partitions).toEqual([
        { name: "events_p0", bound: "FOR VALUES FROM ('0') TO ('10000000')" },
        { name: "events_p10000000", bound: "FOR VALUES FROM ('10000000') TO ('20000000')" },
      ]);
      expect((await owner`select count(*)::int as n from only events_p0`)[0]?.n).toBe(8);
      const heads = await owner`select stream_id, version, first_position::int from stream_heads order by 1`;
      expect(heads).toEqual([
        { stream_id: "a", version: 5, first_position: 1 },
        { stream_id: "b", version: 3, first_position: 6 },
      ]);
      expect((await owner`select count(*)::int as n from event_ids`)[0]?.n).toBe(8);

      // Positions go on from the old sequence; streams go on from their heads; old ids stay taken.
      expect((await insert(app, "a", 6))[0]?.p).toBe(9);
      await expect(insert(app, "b", 3)).rejects.toMatchObject({ code: "23505", constraint_name: "events_stream_version_unique" });
      await expect(insert(app, "c", 1, oldId)).rejects.toMatchObject({ code: "23505" });
      // Grants as before: the app appends and reads, the reader reads, nobody rewrites.
      await expect(app`update events set payload = '{}'`).rejects.toMatchObject({ code: "42501" });
      await expect(owner`delete from events`).rejects.toThrow(/append-only/);
      await expect(owner`truncate events_p0`).rejects.toThrow(/append-only/);
      const reader = createSql({ url: db.url, role: "vigie_reader", max: 1 });
      try {
        expect((await reader`select count(*)::int as n from events`)[0]?.n).toBe(9);
        await expect(insert(reader, "d", 1)).rejects.toMatchObject({ code: "42501" });
      } finally {
        await reader.end();
      }
      expect((await migrate(db.url)).applied).toBe(0);
    } finally {
      await Promise.all([owner.end(), app.end()]);
    }
  });
});
