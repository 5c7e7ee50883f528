import { randomUUID } from "node:crypto";
import { createSql, type Sql } from "@vigie/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStoreHarness, type StoreHarness, writeRefusals } from "./testing.ts";
import { EventStore } from "./event-store.ts";

// Guarantee 4 for downstream SQL consumers (docs/consuming-sql.md): a session that logs in as
// vigie_reader can read the log and never change it, even if it asks for a read-write transaction.
describe("events, logged in as vigie_reader", () => {
  let h: StoreHarness;
  let reader: Sql;
  beforeAll(async () => {
    h = await createStoreHarness();
    await new EventStore(h.app).appendToStream("feed:x", [{ eventId: randomUUID(), type: "FeedEnabled", data: { feedId: "x" } }]);
    const url = new URL(h.db.url);
    url.username = "vigie_reader";
    reader = createSql({ url: url.toString(), max: 1 });
  });
  afterAll(async () => {
    await reader?.end();
    await h?.close();
  });

  it("cannot INSERT, UPDATE or DELETE events, even in a transaction that asks to write", async () => {
    const attempts = [
      `insert into events (stream_id, stream_version, event_id, event_type, schema_version, payload) values ('s', 1, '${randomUUID()}', 'FeedEnabled', 1, '{"feedId":"s"}')`,
      `update events set metadata = '{}'`,
      `delete from events`,
    ];
    // The login is read-only by default (25006); asking for a read-write transaction leaves the privileges to refuse (42501).
    for (const statement of attempts) expect(await writeRefusals(reader, statement), statement).toEqual({ asIs: "25006", inReadWrite: "42501" });
    expect((await reader<{ n: number }[]>`select count(*)::int as n from events`)[0]?.n).toBe(1);
  });
});
