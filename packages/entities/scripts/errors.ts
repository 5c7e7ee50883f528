/**
 * Prints the span errors of shipped (or given) weights on a gold file, most frequent first:
 * `tsx scripts/errors.ts --lang en --model data/model-en.bin.gz --test gum-en-test.conll`.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { readCorpus } from "../src/corpus.ts";
import { labelIndex, spansOf } from "../src/labels.ts";
import { tagSentence } from "../src/sentence-tagger.ts";
import { SequenceModel } from "../src/sequence-model.ts";
import { loadFeatureExtractor, loadGazetteer } from "../src/tagger.ts";

const { values } = parseArgs({ options: { model: { type: "string" }, test: { type: "string" }, top: { type: "string", default: "60" } } });
if (!values.model || !values.test) throw new Error("usage: errors.ts --model file --test file");
const model = SequenceModel.deserialise(readFileSync(values.model));
const gazetteer = loadGazetteer();
const extractor = loadFeatureExtractor();
const counts = new Map<string, number>();
for (const s of readCorpus(values.test)) {
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
