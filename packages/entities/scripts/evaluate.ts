/**
 * Scores the shipped weights (data/model-<lang>.bin.gz) with the full sentence pipeline
 * (model, alias typing, gap filling). `--dev` files are split as train.ts does and only their
 * dev tenth is scored; `--test` files are scored whole.
 *
 *   tsx scripts/evaluate.ts --lang fr --dev wikineural-fr-val.conllu --test wikineural-fr-test.conllu
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { fnv1a } from "../src/features.ts";
import { SequenceModel } from "../src/sequence-model.ts";
import { loadFeatureExtractor, loadGazetteer } from "../src/tagger.ts";
import { readCorpus } from "../src/corpus.ts";
import { evaluateSpans as evaluate } from "../src/evaluate-spans.ts";

const { values } = parseArgs({
  options: {
    lang: { type: "string" },
    dev: { type: "string", multiple: true, default: [] },
    test: { type: "string", multiple: true, default: [] },
    data: { type: "string", default: fileURLToPath(new URL("../data/", import.meta.url)) },
  },
});
if (!values.lang) {
  console.error("usage: evaluate.ts --lang fr|en [--dev file] [--test file]");
  process.exit(2);
}
const model = SequenceModel.deserialise(readFileSync(`${values.data}model-${values.lang}.bin.gz`));
const gazetteer = loadGazetteer();
const extractor = loadFeatureExtractor();
const dev = values.dev.flatMap((f) => readCorpus(f)).filter((s) => fnv1a(s.words.join(" ")) % 10 === 0);
const report = {
  language: values.lang,
  training: model.meta.training,
  dev: dev.length > 0 ? evaluate(dev, model, gazetteer, extractor) : undefined,
  devAllTypes: dev.length > 0 ? evaluate(dev, model, gazetteer, extractor, ["PER", "ORG", "LOC", "MISC"]) : undefined,
  devModelOnly: dev.length > 0 ? evaluate(dev, model, gazetteer, extractor, ["PER", "ORG", "LOC"], { gapFill: false, aliasTypes: false }) : undefined,
  test: Object.fromEntries(values.test.map((f) => [f.split("/").pop(), evaluate(readCorpus(f), model, gazetteer, extractor)])),
  testAllTypes: Object.fromEntries(
    values.test.map((f) => [f.split("/").pop(), evaluate(readCorpus(f), model, gazetteer, extractor, ["PER", "ORG", "LOC", "MISC"]).f1]),
  ),
};
console.log(JSON.stringify(report, null, 2));
