import { readFileSync } from "node:fs";

/** A gold sentence: tokens and their BIO labels (IOB1 input is converted). */
export interface GoldSentence {
  words: string[];
  tags: string[];
}

/** Reads CoNLL-style columns (token in the second-to-last... first text column, tag last) or WikiNER `word|POS|tag` lines. */
export function readCorpus(path: string): GoldSentence[] {
  const text = readFileSync(path, "utf8");
  const out: GoldSentence[] = [];
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
      out.push({ words, tags: toBio(tags) });
    }
    return out;
  }
  let words: string[] = [];
  let tags: string[] = [];
  const flush = (): void => {
    if (words.length > 0) out.push({ words, tags: toBio(tags) });
    words = [];
    tags = [];
  };
  for (const line of text.split("\n")) {
    const cols = line.trim().split(/\t| /);
    if (line.trim() === "" || line.startsWith("-DOCSTART-")) {
      flush();
      continue;
    }
    // conllu from WikiNEuRal: index, token, tag; CoNLL-2003: token, POS, chunk, tag.
    const word = /^\d+$/.test(cols[0] ?? "") && cols.length === 3 ? cols[1] : cols[0];
    words.push(word ?? "");
    tags.push(cols[cols.length - 1] ?? "O");
  }
  flush();
  return out;
}

function toBio(tags: string[]): string[] {
  return tags.map((t, i) => {
    if (!t.startsWith("I-")) return t;
    const prev = tags[i - 1] ?? "O";
    return prev.slice(2) === t.slice(2) ? t : `B-${t.slice(2)}`;
  });
}
