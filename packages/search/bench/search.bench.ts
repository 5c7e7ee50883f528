// pnpm bench:search [--articles 1000000] [--rounds 20] [--fresh] [--query-seed 7] — search latency at scale, against
// the newest-first article list with the same filters (the baseline), interleaved in one run.
// The corpus is generated rows (bench/seed-articles.ts), kept in the database `vigie_bench_search_<articles>`
// between runs (--fresh regenerates it). Figures and method: docs/search.md.
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { loadConfig } from "@vigie/config";
import { createSql, migrate, type Sql } from "@vigie/db";
import { articleFilters, parseQuery, searchArticles, type ArticleFilters } from "../src/index.ts";
import { seededRandom } from "@vigie/fixture-site/seeded-random";
import { EN_SYLLABLES, FR_SYLLABLES, seedArticles, vocabulary } from "./seed-articles.ts";

const { values: args } = parseArgs({
  options: {
    articles: { type: "string", default: "1000000" },
    rounds: { type: "string", default: "20" },
    "body-words": { type: "string", default: "120" },
    fresh: { type: "boolean", default: false },
    "query-seed": { type: "string", default: "7" },
  },
});
const ARTICLES = Number(args.articles);
const ROUNDS = Number(args.rounds);
const BODY_WORDS = Number(args["body-words"]);
const VOCABULARY = 20_000;
const NOW = new Date(Date.UTC(2026, 11, 1));
const log = (msg: string) => process.stderr.write(`${msg}\n`);

const vocabRandom = seededRandom(7);
const vocab = { fr: vocabulary(FR_SYLLABLES, VOCABULARY, vocabRandom), en: vocabulary(EN_SYLLABLES, VOCABULARY, vocabRandom) };
// The queries' own draw: another seed gives other words, whose pages no earlier run has read.
const random = seededRandom(Number(args["query-seed"]));

async function prepare(url: string): Promise<Sql> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const root = createSql({ url: admin.toString(), max: 1 });
  const name = new URL(url).pathname.slice(1);
  const meta = `${ARTICLES}:${BODY_WORDS}:${VOCABULARY}:v4`; // v2: facet columns and lexemes (migration 0016), rows in discovery order; v4: day and week lexemes (0018)
  let ready = false;
  if (!args.fresh) {
    const [exists] = await root`select 1 from pg_database where datname = ${name}`;
    if (exists) {
      const probe = createSql({ url, max: 1 });
      // The tables are unlogged: a crash of the server empties them.
      const [row] = await probe<{ meta: string; filled: boolean }[]>`
        select obj_description('proj_article_search'::regclass) as meta, exists (select 1 from proj_article_search) as filled`.catch(() => []);
      ready = row?.meta === meta && row.filled;
      await probe.end();
    }
  }
  if (!ready) {
    await root.unsafe(`drop database if exists "${name}" with (force)`);
    await root.end();
    await migrate(url);
    const sql = createSql({ url, max: 3, idleTxTimeoutMs: 0 });
    const started = performance.now();
    log(`seeding ${ARTICLES.toLocaleString("en")} articles (${BODY_WORDS}-word bodies)…`);
    await seedArticles(sql, vocab, {
      articles: ARTICLES,
      bodyWords: BODY_WORDS,
      entities: 20_000,
      feeds: 200,
      days: 90,
      now: NOW,
      onStep: (step) => log(`  ${step} (${((performance.now() - started) / 1000).toFixed(0)} s)`),
      onProgress: (n) => log(`  ${n.toLocaleString("en")} generated (${((performance.now() - started) / 1000).toFixed(0)} s)`),
    });
    await sql.unsafe(`comment on table proj_article_search is '${meta}'`);
    log(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return sql;
  }
  await root.end();
  log(`reusing ${name} (${ARTICLES.toLocaleString("en")} articles)`);
  return createSql({ url, max: 3 });
}

const strip = (w: string) => w.normalize("NFD").replace(/\p{M}/gu, "");
/** A word of the French vocabulary between two ranks, without its accents (unaccent must match). */
const fr = (from: number, to: number) => strip(vocab.fr[from + Math.floor(random() * (to - from))] ?? "");
const en = (from: number, to: number) => vocab.en[from + Math.floor(random() * (to - from))] ?? "";

