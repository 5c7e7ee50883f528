import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type { Sql } from "@vigie/db";

/** Deterministic PRNG (mulberry32): the same seed gives the same corpus. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
  vocabularySize: number;
  entities: number;
  feeds: number;
  days: number;
  now: Date;
  onProgress?: (done: number) => void;
}

const escapeCopy = (s: string) => s.replace(/\\/g, "\\\\").replace(/\t/g, " ").replace(/\n/g, "\\n");

/**
 * Generated rows, not events: text is written by COPY into a staging table, then both read models
 * are filled from it with the projections' own SQL functions (`vigie_search_config`,
 * `vigie_search_vector`), so the vectors are those the projection would write.
 */
export async function seedArticles(sql: Sql, vocab: { fr: string[]; en: string[] }, o: SeedOptions): Promise<void> {
  const random = prng(42);
  await sql`create unlogged table if not exists bench_staging (n int, article_id text, feed_id text, language text, title text, lead text, body text, discovered_at timestamptz)`;
  await sql`truncate bench_staging`;
  const words = (list: string[], count: number) => {
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(list[zipf(list.length, random)] ?? "");
    return out.join(" ");
  };
  const rows = (function* () {
    for (let n = 0; n < o.articles; n++) {
      const r = random();
      const language = r < 0.45 ? "fr" : r < 0.9 ? "en" : r < 0.95 ? "de" : "\\N";
      const list = language === "en" ? vocab.en : vocab.fr;
      const at = new Date(o.now.getTime() - random() * o.days * 86_400_000).toISOString();
      const id = n.toString(16).padStart(64, "0");
      yield `${n}\t${id}\tfeed-${zipf(o.feeds, random)}\t${language}\t${escapeCopy(words(list, 8))}\t${escapeCopy(words(list, 20))}\t${escapeCopy(words(list, o.bodyWords))}\t${at}\n`;
      if (n % 50_000 === 0) o.onProgress?.(n);
    }
  })();
  const copy = await sql`copy bench_staging from stdin`.writable();
  await pipeline(Readable.from(rows), copy);
  await sql`drop index if exists proj_article_search_tsv_idx`;
  await sql`drop index if exists proj_articles_discovered_idx`;
  await sql`drop index if exists proj_article_search_discovered_idx`;
  await sql`
    insert into proj_articles (article_id, url, feed_id, title, language, status, discovered_at, updated_at)
    select article_id, 'https://bench.example/' || n, feed_id, title, language, 'tagged', discovered_at, discovered_at from bench_staging`;
  // Two halves on two connections: the vectors are the CPU-heavy part of the load.
  await Promise.all(
    [0, 1].map(
      (half) => sql`
        insert into proj_article_search (article_id, revision, config, title, lead, body, tsv, discovered_at)
        select article_id, 1, c.config, title, lead, body, vigie_search_vector(c.config, title, lead, body), discovered_at
        from bench_staging, lateral (select vigie_search_config(language) as config) c where n % 2 = ${half}`,
    ),
  );
  await sql`
    insert into proj_article_entities (article_id, entity_id, name, type, mentions)
    select s.article_id, 'Q' || e.k, 'Entity ' || e.k, 'ORG', 1
    from bench_staging s, lateral (select distinct (floor(exp(random() * ln(${o.entities}))) - 1)::int as k from generate_series(1, 3) g where s.n >= 0) e
    on conflict do nothing`;
  await sql.begin(async (tx) => {
    await tx`set local maintenance_work_mem = '512MB'`;
    await tx`create index proj_article_search_tsv_idx on proj_article_search using gin (tsv)`;
    await tx`create index proj_articles_discovered_idx on proj_articles (discovered_at)`;
    await tx`create index proj_article_search_discovered_idx on proj_article_search (discovered_at)`;
  });
  await sql`drop table bench_staging`;
  await sql`analyze proj_articles`;
  await sql`analyze proj_article_search`;
  await sql`analyze proj_article_entities`;
}
