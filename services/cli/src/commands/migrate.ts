import { Command } from "commander";
import { loadConfig, migrationUrl } from "@vigie/config";
import { migrate } from "@vigie/db";
import { print } from "../output.ts";

export function migrateCommand(): Command {
  return new Command("migrate")
    .description("create the database if needed and apply pending migrations (running it twice is a no-op)")
    .option("--json", "print the result as JSON")
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      // A one-shot command: it asks once unless STARTUP_WAIT_MS is set (an init container or a
      // job started with its database). No signal handler: SIGTERM ends the wait as it would the command.
      const waitMs = config.STARTUP_WAIT_MS ?? 0;
      if (waitMs > 0) {
        const [{ ensurePostgres }, { createLogger }] = await Promise.all([import("@vigie/runtime"), import("@vigie/logger")]);
        // On stderr: stdout carries the result (--json).
        const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr });
        await ensurePostgres(migrationUrl(config), { waitMs, logger });
      }
      const result = await migrate(migrationUrl(config));
      print(
        options,
        result,
        () => `database ${result.database}${result.created ? " (created)" : ""}: ${result.applied} migration(s) applied, ${result.total} in all`,
      );
    });
}
