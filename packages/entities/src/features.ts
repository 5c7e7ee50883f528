/**
 * Hashed features for the sequence tagger: word identity, shape, affixes, a ±2 word window,
 * bigrams, word classes (clusters of English word vectors) and alias-table (gazetteer) matches.
 * Each feature is a 32-bit hash; the model maps it to a bucket, so no vocabulary is stored.
 */

/** Number of feature templates per token; part of the weight file format. */
export const NUM_TEMPLATES = 48;

export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x27d4eb2f, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  return (h ^ (h >>> 15)) >>> 0;
}

/** Word shape: Xxxxx → "Xx", "FDS" → "X", "al-Assad" → "x-Xx", "1,5" → "d,d"; long runs collapsed. */
export function wordShape(word: string, collapse: boolean): string {
  let out = "";
  let last = "";
  let run = 0;
  for (const ch of word) {
    const code = ch.charCodeAt(0);
    let c: string;
    // ASCII fast path; the Unicode property tests only for other characters.
    if (code >= 65 && code <= 90) c = "X";
    else if (code >= 97 && code <= 122) c = "x";
    else if (code >= 48 && code <= 57) c = "d";
    else if (code < 128) c = ch;
    else if (/\p{Lu}/u.test(ch)) c = "X";
    else if (/\p{Ll}/u.test(ch)) c = "x";
    else if (/\p{N}/u.test(ch)) c = "d";
    else if (/\p{L}/u.test(ch)) c = "o";
    else c = ch === "’" ? "'" : ch;
    if (c === last) {
      run++;
      if (collapse || run > 3) continue;
    } else run = 0;
    out += c;
    last = c;
    if (out.length > 12) break;
  }
  return out;
}

const W_LOWER = 0,
  W_RAW = 1,
  W_SHAPE = 2,
  W_SHORT = 3,
  W_P1 = 4,
  W_P2 = 5,
  W_P3 = 6;
const W_S1 = 7,
  W_S2 = 8,
  W_S3 = 9,
  W_S4 = 10,
  W_HYF = 11,
  W_HYL = 12,
  W_LEN = 13,
  W_LEX = 14,
  W_C64 = 15,
  W_C256 = 16,
  W_C1024 = 17,
  W_TITLE = 18,
  W_ORG_WORD = 19;
const WORD_SLOTS = 20;

/**
 * Titles and honorifics that stand before a person's name ("Judge Gass", "M. Macron") and words that
 * end organisation names ("… Lottery Corporation", "… Party"), English and French, lower-case.
 */
export const TITLE_WORDS: ReadonlySet<string> = new Set(
  (
    "mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir lord lady dame judge justice gen gen. general president " +
    "senator sen. rep. representative governor gov. mayor minister secretary chancellor ambassador king queen prince princess " +
    "pope father rev. reverend saint st. st captain capt. col. colonel lt. sgt. sergeant officer chief coach director " +
    "m. mme mme. mlle dr docteur maître général président présidente ministre maire juge sénateur député députée " +
    "roi reine prince princesse pape père abbé saint sainte colonel capitaine commandant lieutenant porte-parole"
  ).split(" "),
);
const ORG_WORDS = new Set(
  (
    "inc inc. corp corp. corporation company co. ltd ltd. llc plc party council university college institute institution " +
    "association union ministry department agency commission committee foundation society bank group league club federation " +
    "court airlines airways press army navy police office bureau board authority organisation organization trust fund " +
    "université parti conseil ministère institut association union banque société groupe commission comité fédération " +
    "fondation agence cour tribunal assemblée ligue compagnie entreprise"
  ).split(" "),
);

/** Word-list classes (bit flags) used as features: given names, family names. */
export const LEX_FIRST_NAME = 1;
export const LEX_NAME = 2;

/**
 * Word classes of one word at three nested granularities (64, 256, 1024), packed as
 * `c64 | c256 << 8 | c1024 << 16`; see {@link packClusters}.
 */
export type WordClusters = ReadonlyMap<string, number>;

export function packClusters(c64: number, c256: number, c1024: number): number {
  return ((c64 & 0xff) | ((c256 & 0xff) << 8) | ((c1024 & 0xffff) << 16)) >>> 0;
}

/**
 * Word-class table file (gzipped in `data/lexicon/word-clusters.bin.gz`): a little-endian uint32
 * word count n, n uint32 packed classes, then the n words in UTF-8, each followed by a line feed.
 * Binary rather than TSV because it loads in a third of the time (no number parsing).
 */
export function encodeWordClusters(words: readonly string[], packed: Uint32Array): Buffer {
  const head = Buffer.alloc(4 + 4 * words.length);
  head.writeUInt32LE(words.length, 0);
  words.forEach((_, i) => head.writeUInt32LE(packed[i] ?? 0, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(words.map((w) => `${w}\n`).join(""), "utf8")]);
}

