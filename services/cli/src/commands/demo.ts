import { randomBytes } from "node:crypto";
import { Command } from "commander";
import { loadConfig } from "@vigie/config";
import { deleteKeys } from "@vigie/queue";
import { countEventsByType } from "@vigie/event-store";
import { registerFeed } from "@vigie/runtime";
import { startFixtureSite } from "@vigie/fixture-site";
import { bootstrap } from "../pipeline/bootstrap.ts";
import { logConsumers, startPipeline } from "../pipeline/start-pipeline.ts";
import { formatSummary, summarizeArticles } from "../pipeline/summarize.ts";
import { waitForIdle } from "../pipeline/wait-for-idle.ts";
import { print } from "../output.ts";

export function demoCommand(): Command {
  return new Command("demo")
    .description(
      "start a fixture news site on 127.0.0.1 (French live blog, French and English articles, RSS and Atom feeds, a syndicated copy), run the whole pipeline until idle and print what the event table says",
    )
    .option("--timeout <seconds>", "give up after this long", (v) => Number.parseInt(v, 10), 180)
    .option("--keep", "keep the previous demo database (vigie_demo) instead of starting empty, and leave the Redis keys")
    .option("--json", "print the summary as JSON")
    .action(async (options: { timeout: number; keep?: boolean; json?: boolean }) => {
      const site = await startFixtureSite();
      const base = loadConfig();
      const dbUrl = new URL(base.DATABASE_URL);
      dbUrl.pathname = "/vigie_demo";
      const prefix = `vigie-demo-${randomBytes(3).toString("hex")}`;
      const progress = (msg: string) => {
        if (!options.json) process.stderr.write(`${msg}\n`);
      };
      progress(`fixture site at ${site.siteA} and ${site.siteB}`);
      const app = await bootstrap({
        overrides: {
          DATABASE_URL: dbUrl.toString(),
          DATABASE_MIGRATION_URL: undefined,
          REDIS_PREFIX: prefix,
          HTTP_ALLOW_HOSTS: ["127.0.0.1"],
          FETCH_PER_HOST_PER_SECOND: 1000,
          HTTP_TIMEOUT_MS: 5000,
          LOG_LEVEL: options.json ? "silent" : base.LOG_LEVEL === "info" ? "warn" : base.LOG_LEVEL,
        },
        resetDatabase: !options.keep,
        reservedConnections: logConsumers(),
      });
      try {
        const pipeline = startPipeline(app.runtime, { concurrency: 10 });
        for (const url of site.feeds) await registerFeed(app.runtime.store, url);
        progress(`registered ${site.feeds.length} feeds; running the pipeline...`);
        const idle = await waitForIdle(app.runtime, {
          timeoutMs: options.timeout * 1000,
          onTick: ({ pending }) => {
            if (!options.json && process.stderr.isTTY) process.stderr.write(`\r  pending work: ${pending}   `);
          },
        });
        if (process.stderr.isTTY && !options.json) process.stderr.write("\n");
        await pipeline.stop();
        const articles = await summarizeArticles(app.runtime.store);
        const totals = await countEventsByType(app.runtime.sql);
        print(options, { idle, articles, events: totals }, () => formatSummary(articles, totals));
        if (!options.keep) {
          await deleteKeys(app.runtime.redis, `${prefix}:*`);
        }
        await app.close();
        if (!idle) throw new Error(`the pipeline did not become idle within ${options.timeout}s`);
      } finally {
        await site.close();
      }
    });
}
