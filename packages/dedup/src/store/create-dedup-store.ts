import type { Sql, TransactionSql } from "@vigie/db";
import { type DedupOptions, type ResolvedDedupOptions, resolveDedupOptions } from "../dedup-options.ts";
import { type Fingerprint, fingerprint } from "../fingerprint.ts";
import { type FingerprintMatch, isBetterMatch, matchFingerprints } from "../match-fingerprints.ts";
import { diffSize } from "../text/diff-size.ts";
import type { DedupDecision, DedupInput } from "../types.ts";
import { type StoredArticle, insertArticle, lockFingerprint, readDecisionState, reviseArticle } from "./dedup-queries.ts";

export interface DedupStore {
  /**
   * Decides what an article is: a new original, a copy of a stored one, a new revision of itself,
   * or invalid input. Idempotent per (articleId, normalised text): a repeated call returns the
   * decision stored the first time (see `DedupOptions.onRepeat`), so a worker that crashed after
   * deciding but before appending its event appends the same event on retry. Race-free across
   * replicas: decisions sharing an article, URL key, text hash, title or LSH band are serialised by
   * transaction-scoped advisory locks, so two simultaneous copies are never both accepted.
   * @param now decision time, used when the input has no usable publication date
   */
  decide(input: DedupInput, now?: Date): Promise<DedupDecision>;
}

const RETRYABLE = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 4;

function bestMatch(fp: Fingerprint, candidates: readonly StoredArticle[], options: ResolvedDedupOptions) {
  let best: { match: FingerprintMatch; article: StoredArticle } | null = null;
  for (const article of candidates) {
    const match = matchFingerprints(article, fp, options);
    if (!match) continue;
    // On a tie, link to the group's original rather than to one of its copies.
    const tie = best !== null && !isBetterMatch(match, best.match) && !isBetterMatch(best.match, match);
    if (!best || isBetterMatch(match, best.match) || (tie && article.articleId === article.clusterId)) best = { match, article };
  }
  return best;
}

/**
 * The Postgres-backed deduplicator shared by every worker replica. `sql` must be a raw postgres.js
 * client (not one wrapped by drizzle); the store never keeps a transaction open across other I/O.
 */
export function createDedupStore(sql: Sql, options: DedupOptions = {}): DedupStore {
  const opts = resolveDedupOptions(options);
  const query = {
    titleWindowMs: opts.titleWindowDays * 86_400_000,
    nearWindowMs: opts.nearDuplicateWindowHours * 3_600_000,
    maxCandidates: opts.maxCandidates,
  };

  const repeat = (decision: DedupDecision): DedupDecision =>
    opts.onRepeat === "unchanged" && "revision" in decision ? { kind: "unchanged", revision: decision.revision } : decision;

  /**
   * Four round trips: BEGIN, then the lock and the read pipelined (two statements, so the read's
   * snapshot is taken after the lock is held), the write (one statement), COMMIT.
   */
  async function decideLocked(tx: TransactionSql, fp: Fingerprint, text: string): Promise<DedupDecision> {
    // No wait for the WAL flush at COMMIT: the stage's event append that follows a decision is a
    // synchronous commit on the same server, and flushing the WAL up to it flushes this decision
    // too. A crash before that loses only decisions no event was appended for yet, which the
    // retried jobs decide again.
    const [, , state] = await Promise.all([
      tx.unsafe("select set_config('synchronous_commit', 'off', true)", [], { prepare: true }),
      lockFingerprint(tx, fp),
      readDecisionState(tx, fp, query),
    ]);
    if (state.earlier) return repeat(state.earlier);
    const current = state.current;
    if (current) {
      if (current.textHash === fp.textHash) return { kind: "unchanged", revision: current.revision };
      const decision = {
        kind: "revised" as const,
        revision: current.revision + 1,
        previousTextHash: current.textHash,
        textHash: fp.textHash,
        diffChars: diffSize(current.body, text),
        clusterId: current.clusterId,
      };
      await reviseArticle(tx, fp, current, text, decision);
      return decision;
    }
    const best = bestMatch(fp, state.candidates, opts);
    const decision: DedupDecision = best
      ? {
          kind: "duplicate",
          originalArticleId: best.article.articleId,
          clusterId: best.article.clusterId,
          method: best.match.method,
          similarity: Math.round(best.match.similarity * 1e4) / 1e4,
          revision: 1,
        }
      : {
          kind: "accepted",
          clusterId: fp.articleId,
          canonicalUrl: fp.canonicalUrl,
          matchKey: fp.matchKey,
          textHash: fp.textHash,
          revision: 1,
        };
    await insertArticle(tx, fp, best ? best.article.clusterId : fp.articleId, text, decision);
    return decision;
  }

  return {
    async decide(input, now = new Date()) {
      const fp = fingerprint(input, now, opts);
      if ("kind" in fp) return fp;
      // No lock-free fast path for repeats: the stage checks its stream first, so a repeat here is
      // a rare crash between deciding and appending, and the first read inside the lock finds it.
      for (let attempt = 1; ; attempt++) {
        try {
          return await sql.begin((tx) => decideLocked(tx, fp, input.text));
        } catch (err) {
          const code = (err as { code?: unknown }).code;
          if (attempt >= MAX_ATTEMPTS || typeof code !== "string" || !RETRYABLE.has(code)) throw err;
        }
      }
    },
  };
}
