import { wordTokens } from "./text-tokens.ts";

/** Precision/recall of one page, counts normalised to sum to 1 so long pages do not dominate. */
export interface PageScore {
  precision: number;
  recall: number;
  f1: number;
}

function counts(tokens: string[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last; i++) {
    const gram = tokens.slice(i, i + n);
    if (gram.length === 0) continue;
    const key = gram.join("\u0001");
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/**
 * Token-level (n = 1) or shingle-level (n = 4, as scrapinghub's article-extraction-benchmark)
 * bag-of-`\w+` comparison of extracted text against gold text.
 */
export function scorePage(gold: string, predicted: string, n = 1): PageScore {
  const g = counts(wordTokens(gold), n);
  const p = counts(wordTokens(predicted), n);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, gc] of g) {
    const pc = p.get(key) ?? 0;
    tp += Math.min(gc, pc);
    fn += Math.max(0, gc - pc);
  }
  for (const [key, pc] of p) fp += Math.max(0, pc - (g.get(key) ?? 0));
  if (fp === 0 && fn === 0) return { precision: 1, recall: 1, f1: 1 };
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Set-level figures the way the public benchmarks report them: F1 of mean precision and mean recall. */
export interface SetScore {
  precision: number;
  recall: number;
  f1: number;
  /** Mean of per-page F1 (stricter: one bad page weighs as much as one good one). */
  meanPageF1: number;
  pages: number;
}

export function aggregate(scores: PageScore[]): SetScore {
  const n = scores.length;
  if (n === 0) return { precision: 0, recall: 0, f1: 0, meanPageF1: 0, pages: 0 };
  const mean = (f: (s: PageScore) => number): number => scores.reduce((a, s) => a + f(s), 0) / n;
  const precision = mean((s) => s.precision);
  const recall = mean((s) => s.recall);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), meanPageF1: mean((s) => s.f1), pages: n };
}
