import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres, { type Sql } from "postgres";
import * as schema from "./schema/index.ts";

export type { Sql, TransactionSql } from "postgres";
/** Anything that runs a query: a client, a reserved connection or a transaction. */
export type Queryable = postgres.ISql;
/** A piece of SQL built with a client's tagged template, to nest in another query. */
export type SqlFragment = postgres.Fragment;
export type Database = PostgresJsDatabase<typeof schema>;

export interface DatabaseOptions {
  /** postgres:// connection string. */
  url: string;
  /**
   * Role to act as after connecting (sent as the `role` startup parameter, so it holds for the
   * whole session). The app uses `vigie_app`, which may only SELECT and INSERT events.
   * @defaultValue none: the URL's user
   */
  role?: string | undefined;
  /** @defaultValue 10 */
  max?: number;
  /** Aborts transactions left idle; nothing may hold a transaction across I/O. @defaultValue 30000 */
  idleTxTimeoutMs?: number;
  /** Shown in pg_stat_activity. @defaultValue "vigie" */
  applicationName?: string;
}

/**
 * A raw postgres.js client for hot paths (event append, reads, COPY). No module singleton:
 * every caller owns the client it creates and ends it.
 */
export function createSql(options: DatabaseOptions): Sql {
  return postgres(options.url, {
    max: options.max ?? 10,
    onnotice: () => {},
    idle_timeout: 30,
    connection: {
      application_name: options.applicationName ?? "vigie",
      idle_in_transaction_session_timeout: options.idleTxTimeoutMs ?? 30_000,
      ...(options.role ? { role: options.role } : {}),
    },
  });
}

/**
 * Drizzle for ordinary queries and projections. It gets its own client because drizzle replaces
 * postgres.js' json/date serializers, which would break raw `sql.json()` on a shared client.
 */
export function createDatabase(options: DatabaseOptions): { db: Database; client: Sql } {
  const client = createSql(options);
  return { db: drizzle(client, { schema }), client };
}
