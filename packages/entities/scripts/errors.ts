/**
 * Prints the span errors of shipped (or given) weights on a gold file, most frequent first:
 * `tsx scripts/errors.ts --model data/model-en.bin.gz --dev gum-en-train.conll` (the dev tenth of a
 * training file, split as train.ts does: the place for error analysis) or `--test gum-en-test.conll`.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { readCorpus } from "../src/corpus.ts";
import { fnv1a } from "../src/features.ts";
import { labelIndex, spansOf } from "../src/labels.ts";
import { tagSentence } from "../src/sentence-tagger.ts";
import { SequenceModel } from "../src/sequence-model.ts";
import { loadFeatureExtractor, loadGazetteer } from "../src/tagger.ts";

const { values } = parseArgs({
  options: { model: { type: "string" }, test: { type: "string" }, dev: { type: "string" }, top: { type: "string", default: "60" } },
});
if (!values.model || !(values.test || values.dev)) throw new Error("usage: errors.ts --model file (--dev train-file | --test file)");
const model = SequenceModel.deserialise(readFileSync(values.model));
const gazetteer = loadGazetteer();
const extractor = loadFeatureExtractor();
const counts = new Map<string, number>();
const sentences = values.dev ? readCorpus(values.dev).filter((s) => fnv1a(s.words.join(" ")) % 10 === 0) : readCorpus(values.test ?? "");
for (const s of sentences) {
  const show = (x: { start: number; end: number; type: string }): string => `${x.type} ${s.words.slice(x.start, x.end).join(" ")}`;
  const gold = spansOf(s.tags.map(labelIndex)).filter((x) => x.type !== "MISC");
  const pred = tagSentence(s.words, model, gazetteer, extractor).filter((x) => x.type !== "MISC");
  const key = (x: { start: number; end: number; type: string }): string => `${x.start}:${x.end}:${x.type}`;
  const g = new Set(gold.map(key));
  const p = new Set(pred.map(key));
  for (const x of pred) if (!g.has(key(x))) counts.set(`FP ${show(x)}`, (counts.get(`FP ${show(x)}`) ?? 0) + 1);
  for (const x of gold) if (!p.has(key(x))) counts.set(`FN ${show(x)}`, (counts.get(`FN ${show(x)}`) ?? 0) + 1);
}
for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) console.log(n, k);
