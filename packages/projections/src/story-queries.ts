import type { Queryable } from "@vigie/db";

export interface StoryEntity {
  entityId: string;
  name: string;
  /** Articles of the story naming it. */
  articles: number;
}

export interface StorySummary {
  storyId: string;
  /** The title of the article that started it. */
  title: string | null;
  startedAt: string;
  lastArticleAt: string;
  articleCount: number;
  languages: string[];
  entities: StoryEntity[];
}

export interface StoryMember {
  articleId: string;
  url: string | null;
  title: string | null;
  feedId: string | null;
  /** The feed's name, else its URL's host. */
  outlet: string | null;
  language: string;
  publishedAt: string;
  score: number;
  /** Copies of this article (dedup): they follow their original's story. */
  duplicates: { articleId: string; url: string }[];
}

export interface StoryDetail extends StorySummary {
  mergedInto: string | null;
  byLanguage: Record<string, StoryMember[]>;
  outlets: { outlet: string; articles: number }[];
}

export interface StoryFilter {
  /** Only stories with an article naming this entity id. */
  entity?: string | undefined;
  /** Only stories with an article in this language. */
  language?: string | undefined;
  /** Only stories with an article published at or after this time. */
  since?: Date | undefined;
  /** Only stories started at or before this time. */
  until?: Date | undefined;
  /** @defaultValue 1 */
  minArticles?: number | undefined;
  /** @defaultValue 50 */
  limit?: number | undefined;
}

interface StoryRow {
  story_id: string;
  title: string | null;
  started_at: Date;
  last_article_at: Date;
  article_count: number;
  languages: string[];
  merged_into: string | null;
}

const hostOf = (url: string | null) => (url && URL.canParse(url) ? new URL(url).host : null);

async function topEntities(sql: Queryable, storyIds: string[]): Promise<Map<string, StoryEntity[]>> {
  const out = new Map<string, StoryEntity[]>();
  if (storyIds.length === 0) return out;
  const rows = await sql<{ story_id: string; entity_id: string; name: string; articles: number }[]>`
    select story_id, entity_id, name, articles from (
      select sa.story_id, e.entity_id, min(e.name) as name, count(*)::int as articles,
        row_number() over (partition by sa.story_id order by count(*) desc, e.entity_id) as rank
      from proj_story_articles sa join proj_article_entities e on e.article_id = sa.article_id
      where sa.story_id = any(${storyIds})
      group by sa.story_id, e.entity_id
    ) ranked where rank <= 5 order by story_id, rank`;
  for (const r of rows) out.set(r.story_id, [...(out.get(r.story_id) ?? []), { entityId: r.entity_id, name: r.name, articles: r.articles }]);
  return out;
}

const summary = (r: StoryRow, entities: Map<string, StoryEntity[]>): StorySummary => ({
  storyId: r.story_id,
  title: r.title,
  startedAt: r.started_at.toISOString(),
  lastArticleAt: r.last_article_at.toISOString(),
  articleCount: r.article_count,
  languages: r.languages,
  entities: entities.get(r.story_id) ?? [],
});

/** The outlets of each story (as `readStory` names them: the feed's name, else its host, else the article's), most articles first. */
export async function listStoryOutlets(sql: Queryable, storyIds: string[]): Promise<Map<string, { outlet: string; articles: number }[]>> {
  const out = new Map<string, { outlet: string; articles: number }[]>();
  if (storyIds.length === 0) return out;
  const rows = await sql<{ story_id: string; name: string | null; feed_url: string | null; url: string | null }[]>`
    select sa.story_id, coalesce(f.title, f.feed_title) as name, f.url as feed_url, a.url
    from proj_story_articles sa
    left join proj_articles a on a.article_id = sa.article_id
    left join proj_feeds f on f.feed_id = a.feed_id
    where sa.story_id = any(${storyIds})`;
  const counts = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const outlet = r.name ?? hostOf(r.feed_url) ?? hostOf(r.url);
    if (!outlet) continue;
    const story = counts.get(r.story_id) ?? new Map<string, number>();
    story.set(outlet, (story.get(outlet) ?? 0) + 1);
    counts.set(r.story_id, story);
  }
  for (const [storyId, outlets] of counts)
    out.set(
      storyId,
      [...outlets].map(([outlet, articles]) => ({ outlet, articles })).sort((a, b) => b.articles - a.articles || (a.outlet < b.outlet ? -1 : 1)),
    );
  return out;
}

