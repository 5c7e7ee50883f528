import { extractArticle } from "../src/index.ts";
import { scorePage, aggregate } from "../src/token-score.ts";
import { loadSet } from "./fixtures.ts";
const set = process.argv[2] ?? "dev/scrapinghub";
const pages = loadSet(set);
const scores = [];
const t0 = performance.now();
for (const p of pages) {
  const r = extractArticle({ html: p.html, url: p.url });
  const s = scorePage(p.gold, r.text);
  scores.push(s);
  if (process.argv[3] === "-v") console.log(p.file, r.kind, s.precision.toFixed(2), s.recall.toFixed(2), s.f1.toFixed(3), r.language, r.wordCount);
}
const ms = performance.now() - t0;
console.log(set, JSON.stringify(aggregate(scores)), (pages.length / (ms / 1000)).toFixed(1), "pages/s");
