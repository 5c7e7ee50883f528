import { createSql, type Sql } from "@vigie/db";
import { createTestDatabase } from "@vigie/db/testing";

export interface DedupTestDatabase {
  /** URL of the fresh database, connecting as its owner. */
  url: string;
  /** A raw `vigie_app` client (pool of 4), the kind `createDedupStore` expects. */
  sql: Sql;
  /** Another `vigie_app` client on a single connection of its own: one simulated worker replica. */
  replica(): Sql;
  /** Ends every client handed out and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for tests of code built on the dedup store (the deduplicator
 * service among them), with the raw clients it needs. Call `drop()` in afterAll.
 */
export async function createDedupTestDatabase(): Promise<DedupTestDatabase> {
  const db = await createTestDatabase();
  const clients: Sql[] = [];
  const open = (max: number): Sql => {
    const client = createSql({ url: db.url, role: "vigie_app", max });
    clients.push(client);
    return client;
  };
  return {
    url: db.url,
    sql: open(4),
    replica: () => open(1),
    async drop() {
      await Promise.all(clients.map((c) => c.end()));
      await db.drop();
    },
  };
}
