// Does the store work through PgBouncer in transaction mode? Probes each Postgres feature the store
// relies on, through a pgbouncer started here on the server of DATABASE_URL (the scratch database is
// dropped at the end). Prints one line per probe; exits 0 whatever the findings.
//   pnpm --filter @vigie/event-store exec tsx bench/pgbouncer-probe.ts
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { loadConfig } from "@vigie/config";
import postgres from "postgres";
import { createSql, migrate } from "@vigie/db";
import { EventStore } from "../src/event-store.ts";
import { START } from "../src/types.ts";

const base = new URL(loadConfig().DATABASE_URL);
const database = `vigie_pgbouncer_probe_${Date.now().toString(36)}`;
const direct = new URL(base);
direct.pathname = `/${database}`;
await migrate(direct.toString());

const dir = mkdtempSync(join(tmpdir(), "vigie-pgbouncer-"));
const port = 16_000 + Math.floor(Math.random() * 1000);
writeFileSync(join(dir, "userlist.txt"), '"postgres" ""\n');
writeFileSync(
  join(dir, "pgbouncer.ini"),
  `[databases]\n* = host=${base.hostname} port=${base.port || 5432}\n[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = ${port}\nunix_socket_dir =\n` +
    `auth_type = trust\nauth_file = ${join(dir, "userlist.txt")}\npool_mode = transaction\ndefault_pool_size = 4\nmax_client_conn = 200\n` +
    `ignore_startup_parameters = extra_float_digits\nlogfile = ${join(dir, "log")}\n`,
);
if (userInfo().uid === 0) {
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"]).stdout.toString());
  for (const f of ["", "userlist.txt", "pgbouncer.ini"]) chownSync(join(dir, f), id("-u"), id("-g"));
}
const bouncer =
  userInfo().uid === 0
    ? spawn("runuser", ["-u", "postgres", "--", "pgbouncer", join(dir, "pgbouncer.ini")], { stdio: "inherit" })
    : spawn("pgbouncer", [join(dir, "pgbouncer.ini")], { stdio: "inherit" });
await new Promise((r) => setTimeout(r, 800));
const through = new URL(direct);
through.port = String(port);
const version = spawnSync("pgbouncer", ["--version"]).stdout.toString().split("\n")[0];

process.stderr.write("pgbouncer started\n");
const probe = async (name: string, run: () => Promise<string>) => {
  try {
    const timeout = new Promise<string>((_, reject) => setTimeout(() => reject(new Error("no answer within 10 s")), 10_000).unref());
    console.info(`${name}: ${await Promise.race([run(), timeout])}`);
  } catch (err) {
    console.info(`${name}: FAILS — ${(err as Error).message}`);
  }
};

console.info(`${version}, pool_mode = transaction, default_pool_size = 4`);
await probe("createSql with role=vigie_app (startup parameters role, idle_in_transaction_session_timeout)", async () => {
  const sql = createSql({ url: through.toString(), role: "vigie_app", max: 2 });
  try {
    const [row] = await sql<{ role: string }[]>`select current_user as role`;
    return `works, current_user = ${row?.role}`;
  } finally {
    await sql.end();
  }
});
// postgres.js without the startup parameters that pgbouncer refuses.
const plain = postgres(through.toString(), { max: 8, onnotice: () => {}, prepare: false });
const prepared = postgres(through.toString(), { max: 8, onnotice: () => {} });
await probe("named prepared statements (postgres.js default, readAll uses prepare: true)", async () => {
  await Promise.all(Array.from({ length: 40 }, () => prepared`select ${1}::int as one`));
  return "works";
});
await probe("append + gapless read with prepare: false", async () => {
  const store = new EventStore(plain, { validate: false });
  await store.append([{ eventId: randomUUID(), streamId: "s-1", type: "Probed", data: {} }]);
  const page = await store.readAll(START, { limit: 10 });
  return `works, ${page.events.length} event read`;
});
await probe("SET LOCAL / set_config(…, true) inside a transaction", async () => {
  const value = await plain.begin(async (tx: postgres.TransactionSql) => {
    await tx`set local synchronous_commit = off`;
    const [row] = await tx<{ v: string }[]>`select current_setting('synchronous_commit') as v`;
    return row?.v;
  });
  const [after] = await plain<{ v: string }[]>`select current_setting('synchronous_commit') as v`;
  return `works (inside: ${value}, next transaction: ${after?.v})`;
});
await probe("pg_advisory_xact_lock (dedup)", async () => {
  await plain.begin(async (tx: postgres.TransactionSql) => tx`select pg_advisory_xact_lock(42)`);
  return "works (released at commit, on the same server connection)";
});
await probe("session pg_try_advisory_lock on a reserved connection (runConsumer's one-instance lock)", async () => {
  const a = await plain.reserve();
  const b = await plain.reserve();
  const key = 4242;
  const [first] = await a<{ ok: boolean }[]>`select pg_try_advisory_lock(${key}) as ok`;
  const [second] = await b<{ ok: boolean }[]>`select pg_try_advisory_lock(${key}) as ok`;
  // The backends that answered: a reserved client connection is not a reserved server connection.
  const [pa] = await a<{ pid: number }[]>`select pg_backend_pid() as pid`;
  const [pb] = await b<{ pid: number }[]>`select pg_backend_pid() as pid`;
  const [unlock] = await a<{ ok: boolean }[]>`select pg_advisory_unlock(${key}) as ok`;
  a.release();
  b.release();
  return `first ${first?.ok}, second instance ${second?.ok} (should be false); backends ${pa?.pid}/${pb?.pid}; unlock by the holder ${unlock?.ok}`;
});
await Promise.all([plain.end(), prepared.end()]);
bouncer.kill("SIGTERM");
await new Promise((r) => setTimeout(r, 300));
rmSync(dir, { recursive: true, force: true });
const admin = new URL(base);
admin.pathname = "/postgres";
const sql = createSql({ url: admin.toString(), max: 1 });
await sql.unsafe(`drop database if exists "${database}" with (force)`);
await sql.end();
