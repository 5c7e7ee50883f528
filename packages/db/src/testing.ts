import { randomBytes } from "node:crypto";
import { loadConfig } from "@vigie/config";
import postgres from "postgres";
import { migrate } from "./migrate.ts";

export interface TestDatabase {
  name: string;
  /** URL of the fresh database, connecting as the owner. */
  url: string;
  /** Drops the database, closing connections still open to it. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file, on the server of DATABASE_URL (or local
 * Postgres). Call `drop()` in afterAll.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const base = new URL(loadConfig().DATABASE_URL);
  const name = `vigie_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  if (options.migrate ?? true) await migrate(url.toString());
  else {
    const admin = new URL(base);
    admin.pathname = "/postgres";
    const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
    await sql.unsafe(`create database "${name}"`);
    await sql.end();
  }
  return {
    name,
    url: url.toString(),
    async drop() {
      const admin = new URL(base);
      admin.pathname = "/postgres";
      const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await sql.end();
      }
    },
  };
}

export { startReplicatedPostgres, standbyUnavailable, type ReplicatedPostgres } from "./replicated-postgres.ts";
