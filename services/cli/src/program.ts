import { Command } from "commander";

/**
 * One row per top-level command. The module behind a command is imported only when that command
 * runs (or its own help is asked for): `vigie --help` and `vigie url normalize` do not pay for
 * entity weights, extraction, fastify, bull-board or BullMQ. `summary` is what `vigie --help`
 * lists; a unit test checks that it is the first line of the loaded command's description.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  /** `args`: the words after `vigie` (lets `feeds parse` skip the database side of `feeds`). */
  load(args?: readonly string[]): Promise<Command>;
}

export const commandTable: readonly CommandEntry[] = [
  {
    name: "api",
    summary: "serve the HTTP API (event pages, SSE live tail, articles, feeds; OpenAPI at /openapi.json) until SIGINT/SIGTERM",
    load: async () => (await import("./commands/api.ts")).apiCommand(),
  },
  {
    name: "demo",
    summary:
      "start a fixture news site on 127.0.0.1 (French live blog, French and English articles, RSS and Atom feeds, a syndicated copy), run the whole pipeline until idle and print what the event table says",
    load: async () => (await import("./commands/demo.ts")).demoCommand(),
  },
  {
    name: "entities",
    summary: "named-entity tagging for French and English news, linked to stable ids",
    load: async () => {
      const [{ entitiesCommand }, { entityModelFiles, loadConfig }] = await Promise.all([import("@vigie/entities/cli"), import("@vigie/config")]);
      return entitiesCommand({ defaultModelFiles: () => entityModelFiles(loadConfig()) });
    },
  },
  { name: "events", summary: "read the event log", load: async () => (await import("./commands/events.ts")).eventsCommand() },
  {
    name: "extract",
    summary: "Extract the article (text, title, authors, dates, language, page kind) from saved HTML, offline.",
    load: async () => (await import("@vigie/extract/cli")).extractCommand(),
  },
  {
    name: "feeds",
    summary: "manage and inspect feeds",
    load: async (args) => (args?.[1] === "parse" ? feedsParseOnly() : (await import("./commands/feeds.ts")).feedsCommand()),
  },
  {
    name: "maintenance",
    summary:
      "create the event log's partitions ahead, list them, and detach old ones for archiving (run it from cron as the schema owner; vigie start also creates one ahead)",
    load: async () => (await import("./commands/maintenance.ts")).maintenanceCommand(),
  },
  {
    name: "migrate",
    summary: "create the database if needed and apply pending migrations (running it twice is a no-op)",
    load: async () => (await import("./commands/migrate.ts")).migrateCommand(),
  },
  {
    name: "projections",
    summary: "read models derived from the log (articles, feeds, search, event counts, stories, watches)",
    load: async () => (await import("./commands/projections.ts")).projectionsCommand(),
  },
  {
    name: "replay",
    summary:
      "re-enqueue one stage's jobs from the log (idempotent: job id = causing event id as the dispatcher's; queued jobs and jobs whose outcome is recorded are skipped)",
    load: async () => (await import("./commands/replay.ts")).replayCommand(),
  },
  {
    name: "search",
    summary: 'full-text search over articles: "a phrase", -excluded, a or b; French and English without accents (docs/search.md)',
    load: async () => (await import("./commands/search.ts")).searchCommand(),
  },
  {
    name: "start",
    summary:
      "run every stage and the dispatcher in one process (the embedded default: local Postgres and Redis, or embedded ones when none answers); SIGTERM drains in-flight jobs",
    load: async () => (await import("./commands/start.ts")).startCommand(),
  },
  {
    name: "status",
    summary: "the dashboard's figures: queue depths and ages, funnel (last hour/day), consumer and projection lag, feed health, failures, event counts",
    load: async () => (await import("./commands/status.ts")).statusCommand(),
  },
  {
    name: "stories",
    summary: "stories: the articles about one event, across outlets and languages",
    load: async () => (await import("./commands/stories.ts")).storiesCommand(),
  },
  { name: "tokens", summary: "manage API tokens", load: async () => (await import("./commands/tokens.ts")).tokensCommand() },
  { name: "url", summary: "URL canonicalisation used by the deduplicator", load: async () => (await import("@vigie/dedup/cli")).urlCommand() },
  {
    name: "watches",
    summary: "saved queries on tagged articles, with signed webhook alerts (see docs/watches.md)",
    load: async () => (await import("./commands/watches.ts")).watchesCommand(),
  },
  {
    name: "worker",
    summary: "run one stage (scale out with N processes), or the dispatcher (with the projections) or the watcher alone; `alert` delivers watches' webhooks",
    load: async () => (await import("./commands/start.ts")).workerCommand(),
  },
];

/** `vigie feeds parse` is offline: only the feed parser loads, not the event store, runtime and poller. */
async function feedsParseOnly(): Promise<Command> {
  const { feedsParseCommand } = await import("@vigie/feeds/cli");
  return new Command("feeds").description("manage and inspect feeds").addCommand(feedsParseCommand());
}

/** The command a command line runs (`vigie feeds parse …` → feeds; `vigie help feeds` → feeds). */
export function requestedCommand(args: readonly string[]): string | undefined {
  const [first, second] = args;
  return first === "help" ? second : first;
}

/**
 * The `vigie` command tree. Every command has `--help`; every command that prints has `--json`.
 * `args` (the words after `vigie`) selects the one command to load; without it every command is
 * loaded (tests, documentation).
 */
export async function buildProgram(args?: readonly string[]): Promise<Command> {
  const program = new Command("vigie")
    .description("vigie — event-sourced news monitoring: feeds → articles → duplicates → entities")
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true });
  const wanted = args === undefined ? undefined : requestedCommand(args);
  for (const entry of commandTable) {
    if (args === undefined || entry.name === wanted) program.addCommand(await entry.load(args?.[0] === "help" ? args.slice(1) : args));
    else program.addCommand(new Command(entry.name).summary(entry.summary));
  }
  return program;
}
