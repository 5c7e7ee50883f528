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

/** The SQLSTATE codes a write gets from a login, undefined where it went through. */
export interface WriteRefusals {
  /** The statement as it is, in the login's default transaction mode. */
  asIs: string | undefined;
  /** The statement in a transaction that asks to write (`begin read write`). */
  inReadWrite: string | undefined;
}

/**
 * Runs a write as a login twice, as it is and in a read-write transaction, and says how each was
 * refused: a read-only login that cannot write answers 25006 then 42501 (the privileges refuse
 * what the transaction mode no longer does). Both runs commit if they are not refused.
 */
export async function writeRefusals(login: Sql, statement: string): Promise<WriteRefusals> {
  const refusal = async (write: () => Promise<unknown>): Promise<string | undefined> => {
    try {
      await write();
      return undefined;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code !== "string") throw err;
      return code;
    }
  };
  return {
    asIs: await refusal(() => login.unsafe(statement)),
    inReadWrite: await refusal(() => login.begin("read write", (tx) => tx.unsafe(statement))),
  };
}
