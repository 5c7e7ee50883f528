import { type DedupOptions, resolveDedupOptions } from "../dedup-options.ts";
import { type Fingerprint, fingerprint } from "../fingerprint.ts";
import { type FingerprintMatch, matchFingerprints } from "../match-fingerprints.ts";
import type { FixtureArticle, FixturePair } from "./load-fixtures.ts";

export interface PairOutcome extends FixturePair {
  predicted: FingerprintMatch | null;
}

/** Confusion counts over labelled pairs ("same story" is the positive class). */
export interface PairScores {
  pairs: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
}

export interface PairEvaluation extends PairScores {
  /** The pairs judged wrongly. */
  errors: PairOutcome[];
  byMethod: Record<string, number>;
}

/** Precision and recall of the pure matcher on labelled pairs (the earlier-published side is the original). */
export function evaluatePairs(articles: ReadonlyMap<string, FixtureArticle>, pairs: readonly FixturePair[], options: DedupOptions = {}): PairEvaluation {
  const opts = resolveDedupOptions(options);
  const fingerprints = new Map<string, Fingerprint>();
  const fp = (name: string): Fingerprint => {
    const cached = fingerprints.get(name);
    if (cached) return cached;
    const article = articles.get(name);
    if (!article) throw new Error(`pairs.tsv names unknown article ${name}`);
    const result = fingerprint(article, new Date(article.publishedAt), opts);
    if ("kind" in result) throw new Error(`fixture ${name} is invalid: ${result.reason}`);
    fingerprints.set(name, result);
    return result;
  };
  const ev: PairEvaluation = {
    pairs: 0,
    truePositives: 0,
    falsePositives: 0,
    falseNegatives: 0,
    trueNegatives: 0,
    precision: 0,
    recall: 0,
    errors: [],
    byMethod: {},
  };
  for (const pair of pairs) {
    const predicted = matchFingerprints(fp(pair.a), fp(pair.b), opts);
    ev.pairs++;
    if (predicted) ev.byMethod[predicted.method] = (ev.byMethod[predicted.method] ?? 0) + 1;
    if (predicted && pair.same) ev.truePositives++;
    else if (predicted) ev.falsePositives++;
    else if (pair.same) ev.falseNegatives++;
    else ev.trueNegatives++;
    if (Boolean(predicted) !== pair.same) ev.errors.push({ ...pair, predicted });
  }
  const flagged = ev.truePositives + ev.falsePositives;
  ev.precision = flagged === 0 ? 1 : ev.truePositives / flagged;
  ev.recall = ev.truePositives + ev.falseNegatives === 0 ? 1 : ev.truePositives / (ev.truePositives + ev.falseNegatives);
  return ev;
}
