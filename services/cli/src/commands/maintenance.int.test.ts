import { randomUUID } from "node:crypto";
import { createSql, type Sql } from "@vigie/db";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { EventStore, PartitionDetachRefusedError, readLogStats, storeCheckpoint } from "@vigie/event-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMaintenance } from "./maintenance.ts";

describe("vigie maintenance", () => {
  let db: TestDatabase;
  let sql: Sql;
  beforeAll(async () => {
    db = await createTestDatabase();
    sql = createSql({ url: db.url, max: 2 });
    // Partitions of 20 positions instead of 10 M, so that a few events fill several.
    for (const name of ["events_p0", "events_p10000000"]) {
      await sql.unsafe(`alter table events detach partition ${name}`);
      await sql.unsafe(`drop table ${name}`);
    }
    await sql`select vigie_events_add_partition(0, 20)`;
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  it("creates partitions ahead as the log fills, lists them, and detaches only what every consumer has read", async () => {
    const progress: string[] = [];
    let result = await runMaintenance(sql, { ahead: 1 }, (line) => progress.push(line));
    expect(result.created).toEqual([{ name: "events_p20", lower: 20, upper: 40 }]);
    expect(progress).toEqual(["created events_p20 [20, 40)"]);
    const store = new EventStore(sql, { validate: false });
    for (let i = 0; i < 45; i++) {
      if (i % 10 === 0) await runMaintenance(sql, { ahead: 1 });
      await store.append([{ eventId: randomUUID(), streamId: `article:${i}`, type: "ArticleDiscovered", data: {} }]);
    }
    result = await runMaintenance(sql, { ahead: 2, exact: true });
    expect(result.partitions.map((p) => [p.name, p.rows, p.minPosition, p.maxPosition])).toEqual([
      ["events_p0", 19, 1, 19],
      ["events_p20", 20, 20, 39],
      ["events_p40", 6, 40, 45],
      ["events_p60", 0, null, null],
      ["events_p80", 0, null, null],
    ]);

    // The dispatcher is behind the first partition: nothing is detached, and it is named.
    await storeCheckpoint(sql, "dispatcher", null, { txId: "1", globalPosition: 1 });
    const refused = await runMaintenance(sql, { detachBefore: 40 }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(PartitionDetachRefusedError);
    expect(String(refused)).toMatch(/events_p0 holds events that these consumers have not read: dispatcher/);
    expect((await runMaintenance(sql, {})).partitions).toHaveLength(5);

    const head = (await readLogStats(sql)).head;
    if (!head) throw new Error("empty log");
    await storeCheckpoint(sql, "dispatcher", { txId: "1", globalPosition: 1 }, head);
    const progress2: string[] = [];
    result = await runMaintenance(sql, { detachBefore: 40 }, (line) => progress2.push(line));
    expect(result.detached).toEqual(["events_p0", "events_p20"]);
    expect(progress2).toEqual(["checked events_p0", "checked events_p20", "detached events_p0", "detached events_p20"]);
    expect(result.partitions.map((p) => p.name)).toEqual(["events_p40", "events_p60", "events_p80"]);
    // The detached tables are still there to dump, and still refuse changes.
    expect((await sql`select count(*)::int as n from events_p0`)[0]?.n).toBe(19);
    await expect(sql`delete from events_p0`).rejects.toThrow(/append-only/);
    // The log reads on from the first attached position.
    const page = await store.readAll({ txId: "0", globalPosition: 0 }, { limit: 100 });
    expect(page.events.map((e) => e.globalPosition)).toEqual([40, 41, 42, 43, 44, 45]);
  });
});
