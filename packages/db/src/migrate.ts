import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as drizzleMigrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

/**
 * Migrations folder: drizzle-kit output plus hand-written SQL (roles, triggers). In the repository
 * it is the top-level `migrations/`; the build copies it into the package (`packages/db/migrations`)
 * so that the compiled package, deployed without the repository, carries its own copy.
 */
export const migrationsFolder =
  [new URL("../../../migrations", import.meta.url), new URL("../migrations", import.meta.url)]
    .map((url) => fileURLToPath(url))
    .find((dir) => existsSync(join(dir, "meta", "_journal.json"))) ?? fileURLToPath(new URL("../../../migrations", import.meta.url));

const MIGRATION_LOCK = 7_146_550_001;

export interface MigrateResult {
  database: string;
  created: boolean;
  applied: number;
  total: number;
}

/** Creates the database named in `url` when it does not exist (connecting to `postgres`). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ""));
  if (!name) throw new Error("the database URL names no database");
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 as ok from pg_database where datname = ${name}`;
    if (row) return false;
    try {
      await sql.unsafe(`create database "${name.replaceAll('"', '""')}"`);
    } catch (err) {
      // Another process created it first.
      if ((err as { code?: string }).code !== "42P04") throw err;
      return false;
    }
    return true;
  } finally {
    await sql.end();
  }
}

/**
 * Applies pending migrations as the schema owner. Safe to run concurrently (advisory lock) and
 * repeatedly (a second run applies nothing).
 */
export async function migrate(url: string): Promise<MigrateResult> {
  const created = await ensureDatabase(url);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    const count = async () => {
      const [table] = await sql<{ exists: boolean }[]>`
        select to_regclass('drizzle.__drizzle_migrations') is not null as exists`;
      if (!table?.exists) return 0;
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
      return row?.n ?? 0;
    };
    const before = await count();
    await drizzleMigrate(drizzle(sql), { migrationsFolder });
    const total = await count();
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    return { database: new URL(url).pathname.slice(1), created, applied: total - before, total };
  } finally {
    await sql.end();
  }
}
