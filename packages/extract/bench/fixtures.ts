import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

/** One scored page: its bytes, URL and gold article text. */
export interface GoldPage {
  set: string;
  file: string;
  url: string;
  html: Uint8Array;
  gold: string;
}

interface GoldEntry {
  url: string;
  articleBody: string;
}

export const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;

/** Loads every page of one fixture folder (`dev/synthetic`, `eval/scrapinghub`…) with its gold.json. */
export function loadSet(set: string): GoldPage[] {
  const dir = join(FIXTURES, set);
  const goldPath = join(dir, "gold.json");
  if (!existsSync(goldPath)) return [];
  const gold = JSON.parse(readFileSync(goldPath, "utf8")) as Record<string, GoldEntry>;
  return readdirSync(dir)
    .filter((f) => f.endsWith(".html") || f.endsWith(".html.gz"))
    .sort()
    .flatMap((file) => {
      const entry = gold[file];
      if (entry === undefined) return [];
      const bytes = readFileSync(join(dir, file));
      const html = file.endsWith(".gz") ? gunzipSync(bytes) : bytes;
      return [{ set, file, url: entry.url, html: new Uint8Array(html), gold: entry.articleBody }];
    });
}

export const DEV_SETS = ["dev/synthetic", "dev/scrapinghub", "dev/sites"];
export const EVAL_SETS = ["eval/synthetic", "eval/scrapinghub", "eval/sites"];