/** Reads {@link encodeWordClusters}' format; throws on a truncated or inconsistent file. */
export function decodeWordClusters(bytes: Buffer): Map<string, number> {
  const n = bytes.length >= 4 ? bytes.readUInt32LE(0) : -1;
  if (n < 0 || bytes.length < 4 + 4 * n) throw new Error("word-class table truncated");
  const words = bytes.toString("utf8", 4 + 4 * n).split("\n");
  if (words.length !== n + 1) throw new Error(`word-class table holds ${words.length - 1} words, header says ${n}`);
  const clusters = new Map<string, number>();
  for (let i = 0; i < n; i++) clusters.set(words[i] ?? "", bytes.readUInt32LE(4 + 4 * i));
  return clusters;
}

/**
 * Alias-table match codes, one per token (see `Gazetteer.codes`): the low 4 bits are the BIO label
 * index of the matched entry's type (0 = no match); the bits above are the table the entry came
 * from and the token's place in the match (see {@link gazetteerSourceCode}).
 */
export const GAZ_TYPE_MASK = 0xf;

/** Place of a token in an alias match: the whole match, its first, an inner, or its last word. */
export type MatchPlace = "whole" | "first" | "inner" | "last";
const PLACES: readonly MatchPlace[] = ["whole", "first", "inner", "last"];

/** The upper bits of a token's match code: `(table + 1) * 4 + place`, table being the alias table's index (0–14). */
export function gazetteerSourceCode(table: number, place: MatchPlace): number {
  return ((Math.min(table, 14) + 1) * 4 + PLACES.indexOf(place)) << 4;
}

/** Feature extractor with a bounded per-word cache (words repeat a lot in news). */
export class FeatureExtractor {
  private readonly cache = new Map<string, Uint32Array>();
  private readonly bos: Uint32Array;
  private readonly eos: Uint32Array;

  /**
   * @param lexicon lower-cased word → class bits ({@link LEX_FIRST_NAME}, {@link LEX_NAME}); must be the
   *   same at training and tagging time.
   */
  /**
   * @param clusters lower-cased word → packed word classes ({@link packClusters}); a word missing from it
   *   has class "unknown". Must be the same at training and tagging time.
   */
  constructor(
    private readonly lexicon: ReadonlyMap<string, number> = new Map(),
    private readonly clusters: WordClusters = new Map(),
    private readonly maxCache = 200_000,
  ) {
    this.bos = this.sentinel("<s>");
    this.eos = this.sentinel("</s>");
  }

  private sentinel(tag: string): Uint32Array {
    const a = new Uint32Array(WORD_SLOTS);
    for (let i = 0; i < WORD_SLOTS; i++) a[i] = fnv1a(tag, i + 1);
    return a;
  }

  wordInfo(word: string): Uint32Array {
    const hit = this.cache.get(word);
    if (hit) return hit;
    if (this.cache.size >= this.maxCache) this.cache.clear();
    const w = word.replace(/’/g, "'");
    const lower = w.toLowerCase().replace(/\p{N}/gu, "0");
    const a = new Uint32Array(WORD_SLOTS);
    a[W_LOWER] = fnv1a(lower, 1);
    a[W_RAW] = fnv1a(w, 2);
    a[W_SHAPE] = fnv1a(wordShape(w, false), 3);
    a[W_SHORT] = fnv1a(wordShape(w, true), 4);
    a[W_P1] = fnv1a(lower.slice(0, 1), 5);
    a[W_P2] = fnv1a(lower.slice(0, 2), 6);
    a[W_P3] = fnv1a(lower.slice(0, 3), 7);
    a[W_S1] = fnv1a(lower.slice(-1), 8);
    a[W_S2] = fnv1a(lower.slice(-2), 9);
    a[W_S3] = fnv1a(lower.slice(-3), 10);
    a[W_S4] = fnv1a(lower.slice(-4), 11);
    const parts = lower.split(/[-‐‑]/);
    a[W_HYF] = fnv1a(parts.length > 1 ? (parts[0] ?? "") : "-", 12);
    a[W_HYL] = fnv1a(parts.length > 1 ? (parts[parts.length - 1] ?? "") : "-", 13);
    a[W_LEN] = fnv1a(String(Math.min(w.length, 8)), 14);
    a[W_LEX] = /^\p{Lu}/u.test(w) ? fnv1a(String(this.lexicon.get(lower) ?? 0), 15) : 0;
    const cl = this.clusters.get(w.toLowerCase());
    a[W_C64] = cl === undefined ? 0 : fnv1a(String(cl & 0xff), 16);
    a[W_C256] = cl === undefined ? 0 : fnv1a(String((cl >>> 8) & 0xff), 17);
    a[W_C1024] = cl === undefined ? 0 : fnv1a(String(cl >>> 16), 18);
    const bare = w.toLowerCase();
    a[W_TITLE] = TITLE_WORDS.has(bare) ? fnv1a(bare, 19) : 0;
    a[W_ORG_WORD] = ORG_WORDS.has(bare) ? fnv1a(bare, 20) : 0;
    this.cache.set(word, a);
    return a;
  }

