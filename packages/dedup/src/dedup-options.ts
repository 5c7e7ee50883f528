import type { LshOptions, MinhashOptions } from "./minhash/minhash-signature.ts";

/** Thresholds and limits of the deduplicator. Every replica of a store must use the same values. */
export interface DedupOptions {
  /** MinHash settings; changing them on a populated store makes stored signatures incomparable. */
  minhash?: MinhashOptions;
  /** LSH banding; see `LshOptions`. @defaultValue 3 rows per band, 42 bands */
  lsh?: LshOptions;
  /** Estimated Jaccard at or above which a candidate is a near duplicate. @defaultValue 0.5 */
  jaccardThreshold?: number;
  /**
   * Estimated containment of the shorter text in the longer at or above which a candidate is a
   * near duplicate (a trimmed wire copy, a copy with extra boilerplate). @defaultValue 0.75
   */
  containmentThreshold?: number;
  /** Containment counts only when the shorter text has at least this many shingles. @defaultValue 40 */
  containmentMinShingles?: number;
  /** Near duplicates are looked for only this far either side of the publication date. @defaultValue 72 */
  nearDuplicateWindowHours?: number;
  /** Same title from the same source counts within this many days. @defaultValue 7 */
  titleWindowDays?: number;
  /** Titles shorter than this many words ("Live", "Météo") never match by title. @defaultValue 4 */
  titleMinWords?: number;
  /**
   * A title match also needs this much estimated text similarity (max of Jaccard and containment),
   * so that a recurring headline ("Les chiffres du chômage en mars") with a new text stays a new
   * article. @defaultValue 0.1
   */
  titleMinSimilarity?: number;
  /** Larger texts (UTF-8 bytes) are refused with reason `text-too-large`. @defaultValue 5 MiB */
  maxTextBytes?: number;
  /**
   * What `decide` returns for an (articleId, text) pair it has already decided: the very same
   * decision (so a worker that crashed before appending its event appends it now, idempotently),
   * or `{ kind: 'unchanged' }` for callers that never need it again. @defaultValue "same-decision"
   */
  onRepeat?: "same-decision" | "unchanged";
  /** Upper bound on near-duplicate candidates read per decision. @defaultValue 100 */
  maxCandidates?: number;
}

export type ResolvedDedupOptions = Required<Omit<DedupOptions, "minhash" | "lsh">> & { minhash: MinhashOptions; lsh: LshOptions };

export function resolveDedupOptions(options: DedupOptions = {}): ResolvedDedupOptions {
  return {
    minhash: options.minhash ?? {},
    lsh: options.lsh ?? {},
    jaccardThreshold: options.jaccardThreshold ?? 0.5,
    containmentThreshold: options.containmentThreshold ?? 0.75,
    containmentMinShingles: options.containmentMinShingles ?? 40,
    nearDuplicateWindowHours: options.nearDuplicateWindowHours ?? 72,
    titleWindowDays: options.titleWindowDays ?? 7,
    titleMinWords: options.titleMinWords ?? 4,
    titleMinSimilarity: options.titleMinSimilarity ?? 0.1,
    maxTextBytes: options.maxTextBytes ?? 5 * 1024 * 1024,
    onRepeat: options.onRepeat ?? "same-decision",
    maxCandidates: options.maxCandidates ?? 100,
  };
}
