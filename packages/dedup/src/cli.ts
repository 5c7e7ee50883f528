import { createInterface } from "node:readline";
import { Command } from "commander";
import { InvalidUrlError } from "./errors/invalid-url-error.ts";
import { canonicalizeUrl } from "./url/canonicalize-url.ts";

export interface UrlNormalizeIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  write: (line: string) => void;
}

/** Normalises each URL to one JSON line; returns how many failed. */
export async function normalizeUrls(urls: AsyncIterable<string> | Iterable<string>, write: (line: string) => void): Promise<number> {
  let failures = 0;
  for await (const raw of urls) {
    const url = raw.trim();
    if (!url) continue;
    try {
      write(JSON.stringify(canonicalizeUrl(url)));
    } catch (err) {
      if (!(err instanceof InvalidUrlError)) throw err;
      failures++;
      write(JSON.stringify({ url, error: err.reason }));
    }
  }
  return failures;
}

/** `vigie url` — URL canonicalisation. */
export function urlCommand(io: UrlNormalizeIo = { stdin: process.stdin, write: (l) => process.stdout.write(`${l}\n`) }): Command {
  const url = new Command("url").description("URL canonicalisation used by the deduplicator");
  url
    .command("normalize")
    .description(
      "print { url, canonical, matchKey } as one JSON line per URL, read from the arguments or, without any, one per line on stdin; " +
        "a bad URL prints { url, error } and the exit code is 1 at the end",
    )
    .argument("[urls...]", "URLs to normalise")
    .option("--json", "JSON lines output (the only format; accepted for symmetry with other commands)")
    .action(async (urls: string[]) => {
      const source = urls.length > 0 ? urls : createInterface({ input: io.stdin, crlfDelay: Infinity });
      const failures = await normalizeUrls(source, io.write);
      if (failures > 0) process.exitCode = 1;
    });
  return url;
}