  /**
   * Features of every token of one sentence, flattened: token i owns
   * `out[i * NUM_TEMPLATES .. (i + 1) * NUM_TEMPLATES)`.
   * @param gaz per-token alias-table label (0 = none), see gazetteer.ts.
   */
  extract(words: readonly string[], gaz: ArrayLike<number>): Uint32Array {
    const n = words.length;
    const infos: Uint32Array[] = new Array<Uint32Array>(n + 4);
    infos[0] = this.bos;
    infos[1] = this.bos;
    for (let i = 0; i < n; i++) infos[i + 2] = this.wordInfo(words[i] ?? "");
    infos[n + 2] = this.eos;
    infos[n + 3] = this.eos;
    const g = (i: number): number => (i < 0 || i >= n ? 99 : (gaz[i] ?? 0) & GAZ_TYPE_MASK);
    const gs = (i: number): number => (i < 0 || i >= n ? 99 : (gaz[i] ?? 0) >>> 4);
    const out = new Uint32Array(n * NUM_TEMPLATES);
    for (let i = 0; i < n; i++) {
      const pp = infos[i] ?? this.bos;
      const p = infos[i + 1] ?? this.bos;
      const c = infos[i + 2] ?? this.bos;
      const nx = infos[i + 3] ?? this.eos;
      const nn = infos[i + 4] ?? this.eos;
      const cLower = c[W_LOWER] ?? 0;
      const cShort = c[W_SHORT] ?? 0;
      const o = i * NUM_TEMPLATES;
      out[o] = mix(0, 0);
      out[o + 1] = mix(1, cLower);
      out[o + 2] = mix(2, c[W_RAW] ?? 0);
      out[o + 3] = mix(3, c[W_SHAPE] ?? 0);
      out[o + 4] = mix(4, cShort);
      out[o + 5] = mix(5, c[W_P1] ?? 0);
      out[o + 6] = mix(6, c[W_P2] ?? 0);
      out[o + 7] = mix(7, c[W_P3] ?? 0);
      out[o + 8] = mix(8, c[W_S1] ?? 0);
      out[o + 9] = mix(9, c[W_S2] ?? 0);
      out[o + 10] = mix(10, c[W_S3] ?? 0);
      out[o + 11] = mix(11, c[W_S4] ?? 0);
      out[o + 12] = mix(12, p[W_LOWER] ?? 0);
      out[o + 13] = mix(13, nx[W_LOWER] ?? 0);
      out[o + 14] = mix(14, pp[W_LOWER] ?? 0);
      out[o + 15] = mix(15, nn[W_LOWER] ?? 0);
      out[o + 16] = mix(16, p[W_SHORT] ?? 0);
      out[o + 17] = mix(17, nx[W_SHORT] ?? 0);
      out[o + 18] = mix(mix(18, p[W_LOWER] ?? 0), cLower);
      out[o + 19] = mix(mix(19, cLower), nx[W_LOWER] ?? 0);
      out[o + 20] = mix(mix(mix(20, p[W_SHORT] ?? 0), cShort), nx[W_SHORT] ?? 0);
      out[o + 21] = mix(21, g(i));
      out[o + 22] = mix(22, g(i - 1));
      out[o + 23] = mix(23, g(i + 1));
      out[o + 24] = mix(mix(24, i === 0 ? 1 : 0), cShort);
      out[o + 25] = mix(mix(25, p[W_LOWER] ?? 0), cShort);
      out[o + 26] = mix(mix(26, cShort), nx[W_LOWER] ?? 0);
      out[o + 27] = mix(mix(27, c[W_HYF] ?? 0), c[W_HYL] ?? 0);
      out[o + 28] = mix(mix(28, g(i)), cShort);
      out[o + 29] = mix(mix(29, c[W_LEN] ?? 0), cShort);
      out[o + 30] = mix(30, c[W_LEX] ?? 0);
      out[o + 31] = mix(mix(31, p[W_LEX] ?? 0), c[W_LEX] ?? 0);
      out[o + 32] = mix(mix(32, c[W_LEX] ?? 0), nx[W_LEX] ?? 0);
      const c1024 = c[W_C1024] ?? 0;
      out[o + 33] = mix(33, c[W_C64] ?? 0);
      out[o + 34] = mix(34, c[W_C256] ?? 0);
      out[o + 35] = mix(35, c1024);
      out[o + 36] = mix(36, p[W_C1024] ?? 0);
      out[o + 37] = mix(37, nx[W_C1024] ?? 0);
      out[o + 38] = mix(38, p[W_C256] ?? 0);
      out[o + 39] = mix(39, nx[W_C256] ?? 0);
      out[o + 40] = mix(mix(40, c1024), cShort);
      out[o + 41] = mix(41, gs(i));
      out[o + 42] = mix(42, gs(i - 1));
      out[o + 43] = mix(43, gs(i + 1));
      // ±2 word classes; a title or honorific one or two words before; an organisation word one or two words after.
      out[o + 44] = mix(44, pp[W_C256] ?? 0);
      out[o + 45] = mix(45, nn[W_C256] ?? 0);
      out[o + 46] = mix(mix(46, p[W_TITLE] || pp[W_TITLE] || 0), cShort);
      out[o + 47] = mix(mix(47, nx[W_ORG_WORD] || nn[W_ORG_WORD] || 0), cShort);
    }
    return out;
  }
}
