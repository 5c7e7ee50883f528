import { createSql, migrate, type Sql } from "@vigie/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGaplessHarness, WRITERS } from "../test/gapless-harness.ts";
import { standbyUnavailable, startReplicatedPostgres, type ReplicatedPostgres } from "@vigie/db/testing";

// Guarantee 1 on a hot standby: writers append on the primary, readers page on the standby. The
// standby builds its snapshots from the WAL (KnownAssignedXids): an xid seen in the WAL marks
// every older xid not yet seen as running, so the snapshot's xmin never passes a transaction that
// may still commit, and `tx_id < pg_snapshot_xmin(pg_current_snapshot())` stays a gapless bound.
const unavailable = standbyUnavailable();
if (unavailable) console.warn(`skipping the hot standby test: ${unavailable}`);

describe.skipIf(unavailable !== undefined)("readAll on a hot standby under concurrent writers on the primary", () => {
  let pg: ReplicatedPostgres;
  let writer: Sql;
  let reader: Sql;
  beforeAll(async () => {
    pg = await startReplicatedPostgres();
    await migrate(pg.primaryUrl);
    await pg.catchUp();
    writer = createSql({ url: pg.primaryUrl, role: "vigie_app", max: WRITERS + 4 });
    reader = createSql({ url: pg.standbyUrl, role: "vigie_app", max: 8 });
  });
  afterAll(async () => {
    await Promise.allSettled([writer?.end(), reader?.end()]);
    pg?.stop();
  });

  it("is a read-only standby", async () => {
    const [row] = await reader<{ recovery: boolean }[]>`select pg_is_in_recovery() as recovery`;
    expect(row?.recovery).toBe(true);
    await expect(reader`insert into consumer_checkpoints (consumer_id, tx_id, global_position) values ('x', '0', 0)`).rejects.toThrow(/read-only/);
  });

  it("reads every committed event exactly once and in order; the naive reader misses some", async () => {
    // "Caught up" on a standby means caught up with what it has replayed: wait for the primary's
    // last LSN before letting the readers stop at the head.
    await runGaplessHarness({ writer, reader, beforeDone: () => pg.catchUp(), label: " (standby)" });
  });
});
