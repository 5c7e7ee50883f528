import { type FeatureExtractor, TITLE_WORDS } from "./features.ts";
import { Gazetteer, type AliasEntry, type AliasMatch } from "./gazetteer.ts";
import { allowedTransition, NUM_LABELS, spansOf } from "./labels.ts";
import { EN_FUNCTION_WORDS, FR_FUNCTION_WORDS } from "./language.ts";
import type { SequenceModel } from "./sequence-model.ts";
import type { EntityType } from "./types.ts";

/** An entity span over the tokens of one sentence. */
export interface TokenSpan {
  start: number;
  end: number;
  type: EntityType;
  confidence: number;
  /** Alias-table entry the whole span matched, if any. */
  entry?: AliasEntry;
}

/** Confidence given to spans added from the alias tables where the model saw nothing. */
export const GAP_FILL_CONFIDENCE = 0.6;

/** Post-processing switches; both on by default (measured on dev in MODEL.md). */
export interface SentenceTaggerOptions {
  /**
   * Add alias-table matches the model left untagged (entries without `nofill`), and widen model
   * spans that lie strictly inside such a match ("Bachar" in "Bachar al-Assad") to the whole match.
   */
  gapFill?: boolean;
  /** When a span exactly matches an alias that is not weak (curated, countries, demonyms), use the alias type. */
  aliasTypes?: boolean;
  /** Cut leading titles and honorifics off person spans ("Judge Gass" → "Gass"), as the training corpora annotate them. */
  trimTitles?: boolean;
}

/** Titles kept inside a person's name: a saint's name is the whole name ("Saint Paul"). */
const TITLES_KEPT = new Set(["saint", "st.", "st", "sainte"]);

/** Perceptron scores are large margins, not probabilities: this temperature spreads them before the softmax. */
const TEMPERATURE = 10;

/**
 * Mean over the span's tokens of a softmax over the labels allowed after the chosen previous label
 * (emission + transition, divided by {@link TEMPERATURE}). A ranking signal, not a calibrated probability.
 */
function confidenceOf(model: SequenceModel, emissions: Float32Array, labels: Uint8Array, start: number, end: number): number {
  const t = model.transitions;
  let sum = 0;
  for (let i = start; i < end; i++) {
    const prev = i === 0 ? NUM_LABELS : (labels[i - 1] ?? 0);
    const after = i === 0 ? 0 : prev;
    const e = i * NUM_LABELS;
    const tr = prev * NUM_LABELS;
    let max = -Infinity;
    for (let l = 0; l < NUM_LABELS; l++) {
      if (allowedTransition(after, l)) max = Math.max(max, ((emissions[e + l] ?? 0) + (t[tr + l] ?? 0)) / TEMPERATURE);
    }
    let z = 0;
    for (let l = 0; l < NUM_LABELS; l++) {
      if (allowedTransition(after, l)) z += Math.exp(((emissions[e + l] ?? 0) + (t[tr + l] ?? 0)) / TEMPERATURE - max);
    }
    const chosen = labels[i] ?? 0;
    sum += Math.exp(((emissions[e + chosen] ?? 0) + (t[tr + chosen] ?? 0)) / TEMPERATURE - max) / z;
  }
  return Math.round((sum / Math.max(1, end - start)) * 1000) / 1000;
}

