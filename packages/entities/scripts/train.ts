/**
 * Rebuilds a language's weights from annotated corpora (CoNLL/conllu columns or WikiNER lines).
 * Every tenth training sentence is held out as dev; the epoch with the best dev F1 is kept.
 * Test files are only scored, after the choice, never used to choose anything.
 *
 *   tsx scripts/train.ts --lang fr --train wikineural-fr-val.conllu --test wikineural-fr-test.conllu
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { SequenceModel } from "../src/sequence-model.ts";
import { readCorpus } from "../src/corpus.ts";
import { trainModel } from "../src/train-model.ts";
import { evaluateSpans as evaluate } from "../src/evaluate-spans.ts";

const { values } = parseArgs({
  options: {
    lang: { type: "string" },
    train: { type: "string", multiple: true },
    test: { type: "string", multiple: true, default: [] },
    /** Corpora used whole for training (no dev sentences drawn from them), e.g. the other language. */
    extra: { type: "string", multiple: true, default: [] },
    epochs: { type: "string", default: "12" },
    bits: { type: "string", default: "18" },
    /** Feature templates used, counted from the first; default all (see NUM_TEMPLATES in src/features.ts). */
    templates: { type: "string" },
    "max-train": { type: "string", default: "1000000" },
    out: { type: "string", default: fileURLToPath(new URL("../data/", import.meta.url)) },
  },
});
const lang = values.lang;
if (!lang || !values.train) {
  console.error("usage: train.ts --lang fr|en --train file [--train file] [--extra file] [--test file] [--epochs 12] [--bits 18] [--templates 48]");
  process.exit(2);
}

const started = Date.now();
const result = trainModel({
  language: lang,
  sentences: values.train.flatMap((f) => readCorpus(f)),
  extra: values.extra.flatMap((f) => readCorpus(f)).slice(0, Number(values["max-train"])),
  epochs: Number(values.epochs),
  bits: Number(values.bits),
  ...(values.templates === undefined ? {} : { templates: Number(values.templates) }),
  onEpoch: (epoch, errors, devF1) => console.log(`epoch ${epoch}: ${errors} token errors, dev F1 ${devF1} (${Math.round((Date.now() - started) / 1000)} s)`),
});
const { train, dev, gazetteer, extractor, history } = result;
const best = result;
best.model.meta.training = {
  corpora: values.train.map((f) => f.split("/").pop()),
  extraCorpora: values.extra.map((f) => f.split("/").pop()),
  trainSentences: train.length,
  devSentences: dev.length,
  epoch: best.epoch,
  bits: Number(values.bits),
  templates: best.model.templates,
};
const bytes = best.model.serialise();
const shipped = SequenceModel.deserialise(bytes);
const report = {
  language: lang,
  weightsBytes: bytes.length,
  trainSeconds: Math.round((Date.now() - started) / 1000),
  ...best.model.meta.training,
  devF1AtChoice: best.devF1,
  history,
  dev: evaluate(dev, shipped, gazetteer, extractor),
  devAllTypes: evaluate(dev, shipped, gazetteer, extractor, ["PER", "ORG", "LOC", "MISC"]),
  devModelOnly: evaluate(dev, shipped, gazetteer, extractor, ["PER", "ORG", "LOC"], { gapFill: false, aliasTypes: false }),
  test: Object.fromEntries(values.test.map((f) => [f.split("/").pop(), evaluate(readCorpus(f), shipped, gazetteer, extractor)])),
};
writeFileSync(`${values.out}model-${lang}.bin.gz`, bytes);
writeFileSync(`${values.out}scores-${lang}.json`, JSON.stringify(report, null, 2) + "\n");
console.log(JSON.stringify({ ...report, history: undefined }, null, 2));
