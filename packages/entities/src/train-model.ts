import type { GoldSentence } from "./corpus.ts";
import { evaluateSpans } from "./evaluate-spans.ts";
import { fnv1a, type FeatureExtractor } from "./features.ts";
import { Gazetteer } from "./gazetteer.ts";
import { labelIndex } from "./labels.ts";
import { PerceptronTrainer, type TrainingExample } from "./perceptron-trainer.ts";
import type { SequenceModel } from "./sequence-model.ts";
import { loadFeatureExtractor, loadGazetteer } from "./tagger.ts";

/** Options of {@link trainModel}. */
export interface TrainOptions {
  language: string;
  /** Sentences of which one in ten (by a hash of its words) is held out as dev to pick the epoch. */
  sentences: readonly GoldSentence[];
  /** Sentences used whole for training (no dev drawn from them), e.g. corpora of the other language. */
  extra?: readonly GoldSentence[];
  /** @defaultValue 12 */
  epochs?: number;
  /** Hash table size as a power of two. @defaultValue 18 */
  bits?: number;
  /** Feature templates used, counted from the first (the French weights use the first 44). @defaultValue all */
  templates?: number;
  /** Called after each epoch (progress output). */
  onEpoch?: (epoch: number, errors: number, devF1: number) => void;
}

export interface TrainResult {
  model: SequenceModel;
  epoch: number;
  devF1: number;
  train: GoldSentence[];
  dev: GoldSentence[];
  history: Array<{ epoch: number; errors: number; devF1: number }>;
  gazetteer: Gazetteer;
  extractor: FeatureExtractor;
}

/** Thrown when there is nothing to train on. */
export class TrainingDataError extends Error {
  override name = "TrainingDataError";
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Trains a structured averaged perceptron over the shipped features and alias tables; keeps the
 * epoch with the best dev F1 (PER/ORG/LOC). Deterministic: the shuffle is seeded.
 */
export function trainModel(options: TrainOptions): TrainResult {
  const train: GoldSentence[] = [];
  const dev: GoldSentence[] = [];
  for (const s of options.sentences) (fnv1a(s.words.join(" ")) % 10 === 0 ? dev : train).push(s);
  // A corpus too small to spare a dev tenth is scored on its training sentences (the epoch choice is then a formality).
  if (dev.length === 0) dev.push(...train);
  train.push(...(options.extra ?? []));
  if (train.length === 0) throw new TrainingDataError("no annotated sentence to train on");
  const gazetteer = loadGazetteer();
  const extractor = loadFeatureExtractor();
  const examples: TrainingExample[] = train.map((s) => ({
    feats: extractor.extract(s.words, Gazetteer.codes(s.words.length, gazetteer.match(s.words))),
    gold: Uint8Array.from(s.tags.map(labelIndex)),
  }));
  const trainer = new PerceptronTrainer(options.language, options.bits ?? 18, options.templates);
  const rand = seeded(42);
  let best: { epoch: number; devF1: number; model: SequenceModel } | undefined;
  const history: TrainResult["history"] = [];
  for (let epoch = 1; epoch <= (options.epochs ?? 12); epoch++) {
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
    const devF1 = evaluateSpans(dev, model, gazetteer, extractor).f1;
    history.push({ epoch, errors, devF1 });
    options.onEpoch?.(epoch, errors, devF1);
    if (!best || devF1 > best.devF1) best = { epoch, devF1, model };
  }
  if (!best) throw new TrainingDataError("epochs must be at least 1");
  return { ...best, train, dev, history, gazetteer, extractor };
}
