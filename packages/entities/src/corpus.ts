import { existsSync, readFileSync } from "node:fs";
import { splitSentences } from "./sentences.ts";
import { tokenise } from "./tokenise.ts";

/** A gold sentence: tokens and their BIO labels (IOB1 and IO input are converted). */
export interface GoldSentence {
  words: string[];
  tags: string[];
}

/**
 * Entity type names of other annotation schemes mapped to PER/ORG/LOC/MISC; a type mapped to
 * "O" is dropped. WNUT-17 uses person/location/corporation/group/product/creative-work.
 */
const TYPE_NAMES: Record<string, string> = {
  PER: "PER",
  PERSON: "PER",
  ORG: "ORG",
  ORGANIZATION: "ORG",
  ORGANISATION: "ORG",
  CORPORATION: "ORG",
  GROUP: "ORG",
  LOC: "LOC",
  LOCATION: "LOC",
  GEO: "LOC",
  "GEO-LOC": "LOC",
  MISC: "MISC",
  PRODUCT: "MISC",
  "CREATIVE-WORK": "MISC",
};

const TAG_RE = /^(?:O|[BIES][-_]\S+)$/;

/** Sentences longer than this are cut after sentence-final punctuation (corpora without sentence breaks). */
const MAX_SENTENCE = 120;

/** Annotated corpus formats read by {@link readCorpus}. */
export type CorpusFormat = "conll" | "iob2" | "brat";

/** Thrown when a corpus file cannot be read as the given format. */
export class CorpusFormatError extends Error {
  override name = "CorpusFormatError";
}

/**
 * Reads one annotated file. `conll`/`iob2`: token in the first column, tag in the last (IOB1, IOB2,
 * IOBES or IO), or WikiNER `word|POS|tag` lines. `brat`: a `.txt` file and its `.ann` next to it
 * (either path may be given); the text is tokenised as the tagger does.
 */
export function readCorpus(path: string, format: CorpusFormat = path.endsWith(".ann") ? "brat" : "conll"): GoldSentence[] {
  if (format !== "brat") return parseColumns(readFileSync(path, "utf8"));
  const base = path.replace(/\.(ann|txt)$/, "");
  if (!existsSync(`${base}.txt`) || !existsSync(`${base}.ann`)) throw new CorpusFormatError(`brat needs ${base}.txt and ${base}.ann`);
  return parseBrat(readFileSync(`${base}.txt`, "utf8"), readFileSync(`${base}.ann`, "utf8"));
}

/** A typed character span [start, end) in a text. */
export interface CharSpan {
  start: number;
  end: number;
  type: string;
}

const BRAT_TYPES: Record<string, string> = {
  PERSON: "PER",
  PER: "PER",
  ORGANIZATION: "ORG",
  ORGANISATION: "ORG",
  ORG: "ORG",
  LOCATION: "LOC",
  LOC: "LOC",
  GPE: "LOC",
  PRODUCT: "MISC",
  EVENT: "MISC",
  MISC: "MISC",
};

/**
 * brat standoff: text-bound annotations `T1<TAB>Type start end<TAB>text`. Nested annotations
 * ("Grande Mosquée de Valence" holding "Valence") become flat BIO with the outermost PER/ORG/LOC
 * span; MISC (products, events) only where it overlaps none of those. Other types are dropped.
 */
export function parseBrat(text: string, ann: string): GoldSentence[] {
  const spans: CharSpan[] = [];
  for (const line of ann.split("\n")) {
    const m = /^T\d+\t(\S+) (\d+) (\d+)(?:;\d+ \d+)*\t/.exec(line);
    const type = m ? BRAT_TYPES[(m[1] ?? "").toUpperCase()] : undefined;
    if (m && type) spans.push({ start: Number(m[2]), end: Number(m[3]), type });
  }
  return spansToSentences(text, flattenSpans(spans));
}

