import type { ResolvedDedupOptions } from "./dedup-options.ts";
import type { Fingerprint } from "./fingerprint.ts";
import { estimatedContainment, signatureJaccard } from "./minhash/similarity.ts";
import type { DuplicateMethod } from "./types.ts";

export interface FingerprintMatch {
  method: DuplicateMethod;
  similarity: number;
}

/** Rank of a method: exact evidence first. */
export const METHOD_RANK: Record<DuplicateMethod, number> = { url: 0, "text-hash": 1, title: 2, "near-duplicate": 3 };

function shareBand(a: Int32Array, b: Int32Array): boolean {
  // Band keys mix in their index, so equal values at any positions mean a shared band.
  const set = new Set(b);
  return a.some((k) => set.has(k));
}

/**
 * Whether `b` is a copy of `a` and by which method. Pure: the store applies it to the candidates
 * its indexes return, the fixture evaluation to every labelled pair, so both decide alike
 * (a near duplicate must share an LSH band, as it must to be found in Postgres).
 */
export function matchFingerprints(a: Fingerprint, b: Fingerprint, options: ResolvedDedupOptions): FingerprintMatch | null {
  if (a.matchKey === b.matchKey) return { method: "url", similarity: 1 };
  if (a.textHash === b.textHash) return { method: "text-hash", similarity: 1 };
  const distance = Math.abs(a.publishedAt - b.publishedAt);
  const j = signatureJaccard(a.signature, b.signature);
  const c = estimatedContainment(j, a.shingleCount, b.shingleCount);
  if (
    a.titleKey !== null &&
    a.titleKey === b.titleKey &&
    a.source !== null &&
    a.source === b.source &&
    distance <= options.titleWindowDays * 86_400_000 &&
    Math.max(j, c) >= options.titleMinSimilarity
  ) {
    return { method: "title", similarity: 1 };
  }
  if (distance > options.nearDuplicateWindowHours * 3_600_000 || !shareBand(a.bandKeys, b.bandKeys)) return null;
  const byJaccard = j >= options.jaccardThreshold;
  const byContainment = c >= options.containmentThreshold && Math.min(a.shingleCount, b.shingleCount) >= options.containmentMinShingles;
  if (!byJaccard && !byContainment) return null;
  return { method: "near-duplicate", similarity: Math.max(byJaccard ? j : 0, byContainment ? c : 0) };
}

/** True when `x` is a better match than `y`: stronger method, then higher similarity. */
export function isBetterMatch(x: FingerprintMatch, y: FingerprintMatch): boolean {
  const rank = METHOD_RANK[x.method] - METHOD_RANK[y.method];
  return rank !== 0 ? rank < 0 : x.similarity > y.similarity;
}
