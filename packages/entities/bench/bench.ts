/**
 * Throughput and load-time benchmark for the entity tagger (one process, one core).
 *
 *   pnpm --filter @vigie/entities bench                          # shipped fixtures
 *   pnpm --filter @vigie/entities bench -- --corpus test.conllu  # sentences from a CoNLL file (not shipped)
 *
 * Figures are also given as ratios against a baseline measured in the same run: tokenising and
 * sentence splitting alone, the floor any tagger pays.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadTagger } from "../src/tagger.ts";
import { splitSentences } from "../src/sentences.ts";
import { tokenise } from "../src/tokenise.ts";

const { values } = parseArgs({ options: { corpus: { type: "string", multiple: true, default: [] }, seconds: { type: "string", default: "3" } } });

function corpusSentences(path: string, max = 5000): string[] {
  const out: string[] = [];
  let words: string[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const cols = line.trim().split(/\t| /);
    if (line.trim() === "") {
      if (words.length) out.push(words.join(" "));
      words = [];
      if (out.length >= max) break;
    } else words.push((/^\d+$/.test(cols[0] ?? "") && cols.length === 3 ? cols[1] : cols[0]) ?? "");
  }
  return out;
}

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
const docs: string[] =
  values.corpus.length > 0
    ? values.corpus.flatMap((p) => {
        const s = corpusSentences(p);
        return Array.from({ length: Math.ceil(s.length / 20) }, (_, i) => s.slice(i * 20, i * 20 + 20).join("\n"));
      })
    : [fixture("seed-live-fr.txt"), fixture("news-en.txt")];

const sentencesIn = (text: string): number => splitSentences(text, tokenise(text)).length;
const totalSentences = docs.reduce((n, d) => n + sentencesIn(d), 0);

/**
 * Sentences per second over repeated passes; the machine is shared, so each pass is timed on its
 * own and both the median and the best pass are printed (the best is the least disturbed).
 */
function rate(label: string, fn: (doc: string) => unknown): number {
  const budget = Number(values.seconds) * 1000;
  const rates: number[] = [];
  const start = performance.now();
  while (performance.now() - start < budget || rates.length < 3) {
    const t = performance.now();
    for (const d of docs) fn(d);
    rates.push(totalSentences / ((performance.now() - t) / 1000));
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)] ?? 0;
  const best = rates[rates.length - 1] ?? 0;
  const fmt = (x: number): string => Math.round(x).toLocaleString("en").padStart(9);
  console.log(`${label.padEnd(30)} median ${fmt(median)}  best ${fmt(best)} sentences/s  (${rates.length} passes)`);
  return median;
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const before = process.memoryUsage();
const t0 = performance.now();
const tagger = loadTagger();
const loadMs = performance.now() - t0;
const after = process.memoryUsage();
console.log(`model + alias tables load: ${Math.round(loadMs)} ms (${docs.length} documents, ${totalSentences} sentences per pass)`);
// Heap growth includes garbage not yet collected; array buffers hold the int8 weights.
console.log(
  `memory added by loadTagger: heap ${mb(after.heapUsed - before.heapUsed)}, array buffers ${mb(after.arrayBuffers - before.arrayBuffers)}, rss ${mb(after.rss - before.rss)}`,
);

rate("warm-up", (d) => tagger.tag(d));
const base = rate("baseline: tokenise + split", (d) => splitSentences(d, tokenise(d)));
const auto = rate("tag, language auto", (d) => tagger.tag(d));
const forced = rate("tag, language given", (d) => tagger.tag(d, { language: d.includes(" the ") ? "en" : "fr" }));
console.log(`median ratios: tag(auto) / baseline ${(auto / base).toFixed(3)}, tag(given) / baseline ${(forced / base).toFixed(3)}`);
