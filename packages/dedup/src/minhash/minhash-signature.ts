import { normalizeText } from "../text/normalize-text.ts";
import { combineHashes, fmix32, hashString, seeds } from "./hash32.ts";

export interface MinhashOptions {
  /** Signature length. Changing it on a populated store makes old signatures incomparable. @defaultValue 128 */
  numPermutations?: number;
  /** Words per shingle. @defaultValue 3 */
  shingleSize?: number;
  /** Seed of the permutation family; all replicas must agree. @defaultValue 0x5eed1e */
  seed?: number;
}

export interface Minhash {
  signature: Uint32Array;
  /** Distinct shingles of the text: needed to turn a Jaccard estimate into a containment estimate. */
  shingleCount: number;
}

const seedCache = new Map<string, Uint32Array>();

function permutationSeeds(count: number, seed: number): Uint32Array {
  const key = `${count}:${seed}`;
  let cached = seedCache.get(key);
  if (!cached) {
    cached = seeds(count, seed);
    seedCache.set(key, cached);
  }
  return cached;
}

/** Distinct hashed word shingles of a text (after `normalizeText`). A text shorter than one shingle is one shingle. */
export function shingleHashes(text: string, shingleSize = 3): Set<number> {
  const normalized = normalizeText(text);
  const out = new Set<number>();
  if (!normalized) return out;
  const words = normalized.split(" ").map(hashString);
  const k = Math.max(1, Math.min(shingleSize, words.length));
  for (let i = 0; i + k <= words.length; i++) out.add(combineHashes(words, i, i + k));
  return out;
}

/**
 * MinHash over word shingles. Each "permutation" is `x ↦ fmix32(x ^ seedᵢ)`, a bijection on 32-bit
 * values, so a signature position is the minimum of the shingle set under one random permutation.
 */
export function minhash(text: string, options: MinhashOptions = {}): Minhash {
  const n = options.numPermutations ?? 128;
  const permutation = permutationSeeds(n, options.seed ?? 0x5eed1e);
  const shingles = shingleHashes(text, options.shingleSize ?? 3);
  const signature = new Uint32Array(n).fill(0xffffffff);
  for (const shingle of shingles) {
    for (let i = 0; i < n; i++) {
      const v = fmix32(shingle ^ (permutation[i] ?? 0));
      if (v < (signature[i] ?? 0)) signature[i] = v;
    }
  }
  return { signature, shingleCount: shingles.size };
}

/** The MinHash signature of `text`; see `minhash`. */
export function minhashSignature(text: string, options: MinhashOptions = {}): Uint32Array {
  return minhash(text, options).signature;
}

export interface LshOptions {
  /**
   * Signature positions per band. Three rows over 128 permutations (42 bands) make a pair a
   * candidate with probability 0.99 at Jaccard 0.5, 0.84 at 0.35 (a copy keeping half the text),
   * 0.29 at 0.2 and 0.00004 at 0.01 (unrelated texts sharing common phrases). Four rows would
   * miss trimmed copies; two would flood lookups with chance collisions on large stores.
   * @defaultValue 3
   */
  rows?: number;
  /** Number of bands. @defaultValue as many as fit: floor(signature length / rows) */
  bands?: number;
}

/** Band keys as 32-bit signed integers (the form stored in Postgres), band index mixed in. */
export function lshBandKeys(signature: Uint32Array, options: LshOptions = {}): Int32Array {
  const rows = options.rows ?? 3;
  const bands = options.bands ?? Math.floor(signature.length / rows);
  if (rows < 1 || bands < 1 || rows * bands > signature.length) {
    throw new RangeError(`${bands} bands of ${rows} rows do not fit a signature of ${signature.length}`);
  }
  const out = new Int32Array(bands);
  for (let b = 0; b < bands; b++) out[b] = combineHashes(signature, b * rows, (b + 1) * rows, fmix32(b + 1)) | 0;
  return out;
}

/** LSH band keys as 8-digit hex strings: two signatures sharing a key are near-duplicate candidates. */
export function lshBands(signature: Uint32Array, options: LshOptions = {}): string[] {
  return Array.from(lshBandKeys(signature, options), (k) => (k >>> 0).toString(16).padStart(8, "0"));
}
