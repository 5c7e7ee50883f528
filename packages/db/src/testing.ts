import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "@vigie/config";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as drizzleMigrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { migrate, migrationsFolder } from "./migrate.ts";

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

/**
 * Applies the migrations that come before `tag` in the journal (e.g. `0018_search_days`), so that a
 * test can write rows as an older version did and then check what `migrate` makes of them.
 */
export async function migrateBefore(url: string, tag: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "vigie-migrations-"));
  const raw = postgres(url, { max: 1, onnotice: () => {} });
  try {
    cpSync(migrationsFolder, dir, { recursive: true });
    const journalPath = join(dir, "meta", "_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
    const stop = journal.entries.findIndex((e) => e.tag === tag);
    if (stop < 0) throw new Error(`no migration ${tag} in the journal`);
    journal.entries = journal.entries.slice(0, stop);
    writeFileSync(journalPath, JSON.stringify(journal));
    await drizzleMigrate(drizzle(raw), { migrationsFolder: dir });
  } finally {
    await raw.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

export { startReplicatedPostgres, standbyUnavailable, type ReplicatedPostgres } from "./replicated-postgres.ts";
