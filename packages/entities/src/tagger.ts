import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { decodeWordClusters, FeatureExtractor, LEX_FIRST_NAME, LEX_NAME } from "./features.ts";
import { entityLabel, Gazetteer, type AliasEntry } from "./gazetteer.ts";
import { addSurnames, makeConsistent, type Found } from "./document-consistency.ts";
import { guessLanguage } from "./language.ts";
import { localId } from "./normalise.ts";
import { tagSentence, type SentenceTaggerOptions } from "./sentence-tagger.ts";
import { splitSentences } from "./sentences.ts";
import { SequenceModel } from "./sequence-model.ts";
import { tokenise } from "./tokenise.ts";
import type { EntitySummary, EntityType, Mention, Tagger, TagOptions, TagResult } from "./types.ts";

const DATA_DIR = fileURLToPath(new URL("../data/", import.meta.url));

/** Alias tables shipped with the package, in priority order. */
export const DEFAULT_ALIAS_TABLES = ["curated.tsv", "countries.tsv", "demonyms.tsv", "major-cities.tsv", "cities.tsv"];

/** Options for {@link loadTagger}. */
export interface LoadTaggerOptions extends SentenceTaggerOptions {
  /**
   * Directory holding `model-fr.bin.gz`, `model-en.bin.gz` and `aliases/*.tsv`.
   * @defaultValue the package's own `data/` directory
   */
  dataDir?: string;
  /**
   * Extra alias tables (TSV paths, same columns as `data/aliases/curated.tsv`), consulted before the shipped ones.
   * @defaultValue []
   */
  extraAliasTables?: string[];
  /**
   * Weight files to use instead of `dataDir`'s, per language (written by `vigie entities train`).
   * @defaultValue {}
   */
  modelFiles?: { fr?: string; en?: string };
  /**
   * Within one text, give a name one type: a one-word mention that is the last word of a longer
   * PER mention becomes PER, and a name tagged with several types takes the most confident one.
   * @defaultValue true
   */
  documentConsistency?: boolean;
  /** @defaultValue 20000 */
  maxMentions?: number;
  /** @defaultValue 5000 */
  maxEntities?: number;
  /**
   * Characters of text considered; the rest is ignored so one call stays bounded.
   * @defaultValue 2000000
   */
  maxChars?: number;
}

/** Thrown by loadTagger when a weight file or alias table is missing. */
export class TaggerLoadError extends Error {
  override name = "TaggerLoadError";
}

/** Loads the shipped alias tables (and extra ones first). */
export function loadGazetteer(dataDir = DATA_DIR, extra: readonly string[] = []): Gazetteer {
  const g = new Gazetteer();
  for (const path of extra) g.addTable(readFileSync(path, "utf8"), path);
  DEFAULT_ALIAS_TABLES.forEach((name, i) => g.addTable(readFileSync(`${dataDir}aliases/${name}`, "utf8"), name, i));
  return g;
}

/** The bilingual rows (id, English name, French name, aliases) of the alias tables that give both names: read by the story model's lexicon. */
export function readBilingualNames(
  dataDir = DATA_DIR,
  tables: readonly string[] = ["curated.tsv", "countries.tsv", "demonyms.tsv", "major-cities.tsv"],
): { id: string; nameEn: string; nameFr: string; aliases: string[] }[] {
  const rows: { id: string; nameEn: string; nameFr: string; aliases: string[] }[] = [];
  for (const name of tables) {
    for (const line of readFileSync(`${dataDir}aliases/${name}`, "utf8").split("\n")) {
      if (line.trim() === "" || line.startsWith("#")) continue;
      const [id, , nameEn, nameFr, aliases] = line.split("\t");
      if (!id || !nameEn || !nameFr || nameEn === nameFr) continue;
      rows.push({ id, nameEn, nameFr, aliases: aliases ? aliases.split("|").filter(Boolean) : [] });
    }
  }
  return rows;
}

/** Name word lists (lower-cased word → class bits) used as features. */
export function loadLexicon(dataDir = DATA_DIR): Map<string, number> {
  const lexicon = new Map<string, number>();
  const add = (file: string, bit: number): void => {
    for (const w of readFileSync(`${dataDir}lexicon/${file}`, "utf8").split("\n")) {
      const k = w.trim().toLowerCase();
      if (k) lexicon.set(k, (lexicon.get(k) ?? 0) | bit);
    }
  };
  add("first-names.txt", LEX_FIRST_NAME);
  add("names.txt", LEX_NAME);
  return lexicon;
}

/**
 * Word classes (`lexicon/word-clusters.bin.gz`: each word's class among 64, 256 and 1024), built by
 * `scripts/build-clusters.ts` from English word vectors; lower-cased word → packed classes.
 */
