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
      const result = await migrate(migrationUrl(config));
      print(
        options,
        result,
        () => `database ${result.database}${result.created ? " (created)" : ""}: ${result.applied} migration(s) applied, ${result.total} in all`,
      );
    });
}
