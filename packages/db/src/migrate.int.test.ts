import { afterAll, describe, expect, it } from "vitest";
import { createSql } from "./create-database.ts";
import { migrate } from "./migrate.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";

describe("migrate", () => {
  let db: TestDatabase | undefined;
  afterAll(async () => db?.drop());

  it("applies every migration once; later runs, even concurrent ones, are no-ops", async () => {
    db = await createTestDatabase({ migrate: false });
    const first = await migrate(db.url);
    expect(first.applied).toBeGreaterThanOrEqual(2);
    expect(first.applied).toBe(first.total);
    const [second, third] = await Promise.all([migrate(db.url), migrate(db.url)]);
    expect(second?.applied).toBe(0);
    expect(third?.applied).toBe(0);
    const sql = createSql({ url: db.url, max: 1 });
    try {
      const tables = await sql<{ t: string }[]>`select tablename as t from pg_tables where schemaname = 'public' order by 1`;
      expect(tables.map((r) => r.t)).toEqual(expect.arrayContaining(["consumer_checkpoints", "contents", "events"]));
    } finally {
      await sql.end();
    }
  });
});
