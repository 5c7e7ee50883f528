/**
 * A deterministic pseudo-random generator (mulberry32) in [0, 1): the same seed gives the same
 * sequence, so a benchmark's corpus or a chaos run's faults can be generated again from the seed
 * it prints. Not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
