import type { Queryable, TransactionSql } from "@vigie/db";
import type { Fingerprint } from "../fingerprint.ts";
import type { DedupDecision } from "../types.ts";
import { decodeSignature, encodeSignature, int4ArrayLiteral, lockKeys } from "./codec.ts";

interface ArticleRow {
  article_id: string;
  cluster_id: string;
  canonical_url: string;
  match_key: string;
  text_hash: string;
  title_key: string | null;
  source: string | null;
  published_ms: number;
  shingle_count: number;
  signature: Uint8Array;
  bands: string;
}

export interface StoredArticle extends Fingerprint {
  clusterId: string;
}

const COLUMNS = `article_id, cluster_id, canonical_url, match_key, text_hash, title_key, source,
  (extract(epoch from published_at) * 1000)::float8 as published_ms, shingle_count, signature, bands::text as bands`;

function toStored(row: ArticleRow): StoredArticle {
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
    signature: decodeSignature(row.signature),
    bandKeys: Int32Array.from(row.bands.replace(/[{}]/g, "").split(",").filter(Boolean), Number),
  };
}

/** Serialises every decision touching the same article, URL key, text, title or LSH band. */
export async function lockFingerprint(tx: Queryable, fp: Fingerprint): Promise<void> {
  const values = [`a:${fp.articleId}`, `u:${fp.matchKey}`, `t:${fp.textHash}`, ...Array.from(fp.bandKeys, (k) => `b:${k}`)];
  if (fp.titleKey !== null) values.push(`h:${fp.source ?? ""}:${fp.titleKey}`);
  await tx.unsafe("select count(pg_advisory_xact_lock(k)) from unnest($1::text::int8[]) with ordinality as l(k, n)", [
    `{${lockKeys(values).join(",")}}`,
  ]);
}

export async function findDecision(sql: Queryable, articleId: string, textHash: string): Promise<DedupDecision | null> {
  const rows = await sql.unsafe<{ decision: string }[]>(
    "select decision::text as decision from dedup_decisions where article_id = $1 and text_hash = $2",
    [articleId, textHash],
  );
  const row = rows[0];
  return row ? (JSON.parse(row.decision) as DedupDecision) : null;
}

export interface CurrentArticle {
  clusterId: string;
  textHash: string;
  revision: number;
  body: string;
}

export async function findArticle(tx: Queryable, articleId: string): Promise<CurrentArticle | null> {
  const rows = await tx.unsafe<{ cluster_id: string; text_hash: string; revision: number; body: string }[]>(
    "select cluster_id, text_hash, revision, body from dedup_articles where article_id = $1",
    [articleId],
  );
  const row = rows[0];
  return row ? { clusterId: row.cluster_id, textHash: row.text_hash, revision: row.revision, body: row.body } : null;
}

export interface CandidateQuery {
  titleWindowMs: number;
  nearWindowMs: number;
  maxCandidates: number;
}

/**
 * Stored articles that may be the original of `fp`: by URL key, text hash, title, then shared LSH
 * band. Runs in the caller's transaction: it turns sequential scans off for the rest of it.
 */
export async function findCandidates(tx: TransactionSql, fp: Fingerprint, q: CandidateQuery): Promise<StoredArticle[]> {
  const iso = (ms: number) => new Date(ms).toISOString();
  // Band keys are random 32-bit values, so ANALYZE finds no common elements and Postgres falls back
  // to a default selectivity for `bands && $7` (19 % of the table for 42 keys). With the LIMIT it
  // then prefers a sequential scan "that stops early", which reads the whole table when, as always,
  // only a handful of rows share a band: 1.2 s per lookup at 150 k rows instead of 3 ms through the
  // GIN index. Every branch below has an index, so no plan here should ever scan the table.
  await tx.unsafe("select set_config('enable_seqscan', 'off', true)");
  const rows = await tx.unsafe<ArticleRow[]>(
    `select distinct on (article_id) ${COLUMNS} from (
       (select * from dedup_articles where md5(match_key) = md5($1) and match_key = $1 limit 5)
       union all
       (select * from dedup_articles where text_hash = $2 limit 5)
       union all
       (select * from dedup_articles
         where $3::text is not null and source = $4 and md5(title_key) = md5($3) and title_key = $3
           and published_at between $5::text::timestamptz and $6::text::timestamptz limit 20)
       union all
       (select * from dedup_articles
         where bands && $7::text::int4[] and published_at between $8::text::timestamptz and $9::text::timestamptz limit $10)
     ) c`,
    [
      fp.matchKey,
      fp.textHash,
      fp.titleKey,
      fp.source,
      iso(fp.publishedAt - q.titleWindowMs),
      iso(fp.publishedAt + q.titleWindowMs),
      int4ArrayLiteral(fp.bandKeys),
      iso(fp.publishedAt - q.nearWindowMs),
      iso(fp.publishedAt + q.nearWindowMs),
      q.maxCandidates,
    ],
    // Unprepared: a cached generic plan cannot see the band array and falls back to a scan.
    { prepare: false },
  );
  return rows.map(toStored);
}

export async function insertArticle(tx: Queryable, fp: Fingerprint, clusterId: string, body: string): Promise<void> {
  await tx.unsafe(
    `insert into dedup_articles (article_id, cluster_id, canonical_url, match_key, text_hash, source, title_key,
       published_at, shingle_count, signature, bands, revision, body)
     values ($1, $2, $3, $4, $5, $6, $7, $8::text::timestamptz, $9, $10, $11::text::int4[], 1, $12)`,
    [
      fp.articleId,
      clusterId,
      fp.canonicalUrl,
      fp.matchKey,
      fp.textHash,
      fp.source,
      fp.titleKey,
      new Date(fp.publishedAt).toISOString(),
      fp.shingleCount,
      encodeSignature(fp.signature),
      int4ArrayLiteral(fp.bandKeys),
      body,
    ],
  );
}

export async function reviseArticle(tx: Queryable, fp: Fingerprint, revision: number, body: string): Promise<void> {
  await tx.unsafe(
    `update dedup_articles set text_hash = $2, title_key = coalesce($3, title_key), shingle_count = $4,
       signature = $5, bands = $6::text::int4[], revision = $7, body = $8, updated_at = now()
     where article_id = $1`,
    [fp.articleId, fp.textHash, fp.titleKey, fp.shingleCount, encodeSignature(fp.signature), int4ArrayLiteral(fp.bandKeys), revision, body],
  );
}

export async function insertDecision(tx: Queryable, articleId: string, textHash: string, decision: DedupDecision, revision: number): Promise<void> {
  await tx.unsafe(
    "insert into dedup_decisions (article_id, text_hash, revision, decision) values ($1, $2, $3, $4::text::jsonb)",
    [articleId, textHash, revision, JSON.stringify(decision)],
  );
}
