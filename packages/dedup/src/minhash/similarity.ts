type Collection<T> = ReadonlySet<T> | readonly T[];

const asSet = <T>(c: Collection<T>): ReadonlySet<T> => (c instanceof Set ? c : new Set(c as readonly T[]));

function intersectionSize<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const x of small) if (large.has(x)) n++;
  return n;
}

/** Exact Jaccard similarity |A∩B| / |A∪B| of two sets (1 for two empty sets). */
export function jaccard<T>(a: Collection<T>, b: Collection<T>): number {
  const sa = asSet(a);
  const sb = asSet(b);
  const inter = intersectionSize(sa, sb);
  const union = sa.size + sb.size - inter;
  return union === 0 ? 1 : inter / union;
}

/** Exact containment |A∩B| / |A| of `a` in `b` (1 when `a` is empty). */
export function containment<T>(a: Collection<T>, b: Collection<T>): number {
  const sa = asSet(a);
  return sa.size === 0 ? 1 : intersectionSize(sa, asSet(b)) / sa.size;
}

/** Jaccard estimate from two MinHash signatures: the fraction of equal positions. */
export function signatureJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return equal / a.length;
}

/**
 * Containment of the smaller shingle set in the larger, estimated from a Jaccard estimate and the
 * set sizes: |A∩B| = J·(|A|+|B|)/(1+J).
 */
export function estimatedContainment(jaccardEstimate: number, sizeA: number, sizeB: number): number {
  const smaller = Math.min(sizeA, sizeB);
  if (smaller === 0) return 0;
  const inter = (jaccardEstimate * (sizeA + sizeB)) / (1 + jaccardEstimate);
  return Math.min(1, inter / smaller);
}
