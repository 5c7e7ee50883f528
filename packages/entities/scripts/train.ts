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
import { FeatureExtractor, fnv1a } from "../src/features.ts";
import { Gazetteer } from "../src/gazetteer.ts";
import { labelIndex } from "../src/labels.ts";
import { PerceptronTrainer, type TrainingExample } from "../src/perceptron-trainer.ts";
import { SequenceModel } from "../src/sequence-model.ts";
import { loadGazetteer, loadLexicon } from "../src/tagger.ts";
import { readCorpus, type GoldSentence } from "./conll.ts";
import { evaluate } from "./evaluate-spans.ts";

const { values } = parseArgs({
  options: {
    lang: { type: "string" },
    train: { type: "string", multiple: true },
    test: { type: "string", multiple: true, default: [] },
    /** Corpora used whole for training (no dev sentences drawn from them), e.g. the other language. */
    extra: { type: "string", multiple: true, default: [] },
    epochs: { type: "string", default: "12" },
    bits: { type: "string", default: "18" },
    "max-train": { type: "string", default: "1000000" },
    out: { type: "string", default: fileURLToPath(new URL("../data/", import.meta.url)) },
  },
});
const lang = values.lang;
if (!lang || !values.train) {
  console.error("usage: train.ts --lang fr|en --train file [--train file] [--extra file] [--test file] [--epochs 12] [--bits 18]");
  process.exit(2);
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const all: GoldSentence[] = values.train.flatMap((f) => readCorpus(f));
const train: GoldSentence[] = [];
const dev: GoldSentence[] = [];
for (const s of all) (fnv1a(s.words.join(" ")) % 10 === 0 ? dev : train).push(s);
for (const f of values.extra) train.push(...readCorpus(f));
const limit = Number(values["max-train"]);
if (train.length > limit) train.length = limit;
console.log(`${lang}: ${train.length} train, ${dev.length} dev sentences`);

const gazetteer: Gazetteer = loadGazetteer();
const extractor = new FeatureExtractor(loadLexicon());
const examples: TrainingExample[] = train.map((s) => ({
  feats: extractor.extract(s.words, Gazetteer.codes(s.words.length, gazetteer.match(s.words))),
  gold: Uint8Array.from(s.tags.map(labelIndex)),
}));

const trainer = new PerceptronTrainer(lang, Number(values.bits));
const rand = seeded(42);
let best: { epoch: number; f1: number; model: SequenceModel } | undefined;
const history: Array<{ epoch: number; errors: number; devF1: number }> = [];
const started = Date.now();
for (let epoch = 1; epoch <= Number(values.epochs); epoch++) {
  for (let i = examples.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const a = examples[i];
    const b = examples[j];
    if (a && b) {
      examples[i] = b;
      examples[j] = a;
    }
  }
  let errors = 0;
  for (const ex of examples) errors += trainer.train(ex);
  const model = trainer.averaged();
  const devF1 = evaluate(dev, model, gazetteer, extractor).f1;
  history.push({ epoch, errors, devF1 });
  console.log(`epoch ${epoch}: ${errors} token errors, dev F1 ${devF1} (${Math.round((Date.now() - started) / 1000)} s)`);
  if (!best || devF1 > best.f1) best = { epoch, f1: devF1, model };
}
if (!best) process.exit(1);

best.model.meta.training = { corpora: values.train.map((f) => f.split("/").pop()), extraCorpora: values.extra.map((f) => f.split("/").pop()), trainSentences: train.length, devSentences: dev.length, epoch: best.epoch, bits: Number(values.bits) };
const bytes = best.model.serialise();
const shipped = SequenceModel.deserialise(bytes);
const report = {
  language: lang,
  weightsBytes: bytes.length,
  trainSeconds: Math.round((Date.now() - started) / 1000),
  ...best.model.meta.training,
  history,
  dev: evaluate(dev, shipped, gazetteer, extractor),
  devAllTypes: evaluate(dev, shipped, gazetteer, extractor, ["PER", "ORG", "LOC", "MISC"]),
  devModelOnly: evaluate(dev, shipped, gazetteer, extractor, ["PER", "ORG", "LOC"], { gapFill: false, aliasTypes: false }),
  test: Object.fromEntries(values.test.map((f) => [f.split("/").pop(), evaluate(readCorpus(f), shipped, gazetteer, extractor)])),
};
writeFileSync(`${values.out}model-${lang}.bin.gz`, bytes);
writeFileSync(`${values.out}scores-${lang}.json`, JSON.stringify(report, null, 2) + "\n");
console.log(JSON.stringify({ ...report, history: undefined }, null, 2));
