import { readFileSync } from "node:fs";
import type { Sql } from "@vigie/db";

/** CPU time in microseconds, of this Node process and of the Postgres backends serving one database. */
export interface CpuSample {
  node: number;
  server: number | null;
}

// Linux reports utime and stime in clock ticks of 1/100 s (USER_HZ).
const MICROS_PER_TICK = 10_000;

/**
 * Samples CPU used by this process and by the database's backends (read from /proc, so only
 * when Postgres runs on this host; `server` is null otherwise). CPU per event does not depend on
 * how many other processes share the cores, which wall-clock rates do.
 */
export async function sampleCpu(admin: Sql, database: string): Promise<CpuSample> {
  const usage = process.cpuUsage();
  const backends = await admin<{ pid: number }[]>`
    select pid from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`;
  let server = 0;
  let readable = false;
  for (const { pid } of backends) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      server += (Number(fields[11]) + Number(fields[12])) * MICROS_PER_TICK;
      readable = true;
    } catch {
      // Not on this host, or a backend that ended between the query and the read.
    }
  }
  return { node: usage.user + usage.system, server: readable ? server : null };
}

/** CPU microseconds per event between two samples. */
export function cpuPerEvent(before: CpuSample, after: CpuSample, events: number): CpuSample {
  return {
    node: (after.node - before.node) / events,
    server: before.server === null || after.server === null ? null : (after.server - before.server) / events,
  };
}
