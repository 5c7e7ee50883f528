import { Command, Option } from "commander";
import { stageNames, type StageName } from "@vigie/queue";
import { bootstrap } from "../pipeline/bootstrap.ts";
import { logConsumers, startPipeline } from "../pipeline/start-pipeline.ts";
import type { ServeApiOptions } from "./api.ts";

interface RunOptions {
  /** Stages to run. @defaultValue every stage */
  stages?: StageName[] | undefined;
  dispatcher: boolean;
  concurrency?: number | undefined;
  api?: ServeApiOptions | undefined;
  watcher?: boolean | undefined;
  /** `--json`: JSON log lines even on a terminal (LOG_PRETTY=false). */
  json?: boolean | undefined;
}

async function runUntilSignal({ stages, dispatcher, concurrency, api, watcher, json }: RunOptions): Promise<void> {
  const app = await bootstrap({
    reservedConnections: logConsumers({ dispatcher, watcher }),
    longRunning: true,
    ...(json ? { overrides: { LOG_PRETTY: false } } : {}),
  });
  const pipeline = startPipeline(app.runtime, { stages, dispatcher, concurrency, api, watcher });
  app.logger.info({ stages: stages ?? stageNames, dispatcher, embedded: app.services.embedded }, "vigie running");
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  app.logger.info({}, "shutting down: finishing in-flight jobs");
  await pipeline.stop();
  await app.close();
  app.logger.info({}, "vigie stopped");
}

const concurrencyOption = () => new Option("--concurrency <n>", "jobs at once per stage").argParser((v) => Number.parseInt(v, 10));

export function startCommand(): Command {
  return new Command("start")
    .description(
      "run every stage and the dispatcher in one process (the embedded default: local Postgres and Redis, or embedded ones when none answers); SIGTERM drains in-flight jobs",
    )
    .addOption(concurrencyOption())
    .option("--api-port <port>", "port of the HTTP API served alongside (default: API_PORT)", (v) => Number.parseInt(v, 10))
    .option("--no-api", "do not serve the HTTP API")
    .option("--json", "logs are JSON lines (the default when not on a terminal)")
    .action(async (options: { concurrency?: number; api: boolean; apiPort?: number; json?: boolean }) =>
      runUntilSignal({ dispatcher: true, concurrency: options.concurrency, api: options.api ? { port: options.apiPort } : undefined, json: options.json }),
    );
}

export function workerCommand(): Command {
  return new Command("worker")
    .description(
      "run one stage (scale out with N processes), or the dispatcher (with the projections) or the watcher alone; `alert` delivers watches' webhooks",
    )
    .argument("<stage>", `one of: ${[...stageNames, "dispatcher", "watcher"].join(", ")}`)
    .addOption(concurrencyOption())
    .option("--json", "logs are JSON lines (the default when not on a terminal)")
    .action(async (stage: string, options: { concurrency?: number; json?: boolean }) => {
      if (stage === "dispatcher") return runUntilSignal({ stages: [], dispatcher: true, watcher: false, json: options.json });
      // Single-active like the dispatcher (advisory lock): extra watchers wait as standbys.
      if (stage === "watcher") return runUntilSignal({ stages: [], dispatcher: false, watcher: true, json: options.json });
      if (!stageNames.includes(stage as StageName))
        throw new Error(`unknown stage ${JSON.stringify(stage)}: expected one of ${[...stageNames, "dispatcher", "watcher"].join(", ")}`);
      return runUntilSignal({ stages: [stage as StageName], dispatcher: false, concurrency: options.concurrency, json: options.json });
    });
}
