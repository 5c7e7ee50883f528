/**
 * `pnpm --filter @vigie/extract bench`: token F1 and pages/s of vigie and, in the same process,
 * of Mozilla Readability + linkedom, on the dev sets and the held-out eval sets.
 * Pages are decoded to strings first so both extractors are timed on the same work.
 */
import { decodeHtml, extractArticle } from "../src/index.ts";
import { aggregate, scorePage, type SetScore } from "../src/token-score.ts";
import { DEV_SETS, EVAL_SETS, loadSet, type GoldPage } from "./fixtures.ts";
import { readabilityText } from "./readability-baseline.ts";

type Extractor = (html: string, url: string) => string;

const EXTRACTORS: Record<string, Extractor> = {
  vigie: (html, url) => extractArticle({ html, url }).text,
  readability: readabilityText,
};

interface Row {
  tokens: SetScore;
  shingles: SetScore;
  pagesPerSecond: number;
}

function run(pages: { page: GoldPage; html: string }[], extract: Extractor): Row {
  const texts: string[] = [];
  // One untimed pass warms the JIT; the timed pass is the figure.
  for (const { page, html } of pages.slice(0, 10)) extract(html, page.url);
  const start = performance.now();
  for (const { page, html } of pages) texts.push(extract(html, page.url));
  const seconds = (performance.now() - start) / 1000;
  return {
    tokens: aggregate(pages.map(({ page }, i) => scorePage(page.gold, texts[i] ?? ""))),
    shingles: aggregate(pages.map(({ page }, i) => scorePage(page.gold, texts[i] ?? "", 4))),
    pagesPerSecond: pages.length / seconds,
  };
}

const f = (x: number): string => x.toFixed(3);

function main(): void {
  const only = process.argv[2];
  const sets = [...DEV_SETS, ...EVAL_SETS].filter((s) => only === undefined || s.startsWith(only));
  console.log("set                 pages  extractor     F1     P      R      pageF1  F1(4-gram)  pages/s");
  for (const set of sets) {
    const pages = loadSet(set).map((page) => ({ page, html: decodeHtml(page.html) }));
    if (pages.length === 0) continue;
    const rows: Record<string, Row> = {};
    for (const [name, extract] of Object.entries(EXTRACTORS)) {
      const row = run(pages, extract);
      rows[name] = row;
      const t = row.tokens;
      console.log(`${set.padEnd(20)}${String(pages.length).padStart(5)}  ${name.padEnd(12)} ${f(t.f1)}  ${f(t.precision)}  ${f(t.recall)}  ${f(t.meanPageF1)}   ${f(row.shingles.f1)}      ${row.pagesPerSecond.toFixed(1)}`);
    }
    const v = rows.vigie;
    const r = rows.readability;
    if (v !== undefined && r !== undefined) console.log(`${"".padEnd(27)}speed ratio vigie/readability: ${(v.pagesPerSecond / r.pagesPerSecond).toFixed(2)}x`);
  }
}

main();
