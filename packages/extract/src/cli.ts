import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import { extractArticle } from "./extract-article.ts";
import type { ExtractedArticle } from "./types.ts";

interface ExtractFlags {
  url?: string;
  json?: boolean;
  maxBytes?: string;
}

/** Where the command writes; injected so tests can capture it. */
export interface ExtractIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: ExtractIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function summary(name: string, a: ExtractedArticle): string {
  if (a.kind === "error") return `${name}: error (${a.error ?? "unknown"})`;
  const head = [a.kind, a.language, a.publishedAt?.slice(0, 10), `${a.wordCount} words`, a.isLiveBlog ? "live blog" : undefined]
    .filter((x) => x !== undefined)
    .join(", ");
  const preview = a.text.slice(0, 160).replace(/\n/g, " ");
  return `${name}: ${a.title ?? "(no title)"}\n  ${head}${a.authors.length > 0 ? `; by ${a.authors.join(", ")}` : ""}\n  ${preview}${a.text.length > 160 ? "…" : ""}`;
}

function processFile(path: string, flags: ExtractFlags, folderMode: boolean, io: ExtractIo): void {
  const name = basename(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.err(`vigie extract: cannot read ${path}: ${message}`);
    io.out(JSON.stringify({ file: name, error: message }));
    return;
  }
  processPage(name, bytes, flags.url ?? pathToFileURL(path).href, flags, folderMode, io);
}

function processPage(name: string, bytes: Uint8Array, url: string, flags: ExtractFlags, folderMode: boolean, io: ExtractIo): void {
  const maxBytes = flags.maxBytes === undefined ? undefined : Number(flags.maxBytes);
  const article = extractArticle({ html: new Uint8Array(bytes), url }, { maxBytes });
  if (flags.json === true) {
    const record = { ...(folderMode ? { file: name } : {}), articleBody: article.text, ...article };
    io.out(JSON.stringify(record));
  } else {
    io.out(summary(name, article));
  }
}

/**
 * Runs `vigie extract` on several files/folders (`-`: one page from standard input) in one process;
 * from two targets on, every result is a line with its `file`, as for a folder. Exported for tests.
 */
export function runExtractMany(
  targets: string[],
  flags: ExtractFlags,
  io: ExtractIo = defaultIo,
  stdin: () => Uint8Array = () => new Uint8Array(readFileSync(0)),
): void {
  for (const target of targets) {
    if (target === "-") processPage("-", stdin(), flags.url ?? pathToFileURL(resolve("stdin")).href, flags, targets.length > 1, io);
    else runExtract(target, flags, io, targets.length > 1);
  }
}

/** Runs `vigie extract` on a file or a folder; exported for tests. */
export function runExtract(target: string, flags: ExtractFlags, io: ExtractIo = defaultIo, named = false): void {
  let isDir = false;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    // Reported by processFile as an unreadable file.
  }
  if (!isDir) {
    processFile(target, flags, named, io);
    return;
  }
  const files = readdirSync(target)
    .filter((f) => f.toLowerCase().endsWith(".html"))
    .sort();
  for (const file of files) processFile(join(target, file), flags, true, io);
}

/** `vigie extract` — article extraction from saved HTML, offline. */
export function extractCommand(): Command {
  return new Command("extract")
    .description(
      "Extract the article (text, title, authors, dates, language, page kind) from saved HTML, offline.\n" +
        "On a file: one result. On a folder, or several files and folders: every page in one process (one JSON line each with its file, with --json). - reads one page from standard input.",
    )
    .argument("<paths...>", ".html files, folders whose *.html files are all processed, or - for standard input")
    .option("--url <url>", "URL the page was fetched from (resolves relative links; default: the file's file:// URL)")
    .option(
      "--json",
      "print JSON: one object for a file; for a folder, JSON lines {file, articleBody, kind, title, text, lead, authors, publishedAt, modifiedAt, language, canonicalUrl, siteName, imageUrl, wordCount, isLiveBlog, error?}",
    )
    .option("--max-bytes <n>", "refuse pages larger than n bytes with kind 'error', error 'too-large' (default 10 MiB)")
    .addHelpText(
      "after",
      "\nOutput fields: kind is 'article' | 'listing' | 'paywall' | 'error'; articleBody equals text (paragraphs separated by \\n).\n" +
        'An unreadable file prints a one-line error on stderr and a JSON line with "error"; the exit code stays 0.\n' +
        "Examples:\n  vigie extract page.html --url https://example.com/a --json\n  vigie extract saved-pages/ more/*.html --json > results.jsonl\n  curl -s https://example.com/a | vigie extract - --url https://example.com/a --json\n",
    )
    .action((paths: string[], flags: ExtractFlags) => {
      runExtractMany(paths, flags);
    });
}