interface Kind {
  name: string;
  next(): { q: string; filters: ArticleFilters };
}
const since = new Date(NOW.getTime() - 7 * 86_400_000);
const KINDS: Kind[] = [
  { name: "common word (rank 1–20)", next: () => ({ q: fr(0, 20), filters: {} }) },
  { name: "mid word (rank 100–500)", next: () => ({ q: en(100, 500), filters: {} }) },
  { name: "rare word (rank 5k–15k)", next: () => ({ q: fr(5000, 15000), filters: {} }) },
  { name: "two words", next: () => ({ q: `${en(20, 200)} ${en(20, 200)}`, filters: {} }) },
  { name: "phrase", next: () => ({ q: `"${fr(0, 50)} ${fr(0, 50)}"`, filters: {} }) },
  { name: "negation", next: () => ({ q: `${fr(0, 20)} -${fr(20, 100)}`, filters: {} }) },
  { name: "or", next: () => ({ q: `${en(2000, 8000)} or ${en(2000, 8000)}`, filters: {} }) },
  { name: "mid word + lang=fr", next: () => ({ q: fr(100, 500), filters: { lang: "fr" } }) },
  { name: "mid word + feed", next: () => ({ q: fr(100, 500), filters: { feed: `feed-${Math.floor(random() * 20)}` } }) },
  { name: "mid word + last 7 days", next: () => ({ q: en(100, 500), filters: { since } }) },
  { name: "mid word + entity", next: () => ({ q: fr(100, 500), filters: { entity: `Q${Math.floor(random() * 50)}` } }) },
];

async function baseline(sql: Sql, filters: ArticleFilters): Promise<number> {
  const rows = await sql`select a.* from proj_articles a where true ${articleFilters(sql, filters)} order by a.discovered_at desc, a.article_id desc limit 20`;
  return rows.length;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) ?? NaN };
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main() {
  const base = new URL(loadConfig().DATABASE_URL);
  // One database per corpus size, so that a 200 k and a 1 M corpus can be kept side by side.
  base.pathname = `/vigie_bench_search_${ARTICLES}`;
  const sql = await prepare(base.toString());
  try {
    const [{ n } = { n: 0 }] = await sql<{ n: number }[]>`select count(*)::int as n from proj_article_search`;
    log(
      `${n.toLocaleString("en")} searchable articles; load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")}`,
    );
    const sizes = await sql<{ name: string; size: string }[]>`
      select c.relname as name, pg_size_pretty(pg_relation_size(c.oid)) as size from pg_class c
      where c.relname in ('proj_article_search', 'proj_article_search_tsv_idx', 'proj_article_search_discovered_idx', 'proj_article_search_pkey', 'proj_articles')
      union all select 'proj_article_search TOAST', pg_size_pretty(pg_relation_size(reltoastrelid)) from pg_class where relname = 'proj_article_search'
      union all select 'proj_article_search total', pg_size_pretty(pg_total_relation_size('proj_article_search'))`;
    log(`sizes: ${sizes.map((r) => `${r.name} ${r.size}`).join(", ")}`);
    // Warm-up round, not measured.
    for (const kind of KINDS) {
      const { q, filters } = kind.next();
      await searchArticles(sql, parseQuery(q), { ...filters, limit: 20 });
      await baseline(sql, filters);
    }
    const search: Record<string, number[]> = {};
    const list: Record<string, number[]> = {};
    const hits: Record<string, number[]> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of KINDS) {
        const { q, filters } = kind.next();
        let t = performance.now();
        const result = await searchArticles(sql, parseQuery(q), { ...filters, limit: 20 });
        (search[kind.name] ??= []).push(performance.now() - t);
        (hits[kind.name] ??= []).push(result.candidates);
        t = performance.now();
        await baseline(sql, filters);
        (list[kind.name] ??= []).push(performance.now() - t);
      }
    }
    const all = Object.values(search).flat();
    const allBase = Object.values(list).flat();
    const out = {
      articles: n,
      rounds: ROUNDS,
      loadAverage: loadavg(),
      search: summary(all),
      baseline: summary(allBase),
      ratioP95: summary(all).p95 / summary(allBase).p95,
      kinds: KINDS.map((k) => ({
        kind: k.name,
        search: summary(search[k.name] ?? []),
        baseline: summary(list[k.name] ?? []),
        medianRanked: summary(hits[k.name] ?? []).p50,
      })),
    };
    log(`\n| query kind | search p50 | search p95 | list p95 (baseline) | ranked (median) |\n|---|---|---|---|---|`);
    for (const k of out.kinds) log(`| ${k.kind} | ${ms(k.search.p50)} | ${ms(k.search.p95)} | ${ms(k.baseline.p95)} | ${k.medianRanked} |`);
    log(`| **all** | ${ms(out.search.p50)} | **${ms(out.search.p95)}** | ${ms(out.baseline.p95)} | |`);
    log(
      `p95 search / p95 list = ${out.ratioP95.toFixed(2)}; goal p95 ≤ 150 ms; load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")}`,
    );
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await sql.end();
  }
}

await main();
