import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Sql } from "@vigie/db";
import { seededRandom } from "@vigie/fixture-site/seeded-random";
import { DAY_MS, isoDay, weekStart } from "../src/span-query.ts";

/** Syllables of the generated vocabularies; the French ones carry accents, so unaccent is exercised. */
export const FR_SYLLABLES = [
  "ré",
  "pu",
  "bli",
  "que",
  "gou",
  "ver",
  "ne",
  "ment",
  "é",
  "lec",
  "tion",
  "mi",
  "nis",
  "tè",
  "re",
  "pré",
  "si",
  "dent",
  "grè",
  "ve",
  "ça",
  "fran",
  "çais",
  "la",
  "bou",
  "ro",
  "cé",
  "dé",
  "pu",
  "té",
];
export const EN_SYLLABLES = [
  "gov",
  "ern",
  "ment",
  "pres",
  "i",
  "dent",
  "mar",
  "ket",
  "strike",
  "pol",
  "i",
  "cy",
  "vote",
  "el",
  "ec",
  "tion",
  "bor",
  "der",
  "trade",
  "war",
  "com",
  "pa",
  "ny",
  "for",
  "eign",
  "af",
  "fairs",
  "bank",
  "rate",
  "tax",
];

/** A vocabulary of `size` distinct pseudo-words of 2–4 syllables; French ones carry accents. */
export function vocabulary(syllables: readonly string[], size: number, random: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + Math.floor(random() * 3);
    let w = "";
    for (let i = 0; i < n; i++) w += syllables[Math.floor(random() * syllables.length)];
    words.add(w);
  }
  return [...words];
}

/** Word of rank k with probability ∝ 1/k (log-uniform rank: Zipf with s = 1, as word use is). */
export const zipf = (size: number, random: () => number) => Math.min(size - 1, Math.floor(Math.exp(random() * Math.log(size))) - 1);

export interface SeedOptions {
  articles: number;
  bodyWords: number;
  entities: number;
  feeds: number;
  days: number;
  now: Date;
  /** Articles whose generated vector is checked against the projection's SQL functions. @defaultValue 2000 */
  checked?: number;
  onProgress?: (done: number) => void;
  /** Called as each step of the seed starts. */
  onStep?: (step: string) => void;
}

