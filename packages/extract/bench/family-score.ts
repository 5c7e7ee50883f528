// Per-family scores of the site-split set: tsx bench/family-score.ts dev/sites [-v]
import { extractArticle } from "../src/index.ts";
import { aggregate, scorePage, type PageScore } from "../src/token-score.ts";
import { loadSet } from "./fixtures.ts";

const set = process.argv[2] ?? "dev/sites";
const byFamily = new Map<string, PageScore[]>();
for (const page of loadSet(set)) {
  const family = page.file.split("--")[1] ?? "?";
  const result = extractArticle({ html: page.html, url: page.url });
  const score = scorePage(page.gold, result.text);
  if (process.argv[3] === "-v") console.log(page.file, score.precision.toFixed(2), score.recall.toFixed(2));
  byFamily.set(family, [...(byFamily.get(family) ?? []), score]);
}
for (const [family, scores] of [...byFamily].sort()) {
  const a = aggregate(scores);
  console.log(family.padEnd(18), `P ${a.precision.toFixed(3)} R ${a.recall.toFixed(3)} F1 ${a.f1.toFixed(3)} (${scores.length})`);
}
console.log("all".padEnd(18), JSON.stringify(aggregate([...byFamily.values()].flat())));
