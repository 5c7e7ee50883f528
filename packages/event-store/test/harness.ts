import { createSql, type Sql } from "@vigie/db";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";

export interface StoreHarness {
  db: TestDatabase;
  /** Connected as the owner. */
  owner: Sql;
  /** Connected as the application role (SELECT/INSERT on events). */
  app: Sql;
  close(): Promise<void>;
}

export async function createHarness(options: { max?: number } = {}): Promise<StoreHarness> {
  const db = await createTestDatabase();
  const owner = createSql({ url: db.url, max: 2 });
  const app = createSql({ url: db.url, role: "vigie_app", max: options.max ?? 8 });
  return {
    db,
    owner,
    app,
    async close() {
      await Promise.all([owner.end(), app.end()]);
      await db.drop();
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