/** Keeps outermost PER/ORG/LOC spans, then MISC spans that overlap none of the kept ones. */
export function flattenSpans(spans: readonly CharSpan[]): CharSpan[] {
  const byLength = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: CharSpan[] = [];
  for (const pass of [(t: string) => t !== "MISC", (t: string) => t === "MISC"]) {
    for (const s of byLength) {
      if (pass(s.type) && !kept.some((k) => k.start < s.end && s.start < k.end)) kept.push(s);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Tokenises and sentence-splits `text` as the tagger does and labels tokens from character spans:
 * a token belongs to a span when it overlaps it (spans cut inside a token widen to the token).
 */
export function spansToSentences(text: string, spans: readonly CharSpan[]): GoldSentence[] {
  const tokens = tokenise(text);
  const tags = tokens.map(() => "O");
  let t = 0;
  for (const s of spans) {
    while (t < tokens.length && (tokens[t]?.end ?? 0) <= s.start) t++;
    let first = true;
    for (let i = t; i < tokens.length && (tokens[i]?.start ?? Infinity) < s.end; i++) {
      if (tags[i] !== "O") break;
      tags[i] = `${first ? "B" : "I"}-${s.type}`;
      first = false;
    }
  }
  return splitSentences(text, tokens).map(([a, b]) => ({
    words: tokens.slice(a, b).map((x) => x.text),
    tags: toBio(tags.slice(a, b)),
  }));
}

/** Parses CoNLL-style columns or WikiNER lines (see {@link readCorpus}). */
export function parseColumns(text: string): GoldSentence[] {
  const out: GoldSentence[] = [];
  const push = (words: string[], tags: string[]): void => {
    for (const part of cutLong(words, tags)) out.push({ words: part.words, tags: toBio(part.tags.map(normaliseTag)) });
  };
  if (/^\S+\|\S+\|[BIO]/m.test(text.slice(0, 2000))) {
    for (const line of text.split("\n")) {
      const parts = line
        .trim()
        .split(" ")
        .filter((p) => p !== "");
      if (parts.length === 0) continue;
      const words: string[] = [];
      const tags: string[] = [];
      for (const p of parts) {
        const bits = p.split("|");
        words.push(bits[0] ?? "");
        tags.push(bits[bits.length - 1] ?? "O");
      }
      push(words, tags);
    }
    return out;
  }
  let words: string[] = [];
  let tags: string[] = [];
  const flush = (): void => {
    if (words.length > 0) push(words, tags);
    words = [];
    tags = [];
  };
  for (const line of text.split("\n")) {
    if (line.startsWith("# ")) continue; // conllu / UNER comment lines (# sent_id = …, # text = …)
    const cols = line
      .trim()
      .split(/\t| /)
      .filter((c) => c !== "");
    if (cols.length === 0 || line.startsWith("-DOCSTART-")) {
      flush();
      continue;
    }
    // conllu from WikiNEuRal: index, token, tag; UNER: index, token, tag, annotations; CoNLL-2003: token, POS,
    // chunk, tag; most others: token, tag.
    const indexed = /^\d+$/.test(cols[0] ?? "") && (cols.length === 3 || (cols.length > 3 && TAG_RE.test(cols[2] ?? "")));
    words.push((indexed ? cols[1] : cols[0]) ?? "");
    tags.push(indexed ? (cols[2] ?? "O") : cols.length > 1 ? (cols[cols.length - 1] ?? "O") : "O");
  }
  flush();
  return out;
}

/** `B-person` → `B-PER`; a bare type (IO scheme, `person`) → `I-PER`; unknown types → `O`. */
function normaliseTag(tag: string): string {
  if (tag === "O" || tag === "") return "O";
  const m = /^([BIES])[-_](.+)$/i.exec(tag);
  const prefix = m ? (m[1] ?? "I").toUpperCase() : "I";
  const type = TYPE_NAMES[(m ? (m[2] ?? "") : tag).toUpperCase()];
  if (!type || type === "O") return "O";
  return `${prefix === "S" ? "B" : prefix === "E" ? "I" : prefix}-${type}`;
}

function cutLong(words: string[], tags: string[]): GoldSentence[] {
  if (words.length <= MAX_SENTENCE) return [{ words, tags }];
  const parts: GoldSentence[] = [];
  let start = 0;
  for (let i = 0; i < words.length; i++) {
    const next = words[i + 1];
    const end = /^[.!?]$/.test(words[i] ?? "") && (tags[i + 1] ?? "O") === "O" && next !== undefined && /^\p{Lu}/u.test(next);
    if (end || i - start + 1 >= MAX_SENTENCE || i === words.length - 1) {
      parts.push({ words: words.slice(start, i + 1), tags: tags.slice(start, i + 1) });
      start = i + 1;
    }
  }
  return parts;
}

function toBio(tags: string[]): string[] {
  return tags.map((t, i) => {
    if (!t.startsWith("I-")) return t;
    const prev = tags[i - 1] ?? "O";
    return prev.slice(2) === t.slice(2) ? t : `B-${t.slice(2)}`;
  });
}