export function loadWordClusters(dataDir = DATA_DIR): Map<string, number> {
  const path = `${dataDir}lexicon/word-clusters.bin.gz`;
  try {
    return decodeWordClusters(gunzipSync(readFileSync(path)));
  } catch (err) {
    throw new TaggerLoadError(`cannot read the word-class table ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The feature extractor of the shipped data: name word lists and word classes. */
export function loadFeatureExtractor(dataDir = DATA_DIR): FeatureExtractor {
  return new FeatureExtractor(loadLexicon(dataDir), loadWordClusters(dataDir));
}

function loadModel(dataDir: string, lang: "fr" | "en", file: string | undefined): SequenceModel {
  const path = file ?? `${dataDir}model-${lang}.bin.gz`;
  if (!existsSync(path)) throw new TaggerLoadError(`missing weight file ${path}; run scripts/train.ts`);
  const model = SequenceModel.deserialise(readFileSync(path));
  if (model.meta.language !== lang) throw new TaggerLoadError(`${path} holds ${model.meta.language} weights, not ${lang}`);
  return model;
}

/**
 * Loads both language models and the alias tables (synchronously, once) and returns a tagger.
 * Throws {@link TaggerLoadError} when data files are missing.
 */
export function loadTagger(options: LoadTaggerOptions = {}): Tagger {
  const dataDir = options.dataDir ? options.dataDir.replace(/\/?$/, "/") : DATA_DIR;
  const models = { fr: loadModel(dataDir, "fr", options.modelFiles?.fr), en: loadModel(dataDir, "en", options.modelFiles?.en) };
  const gazetteer = loadGazetteer(dataDir, options.extraAliasTables);
  const extractor = loadFeatureExtractor(dataDir);
  const maxMentions = options.maxMentions ?? 20_000;
  const maxEntities = options.maxEntities ?? 5_000;
  const maxChars = options.maxChars ?? 2_000_000;

  function tag(input: string, tagOptions: TagOptions = {}): TagResult {
    const text = typeof input === "string" ? input.slice(0, maxChars) : "";
    const tokens = tokenise(text);
    const forced = tagOptions.language === "fr" || tagOptions.language === "en" ? tagOptions.language : undefined;
    const guess = forced ? { model: forced, code: forced } : guessLanguage(text, tokens);
    const model = models[guess.model];
    const found: Found[] = [];
    for (const [a, b] of splitSentences(text, tokens)) {
      if (found.length >= maxMentions) break;
      const sentence = tokens.slice(a, b);
      for (const s of tagSentence(
        sentence.map((t) => t.text),
        model,
        gazetteer,
        extractor,
        options,
      )) {
        const first = sentence[s.start];
        const last = sentence[s.end - 1];
        if (!first || !last || found.length >= maxMentions) continue;
        found.push({ start: first.start, end: last.end, text: text.slice(first.start, last.end), type: s.type, confidence: s.confidence, entry: s.entry });
      }
    }
    if (options.documentConsistency !== false) {
      addSurnames(found, tokens, maxMentions);
      makeConsistent(found);
    }
    const mentions: Mention[] = [];
    const linked = new Linker(guess.model);
    for (const f of found) {
      const candidate = f.entry ?? gazetteer.lookup(f.text);
      // An alias of another type (a PER "Jackson" vs the city) must not hijack the link.
      const entry = candidate?.type === f.type ? candidate : undefined;
      mentions.push({ start: f.start, end: f.end, text: f.text, type: f.type, entityId: linked.link(f.text, f.type, entry), confidence: f.confidence });
    }
    return { language: guess.code, mentions, entities: linked.summaries(mentions, maxEntities) };
  }

  return {
    tag(text: string, tagOptions?: TagOptions): TagResult {
      try {
        return tag(text, tagOptions);
      } catch {
        // Defensive: tag() must never throw on any input; an internal failure yields an empty result.
        return { language: "und", mentions: [], entities: [] };
      }
    },
  };
}

/** Resolves mentions to ids within one document, remembering names for surname-only references. */
class Linker {
  private readonly names = new Map<string, { name: string; type: EntityType }>();
  private readonly surnames = new Map<string, string>();

  constructor(private readonly language: "fr" | "en") {}

  link(text: string, type: EntityType, entry: AliasEntry | undefined): string {
    let id: string;
    if (entry) {
      id = entry.id;
      if (!this.names.has(id)) this.names.set(id, { name: entityLabel(entry, this.language), type: entry.type });
    } else {
      const single = !/\s/.test(text.trim());
      const earlier = type === "PER" && single ? this.surnames.get(text.toLowerCase()) : undefined;
      id = earlier ?? localId(type, text);
      if (!this.names.has(id)) this.names.set(id, { name: text, type });
    }
    if (type === "PER") {
      const parts = text.trim().split(/\s+/);
      const surname = parts[parts.length - 1];
      if (parts.length > 1 && surname && !this.surnames.has(surname.toLowerCase())) this.surnames.set(surname.toLowerCase(), id);
    }
    return id;
  }

  summaries(mentions: readonly Mention[], max: number): EntitySummary[] {
    const counts = new Map<string, EntitySummary>();
    for (const m of mentions) {
      const s = counts.get(m.entityId);
      if (s) s.count++;
      else {
        const known = this.names.get(m.entityId);
        counts.set(m.entityId, { entityId: m.entityId, name: known?.name ?? m.text, type: known?.type ?? m.type, count: 1 });
      }
    }
    return [...counts.values()].sort((a, b) => b.count - a.count).slice(0, max);
  }
}
