import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { Command } from "commander";
import { safeFetch } from "@vigie/http";
import { parseFeed } from "./parse-feed.ts";
import type { ParsedFeed } from "./types.ts";

/** Where the command writes; injected so tests can capture it. */
export interface FeedsCliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface FeedsParseFlags {
  json?: boolean;
  /** Hosts allowed although private (for local demo servers). */
  allowHost?: string[];
  userAgent?: string;
  timeoutMs?: string;
}

const defaultIo: FeedsCliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

const DEFAULT_USER_AGENT = "vigie-feeds/0.0 (feed parser command)";

function view(feed: ParsedFeed): object {
  return {
    title: feed.title,
    link: feed.link,
    language: feed.language,
    items: feed.items.map((i) => ({ id: i.id, title: i.title, link: i.link, published: i.published, author: i.author })),
  };
}

function oneLine(err: unknown): string {
  const reason = typeof err === "object" && err !== null && "reason" in err && typeof err.reason === "string" ? `${err.reason}: ` : "";
  const message = err instanceof Error ? err.message : String(err);
  return `${reason}${message}`.split("\n")[0] ?? "";
}

/** Reads all of standard input (the `-` target). */
async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

async function loadTarget(target: string, flags: FeedsParseFlags, stdin: () => Promise<Uint8Array>): Promise<ParsedFeed> {
  if (target === "-") return parseFeed(await stdin(), { url: pathToFileURL(resolve("stdin")).href });
  if (/^https?:\/\//i.test(target)) {
    const response = await safeFetch(target, {
      userAgent: flags.userAgent ?? DEFAULT_USER_AGENT,
      allowHosts: flags.allowHost ?? [],
      ...(flags.timeoutMs === undefined ? {} : { timeoutMs: Number(flags.timeoutMs) }),
    });
    if (response.status >= 400) throw new Error(`HTTP ${response.status} from ${response.url}`);
    const contentType = response.headers.get("content-type");
    return parseFeed(response.body, { url: response.url, ...(contentType ? { contentType } : {}) });
  }
  const path = resolve(target);
  return parseFeed(new Uint8Array(await readFile(path)), { url: pathToFileURL(path).href });
}

/**
 * Runs `vigie feeds parse` on several files/URLs (or `-`, standard input) in one process: with
 * --json one line per target, `{source, title, …}` or `{source, error}`; returns 1 when any failed.
 */
export async function runFeedsParseMany(targets: string[], flags: FeedsParseFlags, io: FeedsCliIo = defaultIo, stdin = readStdin): Promise<number> {
  if (targets.length === 1 && targets[0] !== undefined) return runFeedsParse(targets[0], flags, io, stdin);
  let code = 0;
  for (const target of targets) {
    let feed: ParsedFeed;
    try {
      feed = await loadTarget(target, flags, stdin);
    } catch (err) {
      io.err(`vigie feeds parse: ${target}: ${oneLine(err)}`);
      if (flags.json === true) io.out(JSON.stringify({ source: target, error: oneLine(err) }));
      code = 1;
      continue;
    }
    if (flags.json === true) io.out(JSON.stringify({ source: target, ...view(feed) }));
    else {
      io.out(`== ${target}`);
      printFeed(feed, io);
    }
  }
  return code;
}

/** Runs `vigie feeds parse` on one target; returns the exit code. Exported for tests. */
export async function runFeedsParse(target: string, flags: FeedsParseFlags, io: FeedsCliIo = defaultIo, stdin = readStdin): Promise<number> {
  let feed: ParsedFeed;
  try {
    feed = await loadTarget(target, flags, stdin);
  } catch (err) {
    io.err(`vigie feeds parse: ${target}: ${oneLine(err)}`);
    return 1;
  }
  if (flags.json === true) {
    io.out(JSON.stringify(view(feed)));
    return 0;
  }
  printFeed(feed, io);
  return 0;
}

function printFeed(feed: ParsedFeed, io: FeedsCliIo): void {
  io.out(`${feed.title ?? "(untitled)"}  [${feed.format}${feed.language ? `, ${feed.language}` : ""}]`);
  if (feed.link) io.out(feed.link);
  for (const item of feed.items) {
    io.out(`- ${item.published?.slice(0, 16).replace("T", " ") ?? "                "}  ${item.title ?? "(no title)"}${item.author ? ` — ${item.author}` : ""}`);
    io.out(`  ${item.link ?? item.id}`);
  }
  io.out(`${feed.items.length} item(s)`);
}

/** `vigie feeds parse <file|url|-...> [--json]` */
export function feedsParseCommand(): Command {
  return new Command("parse")
    .description(
      "Parse a feed (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed) from a file or an http(s) URL and print it normalised.\n" +
        "Several targets are parsed in one process (with --json, one line each: {source, …} or {source, error}); - reads one feed from standard input.\n" +
        "Exits with status 1 and a one-line reason on stderr when a document cannot be parsed or fetched.",
    )
    .argument("<targets...>", "feed files, http(s) URLs fetched with the SSRF-guarded client, or - for standard input")
    .option("--json", "print {title, link, language, items:[{id, title, link, published, author}]} as JSON")
    .option("--allow-host <host...>", "host names, IPs or CIDRs that may be fetched although private (e.g. 127.0.0.1 for a local demo)")
    .option("--user-agent <ua>", "User-Agent for URL fetches", DEFAULT_USER_AGENT)
    .option("--timeout-ms <ms>", "total timeout for URL fetches (default 20000)")
    .action(async (targets: string[], flags: FeedsParseFlags) => {
      process.exitCode = await runFeedsParseMany(targets, flags);
    });
}