/** Stories, most recently active first (merged and emptied ones left out). */
export async function listStories(sql: Queryable, filter: StoryFilter = {}): Promise<StorySummary[]> {
  const rows = await sql<StoryRow[]>`
    select s.*, a.title from proj_stories s left join proj_articles a on a.article_id = s.first_article_id
    where s.merged_into is null and s.article_count >= ${filter.minArticles ?? 1}
      ${filter.entity === undefined ? sql`` : sql`and exists (select 1 from proj_story_articles sa join proj_article_entities e on e.article_id = sa.article_id where sa.story_id = s.story_id and e.entity_id = ${filter.entity})`}
      ${filter.language === undefined ? sql`` : sql`and ${filter.language} = any(s.languages)`}
      ${filter.since === undefined ? sql`` : sql`and s.last_article_at >= ${filter.since}`}
      ${filter.until === undefined ? sql`` : sql`and s.started_at <= ${filter.until}`}
    order by s.last_article_at desc, s.story_id
    limit ${filter.limit ?? 50}`;
  const entities = await topEntities(
    sql,
    rows.map((r) => r.story_id),
  );
  return rows.map((r) => summary(r, entities));
}

/** One story with its articles by language and outlet, duplicates under their original; undefined if unknown. */
export async function readStory(sql: Queryable, storyId: string): Promise<StoryDetail | undefined> {
  const [row] = await sql<StoryRow[]>`
    select s.*, a.title from proj_stories s left join proj_articles a on a.article_id = s.first_article_id where s.story_id = ${storyId}`;
  if (!row) return undefined;
  const members = await sql<
    {
      article_id: string;
      url: string | null;
      title: string | null;
      feed_id: string | null;
      feed_title: string | null;
      feed_url: string | null;
      language: string;
      published_at: Date;
      score: number;
    }[]
  >`
    select sa.article_id, a.url, a.title, a.feed_id, coalesce(f.title, f.feed_title) as feed_title, f.url as feed_url, sa.language, sa.published_at, sa.score
    from proj_story_articles sa
    left join proj_articles a on a.article_id = sa.article_id
    left join proj_feeds f on f.feed_id = a.feed_id
    where sa.story_id = ${storyId}
    order by sa.published_at, sa.article_id limit 2000`;
  const duplicates = await sql<{ article_id: string; url: string; original_article_id: string }[]>`
    select article_id, url, original_article_id from proj_articles
    where original_article_id = any(${members.map((m) => m.article_id)}) order by discovered_at, article_id limit 5000`;
  const byLanguage: Record<string, StoryMember[]> = {};
  const outlets = new Map<string, number>();
  for (const m of members) {
    const outlet = m.feed_title ?? hostOf(m.feed_url) ?? hostOf(m.url);
    if (outlet) outlets.set(outlet, (outlets.get(outlet) ?? 0) + 1);
    (byLanguage[m.language] ??= []).push({
      articleId: m.article_id,
      url: m.url,
      title: m.title,
      feedId: m.feed_id,
      outlet,
      language: m.language,
      publishedAt: m.published_at.toISOString(),
      score: m.score,
      duplicates: duplicates.filter((d) => d.original_article_id === m.article_id).map((d) => ({ articleId: d.article_id, url: d.url })),
    });
  }
  return {
    ...summary(row, await topEntities(sql, [storyId])),
    mergedInto: row.merged_into,
    byLanguage,
    outlets: [...outlets].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([outlet, articles]) => ({ outlet, articles })),
  };
}
