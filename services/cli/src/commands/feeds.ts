import { readFileSync } from "node:fs";
import { Command } from "commander";
import { feedStreamId } from "@vigie/contracts";
import { deterministicEventId } from "@vigie/event-store";
import { parseOpml, toOpml } from "@vigie/feeds";
import { feedsParseCommand } from "@vigie/feeds/cli";
import { loadFeedState, registerFeed, resolveFeedUrl, type FeedState } from "@vigie/feed-poller";
import { withContext } from "../context.ts";
import { print } from "../output.ts";

function addCommand(): Command {
  return new Command("add")
    .description(
      "register a feed (idempotent); given a web page, finds its feed (<link rel=alternate>, common paths). The running pipeline schedules its polls",
    )
    .argument("<url>", "feed URL (RSS, Atom or JSON Feed) or a site's page")
    .option("--title <title>", "display name")
    .option("--no-discover", "register the URL as given, without fetching it")
    .option("--json", "print the result as JSON")
    .action(async (input: string, options: { title?: string; discover: boolean; json?: boolean }) => {
      await withContext(async (ctx) => {
        const { config } = ctx;
        const resolved = options.discover
          ? await resolveFeedUrl(input, { userAgent: config.HTTP_USER_AGENT, timeoutMs: config.HTTP_TIMEOUT_MS, maxBytes: config.HTTP_MAX_BYTES, allowHosts: config.HTTP_ALLOW_HOSTS })
          : { url: input, discovered: false };
        const url = resolved.url;
        const result = await registerFeed(ctx.store, url, { title: options.title ?? ("title" in resolved ? resolved.title : undefined) });
        print(options, { url, discovered: resolved.discovered, ...result }, () =>
          `${result.created ? "registered" : "already registered"}: ${result.feedId} ${url}${resolved.discovered ? ` (found from ${input})` : ""}`,
        );
      });
    });
}

function importCommand(): Command {
  return new Command("import")
    .description("register every feed of an OPML file")
    .argument("<opml>", "path to an OPML file")
    .option("--json", "one JSON line per feed")
    .action(async (file: string, options: { json?: boolean }) => {
      const outlines = parseOpml(readFileSync(file, "utf8"));
      await withContext(async (ctx) => {
        let n = 0;
        for (const outline of outlines) {
          const result = await registerFeed(ctx.store, outline.xmlUrl, { title: outline.title });
          n++;
          if (options.json) print(options, { url: outline.xmlUrl, ...result }, () => "");
          else process.stderr.write(`\r${n}/${outlines.length} feeds`);
        }
        if (!options.json) process.stdout.write(`\nimported ${n} feeds from ${file}\n`);
      });
    });
}

function exportCommand(): Command {
  return new Command("export")
    .description("print the registered, not removed feeds as OPML 2.0")
    .option("--json", "print the feeds as JSON instead of OPML")
    .action(async (options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const feeds = (await listFeeds(ctx.sql)).filter((f) => f.status !== "removed");
        process.stdout.write(
          options.json ? `${JSON.stringify(feeds)}\n` : `${toOpml(feeds.map((f) => ({ xmlUrl: f.url, ...(f.title ? { title: f.title } : {}) })))}\n`,
        );
      });
    });
}

async function listFeeds(sql: Parameters<typeof loadFeedState>[0]): Promise<FeedState[]> {
  const rows = await sql<{ stream_id: string }[]>`
    select distinct stream_id from events where event_type = 'FeedRegistered' order by stream_id`;
  const feeds: FeedState[] = [];
  for (const row of rows) {
    const state = await loadFeedState(sql, row.stream_id.slice("feed:".length));
    if (state) feeds.push(state);
  }
  return feeds;
}

function listCommand(): Command {
  return new Command("list")
    .description("registered feeds with their status, last poll and failures")
    .option("--json", "print as JSON")
    .action(async (options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const feeds = await listFeeds(ctx.sql);
        print(options, feeds, () =>
          feeds.length === 0
            ? "no feeds: add one with `vigie feeds add <url>`"
            : feeds.map((f) => `${f.feedId}  ${f.status.padEnd(8)} failures=${f.consecutiveFailures}  ${f.url}`).join("\n"),
        );
      });
    });
}

function setStatusCommand(name: "enable" | "remove"): Command {
  return new Command(name)
    .description(name === "enable" ? "re-enable a feed disabled after repeated failures" : "stop polling a feed (its events stay)")
    .argument("<feedId>", "id shown by `vigie feeds list`")
    .option("--json", "print the result as JSON")
    .action(async (feedId: string, options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const state = await loadFeedState(ctx.sql, feedId);
        if (!state) throw new Error(`no feed ${feedId}`);
        const type = name === "enable" ? "FeedEnabled" : "FeedRemoved";
        await ctx.store.appendToStream(feedStreamId(feedId), [
          { eventId: deterministicEventId(`feed-${name}`, `${feedId}:${state.version}`), type, data: { feedId }, metadata: { producer: "cli" } },
        ]);
        print(options, { feedId, event: type }, () => `${type}: ${feedId}`);
      });
    });
}

export function feedsCommand(): Command {
  return new Command("feeds")
    .description("manage and inspect feeds")
    .addCommand(addCommand())
    .addCommand(listCommand())
    .addCommand(importCommand())
    .addCommand(exportCommand())
    .addCommand(setStatusCommand("enable"))
    .addCommand(setStatusCommand("remove"))
    .addCommand(feedsParseCommand());
}
