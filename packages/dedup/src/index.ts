export { canonicalizeUrl, type CanonicalUrl, type CanonicalizeUrlOptions } from "./url/canonicalize-url.ts";
export { InvalidUrlError, type InvalidUrlReason } from "./errors/invalid-url-error.ts";
export { normalizeText, normalizeTitle, textHash } from "./text/normalize-text.ts";
export { diffSize, type DiffSizeOptions } from "./text/diff-size.ts";
export {
  minhash,
  minhashSignature,
  lshBands,
  lshBandKeys,
  shingleHashes,
  type Minhash,
  type MinhashOptions,
  type LshOptions,
} from "./minhash/minhash-signature.ts";
export { jaccard, containment, signatureJaccard, estimatedContainment } from "./minhash/similarity.ts";
export { type DedupOptions, type ResolvedDedupOptions, resolveDedupOptions } from "./dedup-options.ts";
export { fingerprint, type Fingerprint } from "./fingerprint.ts";
export { matchFingerprints, type FingerprintMatch } from "./match-fingerprints.ts";
export { createDedupStore, type DedupStore } from "./store/create-dedup-store.ts";
export type { DedupInput, DedupDecision, DuplicateMethod, FailedDecision } from "./types.ts";