const escapeCopy = (s: string) => s.replace(/\\/g, "\\\\").replace(/\t/g, " ").replace(/\n/g, "\\n");
const quoteLexeme = (lexeme: string) => `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/** A vocabulary and each word's lexeme in one configuration ('' for a stop word). */
interface Lexicon {
  words: string[];
  lexemes: string[];
}

/** Each word's lexeme, from `to_tsvector` itself: the generated vectors are the projection's. */
async function lexicon(sql: Sql, config: string, words: string[]): Promise<Lexicon> {
  const rows = await sql<{ lexemes: string[] }[]>`
    select tsvector_to_array(to_tsvector(${config}::regconfig, w)) as lexemes from unnest(${words}::text[]) with ordinality as t(w, i) order by i`;
  const lexemes = rows.map((r, i) => {
    if (r.lexemes.length > 1) throw new Error(`the word ${words[i]} gives ${r.lexemes.length} lexemes in ${config}`);
    return r.lexemes[0] ?? "";
  });
  return { words, lexemes };
}

/**
 * One text and its part of the vector literal: `'lexeme':position<weight>` per word, positions
 * counted from `offset`, stop words keeping their place. Returns the text and the highest position
 * given (what `||` shifts the next part by, as `vigie_search_vector` concatenates its parts).
 */
function part(lex: Lexicon, count: number, weight: string, offset: number, random: () => number, out: string[]): { text: string; maxPos: number } {
  const words: string[] = [];
  let maxPos = offset;
  for (let i = 1; i <= count; i++) {
    const k = zipf(lex.words.length, random);
    words.push(lex.words[k] ?? "");
    const lexeme = lex.lexemes[k] ?? "";
    if (lexeme === "") continue;
    out.push(`${quoteLexeme(lexeme)}:${offset + i}${weight}`);
    maxPos = offset + i;
  }
  return { text: words.join(" "), maxPos };
}

/** `vigie_search_facets` (migration 0016), for the generated rows. */
function facets(feedId: string, language: string | null, entityIds: string[]): string[] {
  const out = [`feed ${feedId}`];
  if (language !== null) {
    const parts = language.split("-");
    for (let i = 1; i <= parts.length; i++) out.push(`lang ${parts.slice(0, i).join("-")}`);
  }
  for (const id of entityIds) out.push(`entity ${id}`);
  return out.map(quoteLexeme);
}

/** `vigie_search_day` (migration 0018): the UTC day of `at` and the Monday of its week. */
function days(at: string): string[] {
  const day = Math.floor(Date.parse(at) / DAY_MS);
  return [`day ${isoDay(day)}`, `week ${isoDay(weekStart(day))}`].map(quoteLexeme);
}

/**
 * Generated rows, not events. The text of each article and its vector are generated together in
 * this process (each vocabulary word's lexeme comes from `to_tsvector` once, so no article is
 * parsed or stemmed: that was most of the seeding time) and COPYed straight into
 * `proj_article_search`; `proj_articles` and `proj_article_entities` are filled from it in SQL.
 * The indexes are built after the load. The first `checked` vectors are compared with the
 * projection's own SQL (`vigie_search_vector` || `vigie_search_facets` || `vigie_search_day`); any
 * difference stops the seed.
 */
export async function seedArticles(sql: Sql, vocab: { fr: string[]; en: string[] }, o: SeedOptions): Promise<void> {
  const random = seededRandom(42);
  const lexicons = {
    fr: await lexicon(sql, "vigie_french", vocab.fr),
    en: await lexicon(sql, "vigie_english", vocab.en),
    simple: await lexicon(sql, "vigie_simple", vocab.fr),
  };
  for (const index of ["proj_article_search_tsv_idx", "proj_article_search_discovered_idx", "proj_articles_discovered_idx"])
    await sql`drop index if exists ${sql(index)}`;
  // The corpus needs no WAL: it is regenerated rather than recovered (reads are the same).
  for (const table of ["proj_article_search", "proj_articles", "proj_article_entities"]) await sql`alter table ${sql(table)} set unlogged`;
  // Rows in discovery order, as the projection writes them (each row is inserted at discovery):
  // the newest articles share the heap's last pages.
  const times = Float64Array.from({ length: o.articles }, () => random()).sort();
  const rows = (function* () {
    for (let n = 0; n < o.articles; n++) {
      const r = random();
      const language = r < 0.45 ? "fr" : r < 0.9 ? "en" : r < 0.95 ? "de" : null;
      const [lex, config] =
        language === "fr" ? [lexicons.fr, "vigie_french"] : language === "en" ? [lexicons.en, "vigie_english"] : [lexicons.simple, "vigie_simple"];
      const at = new Date(o.now.getTime() - (1 - (times[n] ?? 0)) * o.days * 86_400_000).toISOString();
      const id = n.toString(16).padStart(64, "0");
      const feedId = `feed-${zipf(o.feeds, random)}`;
      const entityIds = [...new Set([0, 1, 2].map(() => `Q${zipf(o.entities, random)}`))].sort();
      const vector: string[] = [];
      const title = part(lex, 8, "A", 0, random, vector);
      const lead = part(lex, 20, "B", title.maxPos, random, vector);
      const body = part(lex, o.bodyWords, "C", lead.maxPos, random, vector);
      vector.push(...facets(feedId, language, entityIds), ...days(at));
      yield `${id}\t1\t${config}\t${escapeCopy(title.text)}\t${escapeCopy(lead.text)}\t${escapeCopy(body.text)}\t${escapeCopy(vector.join(" "))}\t${at}\t${feedId}\t${language ?? "\\N"}\t{${entityIds.join(",")}}\n`;
      if (n % 100_000 === 0) o.onProgress?.(n);
    }
  })();
  const copy = await sql`
    copy proj_article_search (article_id, revision, config, title, lead, body, tsv, discovered_at, feed_id, language, entity_ids) from stdin`.writable();
  o.onStep?.("copy");
  await pipeline(Readable.from(rows), copy);
  o.onStep?.("check");
  const checked = o.checked ?? 2000;
  const [mismatch] = await sql<{ article_id: string }[]>`
    select article_id from (select * from proj_article_search order by article_id limit ${checked}) s
    where tsv <> vigie_search_vector(config, title, lead, body) || vigie_search_facets(feed_id, language, entity_ids) || vigie_search_day(discovered_at)
    limit 1`;
  if (mismatch) throw new Error(`generated vector of ${mismatch.article_id} differs from vigie_search_vector's`);
  o.onStep?.("proj_articles, proj_article_entities");
  await sql`
    insert into proj_articles (article_id, url, feed_id, title, language, status, discovered_at, updated_at)
    select article_id, 'https://bench.example/' || article_id, feed_id, title, language, 'tagged', discovered_at, discovered_at from proj_article_search`;
  await sql`
    insert into proj_article_entities (article_id, entity_id, name, type, mentions)
    select article_id, e, 'Entity ' || e, 'ORG', 1 from proj_article_search, unnest(entity_ids) e`;
  o.onStep?.("indexes");
  await sql.begin(async (tx) => {
    await tx`set local maintenance_work_mem = '1GB'`;
    await tx`create index proj_article_search_tsv_idx on proj_article_search using gin (tsv)`;
    await tx`create index proj_article_search_discovered_idx on proj_article_search (discovered_at)`;
    await tx`create index proj_articles_discovered_idx on proj_articles (discovered_at)`;
  });
  o.onStep?.("analyze");
  await sql`analyze proj_articles`;
  await sql`analyze proj_article_search`;
  await sql`analyze proj_article_entities`;
}
