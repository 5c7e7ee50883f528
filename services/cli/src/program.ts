import { Command } from "commander";
import { entityModelFiles, loadConfig } from "@vigie/config";
import { entitiesCommand } from "@vigie/entities/cli";
import { extractCommand } from "@vigie/extract/cli";
import { urlCommand } from "@vigie/dedup/cli";
import { migrateCommand } from "./commands/migrate.ts";
import { eventsCommand } from "./commands/events.ts";
import { demoCommand } from "./commands/demo.ts";
import { feedsCommand } from "./commands/feeds.ts";
import { startCommand, workerCommand } from "./commands/start.ts";
import { statusCommand } from "./commands/status.ts";
import { projectionsCommand } from "./commands/projections.ts";
import { storiesCommand } from "./commands/stories.ts";
import { apiCommand } from "./commands/api.ts";
import { tokensCommand } from "./commands/tokens.ts";
import { replayCommand } from "./commands/replay.ts";
import { searchCommand } from "./commands/search.ts";
import { watchesCommand } from "./commands/watches.ts";

/** The `vigie` command tree. Every command has `--help`; every command that prints has `--json`. */
export function buildProgram(): Command {
  const program = new Command("vigie")
    .description("vigie — event-sourced news monitoring: feeds → articles → duplicates → entities")
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true });
  program.addCommand(migrateCommand());
  program.addCommand(eventsCommand());
  program.addCommand(feedsCommand());
  program.addCommand(startCommand());
  program.addCommand(workerCommand());
  program.addCommand(statusCommand());
  program.addCommand(demoCommand());
  program.addCommand(projectionsCommand());
  program.addCommand(storiesCommand());
  program.addCommand(apiCommand());
  program.addCommand(tokensCommand());
  program.addCommand(replayCommand());
  program.addCommand(searchCommand());
  program.addCommand(watchesCommand());
  program.addCommand(extractCommand());
  program.addCommand(entitiesCommand({ defaultModelFiles: () => entityModelFiles(loadConfig()) }));
  program.addCommand(urlCommand());
  return program;
}
