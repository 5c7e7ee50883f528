import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { createSql } from "./create-database.ts";

/** Where Debian keeps the PostgreSQL 15 server binaries. */
const BIN = "/usr/lib/postgresql/15/bin";

const asPostgres = (bin: string, args: string[]): [string, string[]] =>
  // The server refuses to run as root: run the binaries as the postgres user when we are root.
  userInfo().uid === 0 ? ["runuser", ["-u", "postgres", "--", join(BIN, bin), ...args]] : [join(BIN, bin), args];

/** Why a hot standby cannot be made here (binaries or the postgres user missing), or undefined. */
export function standbyUnavailable(): string | undefined {
  for (const bin of ["initdb", "pg_basebackup", "pg_ctl", "postgres"]) {
    if (!existsSync(join(BIN, bin))) return `${join(BIN, bin)} is missing (apt-get install postgresql-15)`;
  }
  if (userInfo().uid === 0 && spawnSync("id", ["postgres"], { stdio: "ignore" }).status !== 0) return "there is no postgres user to run the standby as";
  return undefined;
}

export interface ReplicatedPostgres {
  /** Superuser URL of database `vigie` on the primary (created and migrated by the caller). */
  primaryUrl: string;
  /** The same database on the hot standby. */
  standbyUrl: string;
  /** Resolves once the standby has replayed everything the primary had written when called. */
  catchUp(): Promise<void>;
  /** Fast restart of the primary; the standby reconnects by itself. */
  restartPrimary(): void;
  /** postmaster.pid of both servers and their folder, for a janitor that must kill them on a crash. */
  pidFiles: string[];
  dir: string;
  stop(): void;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * A primary (initdb in a temp folder) and its hot standby (`pg_basebackup -R`: streaming
 * replication, `standby.signal` and `primary_conninfo` written by it), each on a free loopback
 * port, both removed by `stop()`. The test owns both: the shared server may not allow
 * replication connections, and a standby must never be made of another session's server.
 */
export async function startReplicatedPostgres(): Promise<ReplicatedPostgres> {
  const dir = mkdtempSync(join(tmpdir(), "vigie-replica-"));
  const primaryData = join(dir, "primary");
  const standbyData = join(dir, "standby");
  const owner =
    userInfo().uid === 0
      ? { uid: Number(execFileSync("id", ["-u", "postgres"]).toString()), gid: Number(execFileSync("id", ["-g", "postgres"]).toString()) }
      : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  chmodSync(dir, 0o700);
  const exec = (bin: string, args: string[]) => {
    const [cmd, argv] = asPostgres(bin, args);
    execFileSync(cmd, argv, { stdio: "pipe" });
  };
  const stop = () => {
    for (const data of [standbyData, primaryData]) {
      try {
        exec("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
      } catch {
        // not running
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  // Appended last, so it wins over the same keys earlier in the file.
  const configure = (data: string, port: number, extra: string[] = []) =>
    appendFileSync(
      join(data, "postgresql.auto.conf"),
      [`port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${dir}'`, ...extra].join("\n") + "\n",
    );
  try {
    exec("initdb", ["-D", primaryData, "-U", "postgres", "--auth=trust", "--no-sync"]);
    configure(primaryData, primaryPort, ["wal_level = replica", "max_wal_senders = 4", "max_connections = 60", "fsync = off"]);
    exec("pg_ctl", ["-D", primaryData, "-l", join(dir, "primary.log"), "-w", "-t", "60", "start"]);
    exec("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres", "-D", standbyData, "-R", "-X", "stream", "-c", "fast"]);
    configure(standbyData, standbyPort, ["hot_standby = on"]);
    exec("pg_ctl", ["-D", standbyData, "-l", join(dir, "standby.log"), "-w", "-t", "60", "start"]);
  } catch (err) {
    stop();
    throw err;
  }
  const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/vigie`;
  const standbyUrl = `postgres://postgres@127.0.0.1:${standbyPort}/vigie`;
  return {
    primaryUrl,
    standbyUrl,
    async catchUp() {
      const admin = createSql({ url: primaryUrl.replace(/\/vigie$/, "/postgres"), max: 1 });
      const replica = createSql({ url: standbyUrl.replace(/\/vigie$/, "/postgres"), max: 1 });
      try {
        const [{ lsn } = { lsn: "" }] = await admin<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`;
        for (;;) {
          const [row] = await replica<{ done: boolean }[]>`select pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn as done`;
          if (row?.done) return;
          await new Promise((r) => setTimeout(r, 20));
        }
      } finally {
        await Promise.all([admin.end(), replica.end()]);
      }
    },
    restartPrimary() {
      // With -l the new postmaster writes to the log file, not to our pipe (which would keep
      // execFileSync waiting for as long as the server runs).
      exec("pg_ctl", ["-D", primaryData, "-l", join(dir, "primary.log"), "-m", "fast", "-w", "-t", "60", "restart"]);
    },
    pidFiles: [join(primaryData, "postmaster.pid"), join(standbyData, "postmaster.pid")],
    dir,
    stop,
  };
}
