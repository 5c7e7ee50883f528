import { readFileSync } from "node:fs";
import { Command, InvalidArgumentError } from "commander";
import { listStreamIds, type EventStore } from "@vigie/event-store";
import { parseOpml, toOpml, type OpmlFeed } from "@vigie/feeds";
import { feedsParseCommand } from "@vigie/feeds/cli";
import { FeedNotFoundError, resolveFeedUrl } from "@vigie/feed-poller";
import { addFeed, changeFeed, checkFeedTarget, FeedTargetRefusedError, loadFeed } from "@vigie/runtime";
import { displayTitle, FeedRemovedError, UnknownFeedError, type FeedCommand, type FeedState } from "@vigie/streams";
import { withContext } from "../context.ts";
import { print } from "../output.ts";

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function parseInterval(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 10 || seconds > 604_800) throw new InvalidArgumentError("expected whole seconds from 10 to 604800");
  return seconds;
}

function addCommand(): Command {
  return new Command("add")
    .description(
      "register a feed (idempotent); given a web page, finds its feed (<link rel=alternate>, common paths). The running pipeline schedules its polls",
    )
    .argument("<url>", "feed URL (RSS, Atom or JSON Feed) or a site's page")
    .option("--title <title>", "display name (the feed's own title is shown otherwise)")
    .option("--category <label>", "a category label; repeat for several", collect, [])
    .option("--interval <seconds>", "pin the poll interval (10 to 604800 s) instead of the adaptive schedule", parseInterval)
    .option("--no-discover", "register the URL as given, without fetching it")
    .option("--json", "print the result as JSON")
    .action(async (input: string, options: { title?: string; category: string[]; interval?: number; discover: boolean; json?: boolean }) => {
      await withContext(async (ctx) => {
        const { config } = ctx;
        try {
          // Refused before anything is fetched: discovery would otherwise probe the address.
          await checkFeedTarget(input, config.HTTP_ALLOW_HOSTS);
          const resolved = options.discover
            ? await resolveFeedUrl(input, {
                userAgent: config.HTTP_USER_AGENT,
                timeoutMs: config.HTTP_TIMEOUT_MS,
                maxBytes: config.HTTP_MAX_BYTES,
                allowHosts: config.HTTP_ALLOW_HOSTS,
              })
            : { url: input, discovered: false };
          const url = resolved.url;
          const result = await addFeed(ctx.store, url, {
            title: options.title,
            categories: options.category.length > 0 ? options.category : undefined,
            intervalSeconds: options.interval,
            allowHosts: config.HTTP_ALLOW_HOSTS,
          });
          print(
            options,
            { url, discovered: resolved.discovered, ...result },
            () =>
              `${result.created ? "registered" : "already registered"}: ${result.feedId} ${url}${resolved.discovered ? ` (the feed ${input} links to)` : ""}`,
          );
        } catch (err) {
          if (err instanceof FeedTargetRefusedError || err instanceof FeedNotFoundError) {
            process.stderr.write(`vigie feeds add: ${err.message}\n`);
            process.exitCode = 2;
            return;
          }
          throw err;
        }
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
        let refused = 0;
        for (const outline of outlines) {
          try {
            const result = await addFeed(ctx.store, outline.xmlUrl, {
              title: outline.title,
              categories: outline.categories,
              allowHosts: ctx.config.HTTP_ALLOW_HOSTS,
            });
            n++;
            if (options.json) print(options, { url: outline.xmlUrl, ...result }, () => "");
            else process.stderr.write(`\r${n}/${outlines.length} feeds`);
          } catch (err) {
            if (!(err instanceof FeedTargetRefusedError)) throw err;
            refused++;
            // Each refused outline is reported; the rest are imported.
            if (options.json) print(options, { url: outline.xmlUrl, refused: err.reason, detail: err.message }, () => "");
            else process.stderr.write(`\nrefused ${outline.xmlUrl}: ${err.message}\n`);
          }
        }
        if (!options.json) process.stdout.write(`\nimported ${n} feeds from ${file}${refused > 0 ? `, refused ${refused}` : ""}\n`);
      });
    });
}

function exportCommand(): Command {
  return new Command("export")
    .description("print the registered, not removed feeds as OPML 2.0")
    .option("--json", "print the feeds as JSON instead of OPML")
    .action(async (options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const feeds = (await listFeeds(ctx.store)).filter((f) => f.status !== "removed");
        process.stdout.write(options.json ? `${JSON.stringify(feeds)}\n` : `${toOpml(feeds.map((f) => opmlOutlineOf(f)))}\n`);
      });
    });
}

function opmlOutlineOf(feed: FeedState): OpmlFeed {
  const title = displayTitle(feed);
  return { xmlUrl: feed.url, ...(title ? { title } : {}), ...(feed.details.siteUrl ? { htmlUrl: feed.details.siteUrl } : {}), categories: feed.categories };
}

