import type { Queryable } from "@vigie/db";
import type { Fingerprint } from "../fingerprint.ts";
import type { DedupDecision } from "../types.ts";
import { decodeSignatureHex, encodeSignatureHex, int4ArrayLiteral, lockKeys } from "./codec.ts";

/** A stored article as JSON from Postgres (`row_to_json`: bytea as `\x…` hex). */
interface ArticleJson {
  article_id: string;
  cluster_id: string;
  canonical_url: string;
  match_key: string;
  text_hash: string;
  title_key: string | null;
  source: string | null;
  published_ms: number;
  shingle_count: number;
  signature: string;
  bands: number[];
}

export interface StoredArticle extends Fingerprint {
  clusterId: string;
}

export interface CurrentArticle {
  clusterId: string;
  textHash: string;
  revision: number;
  body: string;
  bands: number[];
}

export interface CandidateQuery {
  titleWindowMs: number;
  nearWindowMs: number;
  maxCandidates: number;
}

/** What a decision reads, in one statement: an earlier decision, else the article itself, else its candidates. */
export interface DecisionState {
  earlier: DedupDecision | null;
  current: CurrentArticle | null;
  candidates: StoredArticle[];
}

function toStored(row: ArticleJson): StoredArticle {
  return {
    articleId: row.article_id,
    clusterId: row.cluster_id,
    canonicalUrl: row.canonical_url,
    matchKey: row.match_key,
    textHash: row.text_hash,
    titleKey: row.title_key,
    source: row.source,
    publishedAt: Number(row.published_ms),
    shingleCount: row.shingle_count,
    signature: decodeSignatureHex(row.signature),
    bandKeys: Int32Array.from(row.bands),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Stored articles that may be the original of `fp`: by URL key, text hash, title, then shared LSH
 * band (a btree probe of dedup_bands per band key, so the cost stays flat as the table grows).
 * The band branch is written so that it can only be run from the band rows: `offset 0` keeps the
 * lateral subquery from being pulled up into a join the planner could drive from dedup_articles
 * (it did, with a seq scan of dedup_articles, while dedup_bands had no statistics: 16 ms instead of
 * 0.6 ms at 4 k articles).
 * Parameters $3–$11; yields one JSON array.
 */
const CANDIDATES = `(select coalesce(json_agg(c), '[]')::text from (
    select distinct on (article_id) article_id, cluster_id, canonical_url, match_key, text_hash, title_key, source,
      (extract(epoch from published_at) * 1000)::float8 as published_ms, shingle_count, signature, bands
    from (
      (select * from dedup_articles where md5(match_key) = md5($3) and match_key = $3 limit 5)
      union all
      (select * from dedup_articles where text_hash = $2 limit 5)
      union all
      (select * from dedup_articles
        where $4::text is not null and source = $5 and md5(title_key) = md5($4) and title_key = $4
          and published_at between $6::text::timestamptz and $7::text::timestamptz limit 20)
      union all
      (select a.* from (select distinct article_seq from dedup_bands where band = any($8::text::int4[])) h
        cross join lateral (select * from dedup_articles x where x.seq = h.article_seq
          and x.published_at between $9::text::timestamptz and $10::text::timestamptz offset 0) a
        limit $11)
    ) u) c)`;

function candidateParams(fp: Fingerprint, q: CandidateQuery): (string | number | null)[] {
  return [
    fp.matchKey,
    fp.titleKey,
    fp.source,
    iso(fp.publishedAt - q.titleWindowMs),
    iso(fp.publishedAt + q.titleWindowMs),
    int4ArrayLiteral(fp.bandKeys),
    iso(fp.publishedAt - q.nearWindowMs),
    iso(fp.publishedAt + q.nearWindowMs),
    q.maxCandidates,
  ];
}

/** Serialises every decision touching the same article, URL key, text, title or LSH band. */
export async function lockFingerprint(tx: Queryable, fp: Fingerprint): Promise<void> {
  const values = [`a:${fp.articleId}`, `u:${fp.matchKey}`, `t:${fp.textHash}`, ...Array.from(fp.bandKeys, (k) => `b:${k}`)];
  if (fp.titleKey !== null) values.push(`h:${fp.source ?? ""}:${fp.titleKey}`);
  await tx.unsafe("select count(pg_advisory_xact_lock(k)) from unnest($1::text::int8[]) as l(k)", [`{${lockKeys(values).join(",")}}`], { prepare: true });
}

/**
 * Everything the decision reads, in one round trip. Run after `lockFingerprint` (a statement of its
 * own: a statement's snapshot is taken when it starts, so reads sharing the locking statement could
 * miss what the previous lock holder committed). Candidates are only looked up for a new article.
 */
export async function readDecisionState(sql: Queryable, fp: Fingerprint, q: CandidateQuery): Promise<DecisionState> {
  const rows = await sql.unsafe<{ decision: string | null; current: string | null; candidates: string | null }[]>(
    `with d as (select decision::text as decision from dedup_decisions where article_id = $1 and text_hash = $2),
       cur as (select cluster_id, text_hash, revision, body, bands from dedup_articles where article_id = $1)
     select (select decision from d) as decision,
       case when exists (select from d) then null else (select row_to_json(cur)::text from cur) end as current,
       case when exists (select from d) or exists (select from cur) then null else ${CANDIDATES} end as candidates`,
    [fp.articleId, fp.textHash, ...candidateParams(fp, q)],
    { prepare: true },
  );
  const row = rows[0];
  const current = row?.current ? (JSON.parse(row.current) as { cluster_id: string; text_hash: string; revision: number; body: string; bands: number[] }) : null;
  return {
    earlier: row?.decision ? (JSON.parse(row.decision) as DedupDecision) : null,
    current: current && { clusterId: current.cluster_id, textHash: current.text_hash, revision: current.revision, body: current.body, bands: current.bands },
    candidates: row?.candidates ? (JSON.parse(row.candidates) as ArticleJson[]).map(toStored) : [],
  };
}

/** The candidate lookup alone (bench:dedup times it). */
export async function findCandidates(sql: Queryable, fp: Fingerprint, q: CandidateQuery): Promise<StoredArticle[]> {
  const rows = await sql.unsafe<{ candidates: string }[]>(
    `select ${CANDIDATES.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) - 1}`)} as candidates`,
    [fp.textHash, ...candidateParams(fp, q)],
    {
      prepare: true,
    },
  );
  return (JSON.parse(rows[0]?.candidates ?? "[]") as ArticleJson[]).map(toStored);
}

/** A new article, its band rows and its decision, in one statement. */
export async function insertArticle(sql: Queryable, fp: Fingerprint, clusterId: string, body: string, decision: DedupDecision): Promise<void> {
  await sql.unsafe(
    `with a as (
       insert into dedup_articles (article_id, cluster_id, canonical_url, match_key, text_hash, source, title_key,
         published_at, shingle_count, signature, bands, revision, body)
       values ($1, $2, $3, $4, $5, $6, $7, $8::text::timestamptz, $9, $10::text::bytea, $11::text::int4[], 1, $12)
       returning seq),
     b as (insert into dedup_bands (band, article_seq) select distinct k, a.seq from a, unnest($11::text::int4[]) as k),
     d as (insert into dedup_decisions (article_id, text_hash, revision, decision) values ($1, $5, 1, $13::text::jsonb))
     select 1`,
    [
      fp.articleId,
      clusterId,
      fp.canonicalUrl,
      fp.matchKey,
      fp.textHash,
      fp.source,
      fp.titleKey,
      iso(fp.publishedAt),
      fp.shingleCount,
      encodeSignatureHex(fp.signature),
      int4ArrayLiteral(fp.bandKeys),
      body,
      JSON.stringify(decision),
    ],
    { prepare: true },
  );
}

/** The article's next revision: its row, the band rows that changed, and the decision, in one statement. */
export async function reviseArticle(
  sql: Queryable,
  fp: Fingerprint,
  previous: CurrentArticle,
  body: string,
  decision: DedupDecision & { revision: number },
): Promise<void> {
  await sql.unsafe(
    `with u as (
       update dedup_articles set text_hash = $2, title_key = coalesce($3, title_key), shingle_count = $4,
         signature = $5::text::bytea, bands = $6::text::int4[], revision = $7, body = $8, updated_at = now()
       where article_id = $1 returning seq),
     gone as (delete from dedup_bands where article_seq = (select seq from u)
       and band = any($9::text::int4[]) and not band = any($6::text::int4[])),
     added as (insert into dedup_bands (band, article_seq)
       select k, u.seq from u, (select unnest($6::text::int4[]) except select unnest($9::text::int4[])) as n(k)),
     d as (insert into dedup_decisions (article_id, text_hash, revision, decision) values ($1, $2, $7, $10::text::jsonb))
     select 1`,
    [
      fp.articleId,
      fp.textHash,
      fp.titleKey,
      fp.shingleCount,
      encodeSignatureHex(fp.signature),
      int4ArrayLiteral(fp.bandKeys),
      decision.revision,
      body,
      int4ArrayLiteral(previous.bands),
      JSON.stringify(decision),
    ],
    { prepare: true },
  );
}
