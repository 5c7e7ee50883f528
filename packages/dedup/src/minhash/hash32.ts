// 32-bit hashing built on Math.imul so that it stays in small integers (no BigInt, no allocation).

/** The murmur3 finaliser: a bijection on 32-bit integers with full avalanche. */
export function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, finalised with fmix32 for avalanche. */
export function hashString(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Order-sensitive combination of 32-bit hashes (a shingle's words, a band's rows). */
export function combineHashes(values: ArrayLike<number>, start = 0, end = values.length, seed = 0x9747b28c): number {
  let h = seed;
  for (let i = start; i < end; i++) {
    h = Math.imul(h ^ (values[i] ?? 0), 0x01000193) ^ (h >>> 15);
    h = fmix32(h);
  }
  return h >>> 0;
}

/** Deterministic 32-bit seeds (splitmix32), so every worker replica draws the same permutations. */
export function seeds(count: number, seed: number): Uint32Array {
  const out = new Uint32Array(count);
  let state = seed | 0;
  for (let i = 0; i < count; i++) {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    out[i] = (z ^ (z >>> 15)) >>> 0;
  }
  return out;
}
