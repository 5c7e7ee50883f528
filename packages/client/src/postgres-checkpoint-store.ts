import type postgres from "postgres";
import type { CheckpointStore } from "./checkpoint-store.ts";

export interface PostgresCheckpointStoreOptions {
  /** Table holding the cursors, created when missing. @defaultValue "vigie_checkpoints" */
  table?: string;
}

/**
 * Cursors in a table of the consumer's own database (not vigie's: `vigie_reader` cannot write
 * there). `save(name, cursor, tx)` inside the transaction that stores what the consumer derived
 * from the events makes both commit together: exactly-once effects without deduplication.
 */
export class PostgresCheckpointStore implements CheckpointStore {
  readonly #sql: postgres.Sql;
  readonly #table: string;
  #ready: Promise<void> | undefined;

  constructor(sql: postgres.Sql, options: PostgresCheckpointStoreOptions = {}) {
    const table = options.table ?? "vigie_checkpoints";
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(table)) throw new TypeError(`table name ${JSON.stringify(table)} must be a lower-case SQL identifier`);
    this.#sql = sql;
    this.#table = table;
  }

  /** Creates the table when missing (also done by the first load or save). */
  ensureTable(): Promise<void> {
    this.#ready ??= this.#sql
      .unsafe(`create table if not exists ${this.#table} (name text primary key, cursor text not null, updated_at timestamptz not null default now())`)
      .then(() => undefined);
    return this.#ready;
  }

  async load(name: string): Promise<string | undefined> {
    await this.ensureTable();
    const [row] = await this.#sql.unsafe<{ cursor: string }[]>(`select cursor from ${this.#table} where name = $1`, [name]);
    return row?.cursor;
  }

  /** `tx`: a transaction (or any client) to write through instead of the store's own client. */
  async save(name: string, cursor: string, tx?: postgres.TransactionSql): Promise<void> {
    await this.ensureTable();
    await (tx ?? this.#sql).unsafe(
      `insert into ${this.#table} (name, cursor) values ($1, $2)
       on conflict (name) do update set cursor = excluded.cursor, updated_at = now()`,
      [name, cursor],
    );
  }
}
