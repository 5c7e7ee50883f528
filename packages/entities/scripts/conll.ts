import { readFileSync } from "node:fs";

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
  PER: "PER", PERSON: "PER", ORG: "ORG", ORGANIZATION: "ORG", ORGANISATION: "ORG", CORPORATION: "ORG", GROUP: "ORG",
  LOC: "LOC", LOCATION: "LOC", GEO: "LOC", "GEO-LOC": "LOC", MISC: "MISC", PRODUCT: "MISC", "CREATIVE-WORK": "MISC",
};

/** Sentences longer than this are cut after sentence-final punctuation (corpora without sentence breaks). */
const MAX_SENTENCE = 120;

/** Reads CoNLL-style columns (token in the first column, tag in the last) or WikiNER `word|POS|tag` lines. */
export function readCorpus(path: string): GoldSentence[] {
  const text = readFileSync(path, "utf8");
  const out: GoldSentence[] = [];
  const push = (words: string[], tags: string[]): void => {
    for (const part of cutLong(words, tags)) out.push({ words: part.words, tags: toBio(part.tags.map(normaliseTag)) });
  };
  if (/^\S+\|\S+\|[BIO]/m.test(text.slice(0, 2000))) {
    for (const line of text.split("\n")) {
      const parts = line.trim().split(" ").filter((p) => p !== "");
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
    const cols = line.trim().split(/\t| /).filter((c) => c !== "");
    if (cols.length === 0 || line.startsWith("-DOCSTART-")) {
      flush();
      continue;
    }
    // conllu from WikiNEuRal: index, token, tag; CoNLL-2003: token, POS, chunk, tag; most others: token, tag.
    const word = /^\d+$/.test(cols[0] ?? "") && cols.length === 3 ? cols[1] : cols[0];
    words.push(word ?? "");
    tags.push(cols.length > 1 ? (cols[cols.length - 1] ?? "O") : "O");
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