// A capitalised pronoun or article after an opening quote ("Nous", "The") is never an entity on its own.
function isFunctionWord(word: string): boolean {
  if (!/^\p{Lu}\p{Ll}*['’]?$/u.test(word)) return false;
  const w = word.toLowerCase().replace("’", "'");
  return FR_FUNCTION_WORDS.has(w) || EN_FUNCTION_WORDS.has(w);
}

// "Kurdish-held", "Iran-backed", "UK-based", "French-speaking": a name glued to a lower-case participle
// or suffix word is a modifier, not a mention of the place or group.
const MODIFIER_RE =
  /^[\p{Lu}][\p{L}.]*[-‐‑](?:\p{Ll}+(?:ed|ing|en)|held|led|run|born|made|built|hit|torn|bound|struck|won|grown|known|based|style|like|wide|free)$/u;

const ROAD_RE = /^(?:RN|RD|RR|N|D|A|M|E|I|US)$/;
/** A road written as one token ("A9", "RN7", "D1075"): a model span of exactly that is a place. */
const ROAD_GLUED_RE = /^(?:RN|RD|RR|N|D|A|M|E|I)\d{1,4}$/;
/** French national, departmental and regional roads ("RN 106", "RD999"): unambiguous, added when the model missed them. */
const ROAD_FR_RE = /^(?:RN|RD|RR)(\d{1,4})?$/;

/** Tags one tokenised sentence: model decoding, then alias-table typing and gap filling. */
export function tagSentence(
  words: readonly string[],
  model: SequenceModel,
  gazetteer: Gazetteer,
  extractor: FeatureExtractor,
  options: SentenceTaggerOptions = {},
): TokenSpan[] {
  const n = words.length;
  if (n === 0) return [];
  const matches = gazetteer.match(words);
  const feats = extractor.extract(words, Gazetteer.codes(n, matches));
  const emissions = model.emissions(feats, n);
  const labels = model.decode(emissions, n);
  const spans: TokenSpan[] = spansOf(labels)
    .filter((s) => s.end - s.start > 1 || !(isFunctionWord(words[s.start] ?? "") || MODIFIER_RE.test(words[s.start] ?? "")))
    .map((s) => ({ ...s, confidence: confidenceOf(model, emissions, labels, s.start, s.end) }));
  if (options.trimTitles !== false) {
    for (const s of spans) {
      while (s.type === "PER" && s.end - s.start > 1) {
        const w = (words[s.start] ?? "").toLowerCase();
        if (!TITLE_WORDS.has(w) || TITLES_KEPT.has(w)) break;
        s.start++;
      }
    }
  }
  for (const s of spans) {
    // Road numbers written apart ("RN 106", "A 9", "I 95"): the number is part of the name.
    if (s.type === "LOC" && s.end - s.start === 1 && ROAD_RE.test(words[s.start] ?? "") && /^\d{1,4}$/.test(words[s.end] ?? "")) s.end++;
    else if (s.end - s.start === 1 && ROAD_GLUED_RE.test(words[s.start] ?? "")) s.type = "LOC";
  }
  if (options.gapFill !== false) addRoads(spans, words);
  for (const s of spans) {
    const entry = matches.length === 0 ? undefined : matches.find((m) => m.start === s.start && m.end === s.end)?.entry;
    if (entry) {
      s.entry = entry;
      // Weak entries (city names, which collide with surnames and common words) never retype. A
      // place the model reads as an organisation in context (a national team, "Sweden beat Belgium";
      // a government) keeps the model's type.
      if (options.aliasTypes !== false && !entry.weak && !(s.type === "ORG" && entry.type === "LOC")) s.type = entry.type;
    }
  }
  if (options.gapFill !== false && matches.length > 0) {
    trimToAliases(spans, words, matches);
    widenToAliases(spans, matches);
    const covered = new Uint8Array(n);
    for (const s of spans) covered.fill(1, s.start, s.end);
    for (const m of matches) {
      if (!m.entry.gapFill || covered.subarray(m.start, m.end).some((c) => c === 1)) continue;
      spans.push({ start: m.start, end: m.end, type: m.entry.type, confidence: GAP_FILL_CONFIDENCE, entry: m.entry });
    }
    spans.sort((a, b) => a.start - b.start);
  }
  return spans;
}

/**
 * A span led by lower-case words that ends with a known name ("agence Reuters", "président Macron")
 * is cut to that name: the lower-case words are a description, the name is the entity. Mutates `spans`.
 */
function trimToAliases(spans: TokenSpan[], words: readonly string[], matches: readonly AliasMatch[]): void {
  for (const s of spans) {
    if (s.end - s.start < 2 || !/^\p{Ll}/u.test(words[s.start] ?? "")) continue;
    const m = matches.find((x) => x.end === s.end && x.start > s.start && !x.entry.weak && x.entry.type !== "MISC");
    if (!m) continue;
    s.start = m.start;
    s.type = m.entry.type;
    s.entry = m.entry;
  }
}

/**
 * A model trained on little in-domain data often tags only the capitalised head of a known name
 * ("Forces" of "Forces démocratiques syriennes"). Spans wholly inside a longer non-weak alias match,
 * with no span crossing its edges, are replaced by the match. Mutates `spans`.
 */
function widenToAliases(spans: TokenSpan[], matches: readonly AliasMatch[]): void {
  for (const m of matches) {
    if (!m.entry.gapFill || m.entry.weak || m.end - m.start < 2) continue;
    const inside = spans.filter((s) => s.start >= m.start && s.end <= m.end);
    if (inside.length === 0 || inside.some((s) => s.start === m.start && s.end === m.end)) continue;
    if (spans.some((s) => s.start < m.end && s.end > m.start && (s.start < m.start || s.end > m.end))) continue;
    const confidence = Math.max(GAP_FILL_CONFIDENCE, ...inside.map((s) => s.confidence));
    for (const s of inside) spans.splice(spans.indexOf(s), 1);
    spans.push({ start: m.start, end: m.end, type: m.entry.type, confidence, entry: m.entry });
  }
}

/** Adds the French roads ("RN 106", "RD999") no span covers, as places. Mutates `spans`. */
function addRoads(spans: TokenSpan[], words: readonly string[]): void {
  for (let i = 0; i < words.length; i++) {
    const m = ROAD_FR_RE.exec(words[i] ?? "");
    if (!m) continue;
    const end = m[1] ? i + 1 : /^\d{1,4}$/.test(words[i + 1] ?? "") ? i + 2 : i;
    if (end === i || spans.some((s) => s.start < end && s.end > i)) continue;
    spans.push({ start: i, end, type: "LOC", confidence: GAP_FILL_CONFIDENCE });
    spans.sort((a, b) => a.start - b.start);
  }
}
