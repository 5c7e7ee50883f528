import type { FeatureExtractor } from "./features.ts";
import type { Gazetteer } from "./gazetteer.ts";
import { labelIndex, spansOf } from "./labels.ts";
import { tagSentence, type SentenceTaggerOptions } from "./sentence-tagger.ts";
import type { SequenceModel } from "./sequence-model.ts";
import type { GoldSentence } from "./corpus.ts";

export interface Scores {
  sentences: number;
  /** Entity-level exact-match scores over the listed types. */
  precision: number;
  recall: number;
  f1: number;
  perType: Record<string, { precision: number; recall: number; f1: number; gold: number }>;
}

const round = (x: number): number => Math.round(x * 10000) / 10000;

/**
 * Counts true/false positives and misses per type; keys are `start:end:TYPE` strings (token or
 * character offsets, as long as gold and prediction use the same ones).
 */
export class SpanTally {
  private readonly counts: Map<string, { tp: number; fp: number; fn: number }>;
  private items = 0;

  constructor(readonly types: readonly string[] = ["PER", "ORG", "LOC"]) {
    this.counts = new Map(types.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  }

  add(gold: ReadonlySet<string>, pred: ReadonlySet<string>): void {
    this.items++;
    for (const p of pred) {
      const t = this.counts.get(p.split(":")[2] ?? "");
      if (t && gold.has(p)) t.tp++;
      else if (t) t.fp++;
    }
    for (const g of gold) {
      const t = this.counts.get(g.split(":")[2] ?? "");
      if (t && !pred.has(g)) t.fn++;
    }
  }

  scores(): Scores {
    const prf = (tp: number, fp: number, fn: number): { precision: number; recall: number; f1: number } => {
      const p = tp + fp === 0 ? 0 : tp / (tp + fp);
      const r = tp + fn === 0 ? 0 : tp / (tp + fn);
      return { precision: round(p), recall: round(r), f1: round(p + r === 0 ? 0 : (2 * p * r) / (p + r)) };
    };
    let tp = 0,
      fp = 0,
      fn = 0;
    const perType: Scores["perType"] = {};
    for (const [type, t] of this.counts) {
      tp += t.tp;
      fp += t.fp;
      fn += t.fn;
      perType[type] = { ...prf(t.tp, t.fp, t.fn), gold: t.tp + t.fn };
    }
    return { sentences: this.items, ...prf(tp, fp, fn), perType };
  }
}

/** Entity-level precision/recall/F1 (exact span and type), counting only `types`. */
export function evaluateSpans(
  sentences: readonly GoldSentence[],
  model: SequenceModel,
  gazetteer: Gazetteer,
  extractor: FeatureExtractor,
  types: readonly string[] = ["PER", "ORG", "LOC"],
  options: SentenceTaggerOptions = {},
): Scores {
  const tally = new SpanTally(types);
  for (const s of sentences) {
    const gold = new Set(
      spansOf(s.tags.map(labelIndex))
        .filter((x) => types.includes(x.type))
        .map((x) => `${x.start}:${x.end}:${x.type}`),
    );
    const pred = new Set(
      tagSentence(s.words, model, gazetteer, extractor, options)
        .filter((x) => types.includes(x.type))
        .map((x) => `${x.start}:${x.end}:${x.type}`),
    );
    tally.add(gold, pred);
  }
  return tally.scores();
}