/** Every registered feed, folded from its own stream (works without a running pipeline). */
async function listFeeds(store: EventStore): Promise<FeedState[]> {
  const streams = await listStreamIds(store.sql, { type: "FeedRegistered" });
  return Promise.all(streams.map((stream) => loadFeed(store, stream.slice("feed:".length))));
}

function listCommand(): Command {
  return new Command("list")
    .description("registered feeds with their status, last poll and failures")
    .option("--json", "print as JSON")
    .action(async (options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const feeds = await listFeeds(ctx.store);
        print(options, feeds, () =>
          feeds.length === 0
            ? "no feeds: add one with `vigie feeds add <url>`"
            : feeds
                .map((f) => {
                  const name = displayTitle(f) ?? "(untitled)";
                  const labels = f.categories.length > 0 ? `  [${f.categories.join(", ")}]` : "";
                  const every = f.pinnedIntervalSeconds === undefined ? "" : `  every ${f.pinnedIntervalSeconds} s (pinned)`;
                  return `${f.feedId}  ${f.status.padEnd(8)} failures=${f.consecutiveFailures}  ${name}${labels}${every}  ${f.url}`;
                })
                .join("\n"),
        );
      });
    });
}

const STATUS_COMMANDS = {
  enable: { command: "EnableFeed", description: "poll a disabled feed again (a removed feed must be added again)" },
  disable: { command: "DisableFeed", description: "stop polling a feed for now (`enable` resumes it)" },
  remove: { command: "RemoveFeed", description: "stop polling a feed (its events stay; `add` registers it again)" },
} as const;

function setStatusCommand(name: keyof typeof STATUS_COMMANDS): Command {
  const { command, description } = STATUS_COMMANDS[name];
  return new Command(name)
    .description(description)
    .argument("<feedId>", "id shown by `vigie feeds list`")
    .option("--json", "print the result as JSON")
    .action(async (feedId: string, options: { json?: boolean }) => {
      await withContext(async (ctx) => {
        try {
          const result = await changeFeed(ctx.store, feedId, { type: command }, "cli");
          print(options, result, () => (result.event ? `${result.event}: ${feedId}` : `${feedId} was already in that state`));
        } catch (err) {
          if (err instanceof UnknownFeedError || err instanceof FeedRemovedError) {
            process.stderr.write(`vigie feeds ${name}: ${err.message}\n`);
            process.exitCode = 2;
            return;
          }
          throw err;
        }
      });
    });
}

function editCommand(): Command {
  return new Command("edit")
    .description("name a feed, set its categories or pin its poll interval (one event per change)")
    .argument("<feedId>", "id shown by `vigie feeds list`")
    .option("--title <title>", "display name")
    .option("--own-title", "show the feed's own title again")
    .option("--category <label>", "a category label, replacing the feed's; repeat for several", collect, [])
    .option("--no-categories", "clear the feed's categories")
    .option("--interval <seconds>", "pin the poll interval (10 to 604800 s)", parseInterval)
    .option("--adaptive", "back to the adaptive schedule")
    .option("--json", "print the result as JSON")
    .action(
      async (
        feedId: string,
        options: { title?: string; ownTitle?: boolean; category: string[]; categories: boolean; interval?: number; adaptive?: boolean; json?: boolean },
      ) => {
        const commands: Exclude<FeedCommand, { type: "RegisterFeed" }>[] = [];
        if (options.title !== undefined || options.ownTitle) commands.push({ type: "RenameFeed", title: options.ownTitle ? undefined : options.title });
        if (options.category.length > 0 || !options.categories)
          commands.push({ type: "CategorizeFeed", categories: options.categories ? options.category : [] });
        if (options.interval !== undefined || options.adaptive)
          commands.push({ type: "PinFeedInterval", seconds: options.adaptive ? undefined : options.interval });
        await withContext(async (ctx) => {
          try {
            const events: string[] = [];
            for (const command of commands) {
              const { event } = await changeFeed(ctx.store, feedId, command, "cli");
              if (event) events.push(event);
            }
            print(options, { feedId, events }, () => (events.length > 0 ? `${events.join(", ")}: ${feedId}` : `${feedId}: nothing changed`));
          } catch (err) {
            if (err instanceof UnknownFeedError || err instanceof FeedRemovedError) {
              process.stderr.write(`vigie feeds edit: ${err.message}\n`);
              process.exitCode = 2;
              return;
            }
            throw err;
          }
        });
      },
    );
}

export function feedsCommand(): Command {
  return new Command("feeds")
    .description("manage and inspect feeds")
    .addCommand(addCommand())
    .addCommand(listCommand())
    .addCommand(importCommand())
    .addCommand(exportCommand())
    .addCommand(editCommand())
    .addCommand(setStatusCommand("enable"))
    .addCommand(setStatusCommand("disable"))
    .addCommand(setStatusCommand("remove"))
    .addCommand(feedsParseCommand());
}
