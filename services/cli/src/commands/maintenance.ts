import { Command, InvalidArgumentError } from "commander";
import { loadConfig, migrationUrl } from "@vigie/config";
import { createSql, type Sql } from "@vigie/db";
import { detachPartitionsBefore, listPartitions, preparePartitions, type CreatedPartition, type EventPartition } from "@vigie/event-store";
import { print } from "../output.ts";

export interface MaintenanceOptions {
  /** Empty partitions kept after the current one. @defaultValue 1 */
  ahead?: number | undefined;
  /** Positions per new partition. @defaultValue the last partition's size */
  size?: number | undefined;
  /** Detach the partitions wholly before this position (refused unless every consumer has read them). */
  detachBefore?: number | undefined;
  allowOpenStreams?: boolean | undefined;
  /** Count rows exactly (reads every partition) instead of the planner's estimate. */
  exact?: boolean | undefined;
}

export interface MaintenanceResult {
  created: CreatedPartition[];
  detached: string[];
  partitions: EventPartition[];
}

/** What `vigie maintenance` does, on an owner connection; `progress` gets one line per step. */
export async function runMaintenance(sql: Sql, options: MaintenanceOptions, progress: (line: string) => void = () => {}): Promise<MaintenanceResult> {
  const created = await preparePartitions(sql, { ahead: options.ahead ?? 1, ...(options.size === undefined ? {} : { size: options.size }) });
  for (const p of created) progress(`created ${p.name} [${p.lower}, ${p.upper})`);
  const detached =
    options.detachBefore === undefined
      ? []
      : await detachPartitionsBefore(sql, options.detachBefore, {
          allowOpenStreams: options.allowOpenStreams ?? false,
          onProgress: (step) => progress(`${step.phase === "checked" ? "checked" : "detached"} ${step.partition}`),
        });
  return { created, detached, partitions: await listPartitions(sql, { exact: options.exact ?? false }) };
}

const positiveInteger = (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError("expected a non-negative integer");
  return n;
};

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

function table(result: MaintenanceResult): string {
  const lines = result.partitions.map(
    (p) =>
      `${p.name.padEnd(22)} [${p.lower}, ${p.upper})`.padEnd(50) +
      ` rows ${String(p.rows ?? "?").padStart(10)}  positions ${p.minPosition ?? "-"}..${p.maxPosition ?? "-"}  ${mb(p.bytes).padStart(10)}  ${(p.fill * 100).toFixed(0)} % handed out`,
  );
  const summary = `${result.created.length} partition(s) created, ${result.detached.length} detached${result.detached.length > 0 ? ` (${result.detached.join(", ")}: dump them with pg_dump -t, then drop them)` : ""}`;
  return [...lines, summary].join("\n");
}

export function maintenanceCommand(): Command {
  return new Command("maintenance")
    .description(
      "create the event log's partitions ahead, list them, and detach old ones for archiving (run it from cron as the schema owner; vigie start also creates one ahead)",
    )
    .option("--ahead <n>", "empty partitions to keep after the current one (one more when the current is 80 % full)", positiveInteger, 1)
    .option("--size <positions>", "positions per new partition (default: the size of the last one; 10 000 000 after migration 0014)", positiveInteger)
    .option(
      "--detach-before <position>",
      "detach (CONCURRENTLY) the partitions that end at or before this position; refused unless every consumer checkpoint is past all their events",
      positiveInteger,
    )
    .option("--allow-open-streams", "detach even partitions holding events of streams that go on after them (reading such a stream then misses them)")
    .option("--exact", "count the rows of each partition (reads them all) instead of the planner's estimate")
    .option("--json", "print the result as JSON")
    .action(async (options: MaintenanceOptions & { json?: boolean }) => {
      const sql = createSql({ url: migrationUrl(loadConfig()), max: 1, applicationName: "vigie-maintenance" });
      try {
        const result = await runMaintenance(sql, options, (line) => process.stderr.write(`${line}\n`));
        print(options, result, () => table(result));
      } finally {
        await sql.end();
      }
    });
}
