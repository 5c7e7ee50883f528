import type { DedupStore } from "../store/create-dedup-store.ts";
import type { PairScores } from "./evaluate-pairs.ts";
import type { FixtureArticle, FixturePair } from "./load-fixtures.ts";

export interface ClusterEvaluation extends PairScores {
  /** Wrongly judged pairs, with the cluster each side landed in. */
  errors: (FixturePair & { clusterA: string | undefined; clusterB: string | undefined })[];
}

/**
 * Feeds every fixture article to `store` in publication order, as the pipeline would, and scores
 * the resulting clusters on the labelled pairs: a pair is predicted "same" when both articles end
 * in one cluster, so transitive links (copy of a copy) count, unlike the pairwise matcher.
 */
export async function evaluateStoreClusters(
  store: DedupStore,
  articles: ReadonlyMap<string, FixtureArticle>,
  pairs: readonly FixturePair[],
  now: Date,
): Promise<ClusterEvaluation> {
  const ordered = [...articles.values()].sort((x, y) => x.publishedAt.localeCompare(y.publishedAt));
  const cluster = new Map<string, string>();
  for (const article of ordered) {
    const d = await store.decide(article, now);
    if (d.kind !== "accepted" && d.kind !== "duplicate") throw new Error(`${article.name}: ${JSON.stringify(d)}`);
    cluster.set(article.name, d.clusterId);
  }
  const ev: ClusterEvaluation = { pairs: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0, precision: 0, recall: 0, errors: [] };
  for (const p of pairs) {
    const clusterA = cluster.get(p.a);
    const clusterB = cluster.get(p.b);
    const predicted = clusterA !== undefined && clusterA === clusterB;
    ev.pairs++;
    if (predicted && p.same) ev.truePositives++;
    else if (predicted) ev.falsePositives++;
    else if (p.same) ev.falseNegatives++;
    else ev.trueNegatives++;
    if (predicted !== p.same) ev.errors.push({ ...p, clusterA, clusterB });
  }
  const flagged = ev.truePositives + ev.falsePositives;
  ev.precision = flagged === 0 ? 1 : ev.truePositives / flagged;
  ev.recall = ev.truePositives + ev.falseNegatives === 0 ? 1 : ev.truePositives / (ev.truePositives + ev.falseNegatives);
  return ev;
}
