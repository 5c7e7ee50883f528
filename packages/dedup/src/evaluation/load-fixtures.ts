import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalizeUrl } from "../url/canonicalize-url.ts";
import type { DedupInput } from "../types.ts";

/** A labelled article of the fixture set, ready for `decide`. */
export interface FixtureArticle extends DedupInput {
  name: string;
  publishedAt: string;
}

export interface FixturePair {
  a: string;
  b: string;
  same: boolean;
  kind: string;
}

export const fixturesDir = new URL("../../fixtures/", import.meta.url);

function parseArticle(name: string, file: string): FixtureArticle & { textFrom?: string } {
  const [head = "", ...body] = file.split(/^---$/m);
  const fields = new Map<string, string>();
  for (const line of head.split("\n")) {
    const m = /^([a-z-]+):\s*(.*)$/.exec(line.trim());
    if (m?.[1] && m[2] !== undefined) fields.set(m[1], m[2]);
  }
  const url = fields.get("url");
  const publishedAt = fields.get("published");
  if (!url || !publishedAt) throw new Error(`fixture ${name}: url and published are required`);
  const article: FixtureArticle & { textFrom?: string } = {
    name,
    articleId: createHash("sha256").update(canonicalizeUrl(url).canonical).digest("hex"),
    url,
    title: fields.get("title"),
    text: body.join("---").trim(),
    publishedAt,
    pageCanonicalUrl: fields.get("canonical"),
    source: fields.get("source"),
  };
  const textFrom = fields.get("text-from");
  if (textFrom) article.textFrom = textFrom;
  return article;
}

/** Every article under fixtures/articles, by name (file name without `.txt`). */
export function loadFixtureArticles(dir: URL = fixturesDir): Map<string, FixtureArticle> {
  const articlesDir = new URL("articles/", dir);
  const out = new Map<string, FixtureArticle & { textFrom?: string }>();
  for (const file of readdirSync(articlesDir)
    .filter((f) => f.endsWith(".txt"))
    .sort()) {
    const name = file.slice(0, -4);
    out.set(name, parseArticle(name, readFileSync(join(articlesDir.pathname, file), "utf8")));
  }
  for (const article of out.values()) {
    if (article.textFrom === undefined) continue;
    const from = out.get(article.textFrom);
    if (!from) throw new Error(`fixture ${article.name}: text-from ${article.textFrom} not found`);
    article.text = from.text;
    delete article.textFrom;
  }
  return out;
}

/** The labelled pairs of fixtures/pairs.tsv: `a  b  same|different  kind`. */
export function loadFixturePairs(dir: URL = fixturesDir): FixturePair[] {
  return readFileSync(new URL("pairs.tsv", dir), "utf8")
    .split("\n")
    .filter((line) => line.trim() && !line.startsWith("#"))
    .map((line) => {
      const [a = "", b = "", label = "", kind = ""] = line.split("\t").map((s) => s.trim());
      if (label !== "same" && label !== "different") throw new Error(`pairs.tsv: bad label in "${line}"`);
      return { a, b, same: label === "same", kind };
    });
}
