/**
 * One-off import of the scrapinghub/article-extraction-benchmark pages (MIT licence) into
 * fixtures/{dev,eval}/scrapinghub. The first `DEV_COUNT` pages in hash order are the real-page
 * part of the dev set; all the others are held out and only ever scored, never tuned on.
 *
 * Usage: tsx scripts/import-scrapinghub.ts <checkout-of-the-benchmark>
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync, copyFileSync } from "node:fs";
import { join } from "node:path";

const DEV_COUNT = 40;

interface TruthEntry {
  articleBody?: string;
  url?: string;
}

function main(source: string): void {
  const truth = JSON.parse(readFileSync(join(source, "ground-truth.json"), "utf8")) as Record<string, TruthEntry>;
  const files = readdirSync(join(source, "html"))
    .filter((f) => f.endsWith(".html.gz"))
    .sort();
  const fixtures = new URL("../fixtures/", import.meta.url).pathname;
  const gold: Record<"dev" | "eval", Record<string, { url: string; articleBody: string }>> = { dev: {}, eval: {} };
  files.forEach((file, index) => {
    const id = file.replace(/\.html\.gz$/, "");
    const entry = truth[id];
    if (entry === undefined) return;
    const set = index < DEV_COUNT ? "dev" : "eval";
    const dir = join(fixtures, set, "scrapinghub");
    mkdirSync(dir, { recursive: true });
    const name = `${id.slice(0, 16)}.html.gz`;
    copyFileSync(join(source, "html", file), join(dir, name));
    gold[set][name] = { url: entry.url ?? "", articleBody: entry.articleBody ?? "" };
  });
  for (const set of ["dev", "eval"] as const) {
    writeFileSync(join(fixtures, set, "scrapinghub", "gold.json"), `${JSON.stringify(gold[set], null, 1)}\n`);
  }
}

const source = process.argv[2];
if (source === undefined) throw new Error("usage: import-scrapinghub.ts <benchmark checkout>");
main(source);
