/**
 * `pnpm --filter @vigie/extract bench`: token F1 and pages/s of vigie and, in the same process,
 * of Mozilla Readability + linkedom, on the dev sets and the held-out eval sets.
 * Pages are decoded to strings first so both extractors are timed on the same work.
 */
import { cpus, loadavg } from "node:os";
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
}

function score(pages: { page: GoldPage; html: string }[], extract: Extractor): Row {
  const texts = pages.map(({ page, html }) => extract(html, page.url));
  return {
    tokens: aggregate(pages.map(({ page }, i) => scorePage(page.gold, texts[i] ?? ""))),
    shingles: aggregate(pages.map(({ page }, i) => scorePage(page.gold, texts[i] ?? "", 4))),
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/**
 * Speed on a shared machine: `rounds` passes over the pages, each page extracted by every
 * extractor back to back (the order alternating from page to page), the time summed per
 * extractor. A burst of load from other processes then lands on both sides of the ratio instead
 * of on one extractor's whole pass. Reports each extractor's median pages/s over the rounds and
 * the median of the per-round ratios vigie/readability.
 */
function timeRounds(pages: { page: GoldPage; html: string }[], rounds: number): { pagesPerSecond: Record<string, number>; ratio: number; ratios: number[] } {
  const names = Object.keys(EXTRACTORS);
  const speeds: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const ms: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
    pages.forEach(({ page, html }, p) => {
      for (const name of (r + p) % 2 === 0 ? names : [...names].reverse()) {
        const extract = EXTRACTORS[name];
        if (extract === undefined) continue;
        const start = performance.now();
        extract(html, page.url);
        ms[name] = (ms[name] ?? 0) + performance.now() - start;
      }
    });
    for (const name of names) speeds[name]?.push(pages.length / ((ms[name] ?? 1) / 1000));
    if (ms.vigie !== undefined && ms.readability !== undefined) ratios.push(ms.readability / ms.vigie);
  }
  return { pagesPerSecond: Object.fromEntries(names.map((n) => [n, median(speeds[n] ?? [])])), ratio: median(ratios), ratios };
}

const f = (x: number): string => x.toFixed(3);

function main(): void {
  const args = process.argv.slice(2);
  const roundsAt = args.indexOf("--rounds");
  const rounds = roundsAt >= 0 ? Math.max(1, Number(args[roundsAt + 1] ?? 5)) : 5;
  const only = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--rounds");
  const sets = [...DEV_SETS, ...EVAL_SETS].filter((s) => only === undefined || s.startsWith(only));
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} on ${cpus().length} cores; ${rounds} timed rounds per set, medians`,
  );
  console.log("set                 pages  extractor     F1     P      R      pageF1  F1(4-gram)  pages/s");
  for (const set of sets) {
    const pages = loadSet(set).map((page) => ({ page, html: decodeHtml(page.html) }));
    if (pages.length === 0) continue;
    // The scoring pass also warms the JIT of both extractors before any timed pass.
    const scores = Object.fromEntries(Object.entries(EXTRACTORS).map(([name, extract]) => [name, score(pages, extract)]));
    const speed = timeRounds(pages, rounds);
    for (const [name, row] of Object.entries(scores)) {
      const t = row.tokens;
      console.log(
        `${set.padEnd(20)}${String(pages.length).padStart(5)}  ${name.padEnd(12)} ${f(t.f1)}  ${f(t.precision)}  ${f(t.recall)}  ${f(t.meanPageF1)}   ${f(row.shingles.f1)}      ${(speed.pagesPerSecond[name] ?? 0).toFixed(1)}`,
      );
    }
    console.log(`${"".padEnd(27)}speed ratio vigie/readability: ${speed.ratio.toFixed(2)}x (rounds: ${speed.ratios.map((r) => r.toFixed(2)).join(" ")})`);
  }
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} at the end`,
  );
}

main();
