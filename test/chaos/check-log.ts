import type { Sql } from "@vigie/db";
import { readAllEvents } from "@vigie/event-store";

export interface ChaosCheck {
  events: number;
  articles: number;
  discoverable: number;
  /** Discoverable articles with no discovery, or a stage without its one terminal event (the story stage: one per tagged revision). */
  lost: string[];
  /** Streams with a terminal event type more than once. */
  duplicated: string[];
  /** Streams whose versions are not 1..n. */
  gaps: string[];
  /** Failure events without a reason. */
  reasonless: number;
  outcomes: Record<string, number>;
}

const FETCH = ["ArticleFetched", "ArticleFetchFailed"];
const DEDUP = ["ArticleAccepted", "ArticleDuplicateDetected", "ArticleDedupFailed"];
const TAG = ["EntitiesTagged", "ArticleTaggingFailed"];
const STORY = ["StoryStarted", "ArticleJoinedStory", "ArticleStoryFailed"];

/** Reads the whole log and says what was lost or doubled. */
export async function checkLog(sql: Sql, discoverable: Set<string>): Promise<ChaosCheck> {
  type Row = { stream_id: string; event_type: string; url: string | null; reason: string | null; v: number };
  const text = (value: unknown) => (value === undefined || value === null ? null : typeof value === "string" ? value : JSON.stringify(value));
  const rows: Row[] = (await readAllEvents(sql, { order: "stream" })).map((e) => {
    const data = e.data as { url?: unknown; reason?: unknown };
    return { stream_id: e.streamId, event_type: e.type, url: text(data.url), reason: text(data.reason), v: e.streamVersion };
  });
  const byStream = new Map<string, Row[]>();
  for (const r of rows) byStream.set(r.stream_id, [...(byStream.get(r.stream_id) ?? []), r]);
  const lost: string[] = [];
  const duplicated: string[] = [];
  const gaps: string[] = [];
  const outcomes: Record<string, number> = {};
  const discoveredUrls = new Set<string>();
  let articles = 0;
  for (const [stream, events] of byStream) {
    if (events.length !== Math.max(...events.map((e) => e.v))) gaps.push(stream);
    if (!stream.startsWith("article:")) continue;
    articles++;
    const types = events.map((e) => e.event_type);
    const count = (set: string[]) => types.filter((t) => set.includes(t)).length;
    const url = events.find((e) => e.event_type === "ArticleDiscovered")?.url;
    if (url) discoveredUrls.add(url);
    if (count(["ArticleDiscovered"]) !== 1) (count(["ArticleDiscovered"]) > 1 ? duplicated : lost).push(`${stream}: discovered`);
    const fetch = count(FETCH);
    if (fetch !== 1) (fetch > 1 ? duplicated : lost).push(`${stream}: fetch`);
    if (types.includes("ArticleFetched")) {
      const dedup = count(DEDUP);
      if (dedup !== 1) (dedup > 1 ? duplicated : lost).push(`${stream}: dedup`);
    }
    if (types.includes("ArticleAccepted")) {
      const tag = count(TAG);
      if (tag !== 1) (tag > 1 ? duplicated : lost).push(`${stream}: tag`);
    }
    // Every tagged revision ends in exactly one story decision (or its failure).
    const tagged = count(["EntitiesTagged"]);
    const story = count(STORY);
    if (story !== tagged) (story > tagged ? duplicated : lost).push(`${stream}: story (${story} decisions for ${tagged} tagged revisions)`);
    const last = [...FETCH, ...DEDUP, ...TAG, ...STORY].filter((t) => types.includes(t)).join("+") || "discovered-only";
    outcomes[last] = (outcomes[last] ?? 0) + 1;
  }
  for (const url of discoverable) if (!discoveredUrls.has(url)) lost.push(`never discovered: ${url}`);
  const reasonless = rows.filter((r) => r.event_type.endsWith("Failed") && !r.reason).length;
  return { events: rows.length, articles, discoverable: discoverable.size, lost, duplicated, gaps, reasonless, outcomes };
}
