import { watchMatchesStreamId } from "@vigie/contracts";
import type { Sql } from "@vigie/db";
import { readAllEvents } from "@vigie/event-store";
import type { ChaosDelivery } from "./chaos-receiver.ts";

export interface WatchCheck {
  /** Tagged articles the match-all watch should have matched. */
  tagged: number;
  matched: number;
  /** Tagged articles without a match, or matches without a signed delivery (after dedup by idempotency key). */
  lost: string[];
  /** Articles matched twice, or delivered under two different idempotency keys. */
  duplicated: string[];
  badSignatures: number;
  /** Deliveries received again with a key already received (expected after kills; dropped by the key). */
  redelivered: number;
}

/** Checks the chaos run's match-all watch: every tagged article matched once and delivered once per (watch, article). */
export async function checkWatches(sql: Sql, watchId: string, accepted: readonly ChaosDelivery[]): Promise<WatchCheck> {
  const tagged = new Set((await readAllEvents(sql, { types: ["EntitiesTagged"] })).map((e) => (e.data as { articleId: string }).articleId));
  const matches = (await readAllEvents(sql, { types: ["WatchMatched"] })).filter((e) => e.streamId === watchMatchesStreamId(watchId));
  const lost: string[] = [];
  const duplicated: string[] = [];
  const matchedBy = new Map<string, string>();
  for (const m of matches) {
    const articleId = (m.data as { articleId: string }).articleId;
    if (matchedBy.has(articleId)) duplicated.push(`watch ${watchId} matched ${articleId} twice`);
    matchedBy.set(articleId, m.eventId);
  }
  for (const articleId of tagged) if (!matchedBy.has(articleId)) lost.push(`watch ${watchId} never matched ${articleId}`);
  // Dedup by idempotency key: a key received twice is one delivery.
  const byKey = new Map<string, ChaosDelivery>();
  for (const d of accepted) if (d.watchId === watchId && d.signatureOk) byKey.set(d.key, d);
  const keysByArticle = new Map<string, Set<string>>();
  for (const [key, d] of byKey) for (const articleId of d.articleIds) keysByArticle.set(articleId, (keysByArticle.get(articleId) ?? new Set()).add(key));
  for (const [articleId, eventId] of matchedBy) {
    const keys = keysByArticle.get(articleId);
    if (!keys) lost.push(`match of ${articleId} never delivered`);
    else if (keys.size > 1) duplicated.push(`${articleId} delivered under ${keys.size} keys`);
    else if (!keys.has(eventId)) duplicated.push(`${articleId} delivered under a key other than its match`);
  }
  return {
    tagged: tagged.size,
    matched: matchedBy.size,
    lost,
    duplicated,
    badSignatures: accepted.filter((d) => !d.signatureOk).length,
    redelivered: accepted.filter((d) => d.watchId === watchId).length - byKey.size,
  };
}
