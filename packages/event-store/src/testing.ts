import { createSql, type Sql } from "@vigie/db";
import { createTestDatabase, type TestDatabase } from "@vigie/db/testing";
import { EventStore } from "./event-store.ts";

/** A fresh, migrated database for one test file, with its clients and an event store. */
export interface StoreHarness {
  db: TestDatabase;
  /** Connected as the owner (a pool of 2). */
  owner: Sql;
  /** Connected as the application role (SELECT/INSERT on events), as the stages are. */
  app: Sql;
  /** An event store on `app`. */
  store: EventStore;
  /** Ends both clients and drops the database. */
  close(): Promise<void>;
}

export interface StoreHarnessOptions {
  /** Connections of the `app` pool. @defaultValue 8 */
  max?: number;
}

/**
 * A database of its own for a test file that writes and reads the log (the event store's own
 * tests, projections, stages). Call `close()` in afterAll.
 */
export async function createStoreHarness(options: StoreHarnessOptions = {}): Promise<StoreHarness> {
  const db = await createTestDatabase();
  const owner = createSql({ url: db.url, max: 2 });
  const app = createSql({ url: db.url, role: "vigie_app", max: options.max ?? 8 });
  return {
    db,
    owner,
    app,
    store: new EventStore(app),
    async close() {
      await Promise.all([owner.end(), app.end()]);
      await db.drop();
    },
  };
}
