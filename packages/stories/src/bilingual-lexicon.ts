import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readBilingualNames } from "@vigie/entities";
import { termKey, words } from "./text-features.ts";

/** Longest phrase, in words, the lexicon looks up. */
export const MAX_PHRASE_WORDS = 3;

const phraseKey = (text: string): string =>
  words(text)
    .map((w) => w.key)
    .join(" ");

/**
 * French and English words and phrases mapped to one concept id: the cross-lingual signal beyond
 * linked entities ("séisme" and "earthquake" are `c:earthquake`; "Alep" and "Aleppo" the
 * gazetteer's id). Built once per process.
 */
export class BilingualLexicon {
  private readonly concepts = new Map<string, string>();

  get size(): number {
    return this.concepts.size;
  }

  /** Adds the forms of one concept; the first concept to claim a form keeps it. */
  add(concept: string, forms: readonly string[]): void {
    for (const form of forms) {
      const key = phraseKey(form);
      if (key === "" || key.split(" ").length > MAX_PHRASE_WORDS || this.concepts.has(key)) continue;
      this.concepts.set(key, concept);
    }
  }

  lookup(key: string): string | undefined {
    return this.concepts.get(key);
  }
}

const NEWS_LEXICON = fileURLToPath(new URL("../data/news-lexicon.tsv", import.meta.url));

/** Parses the event-vocabulary table (concept, English forms, French forms; `|`-separated). */
export function addNewsVocabulary(lexicon: BilingualLexicon, tsv: string): void {
  for (const line of tsv.split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const [concept, en, fr] = line.split("\t");
    if (!concept || !en || !fr) continue;
    lexicon.add(`c:${concept}`, [...en.split("|"), ...fr.split("|")]);
  }
}

/** The gazetteers' FR/EN names (those that differ) and vigie's event vocabulary. */
export function loadBilingualLexicon(): BilingualLexicon {
  const lexicon = new BilingualLexicon();
  for (const row of readBilingualNames()) lexicon.add(`e:${row.id}`, [row.nameEn, row.nameFr, ...row.aliases]);
  addNewsVocabulary(lexicon, readFileSync(NEWS_LEXICON, "utf8"));
  return lexicon;
}

export { termKey };
