import type { Queryable } from "@vigie/db";
import type { RecordedEvent } from "@vigie/event-store";
import { narrowEvent, type StoryEventType } from "@vigie/streams";
import type { Projection } from "./projection.ts";

const DECISIONS = ["StoryStarted", "ArticleJoinedStory", "StoriesMerged"] as const satisfies readonly StoryEventType[];
const DECISION_TYPES: ReadonlySet<string> = new Set(DECISIONS);

/** Count, languages and time span of a story, from its member rows. */
async function recount(sql: Queryable, storyId: string, at: Date): Promise<void> {
  await sql`
    update proj_stories s set
      article_count = m.n,
      languages = m.languages,
      started_at = coalesce(m.first, s.started_at),
      last_article_at = coalesce(m.last, s.last_article_at),
      updated_at = ${at}
    from (
      select count(*)::int as n,
        coalesce(array_agg(distinct language order by language) filter (where language is not null), '{}') as languages,
        min(published_at) as first, max(published_at) as last
      from proj_story_articles where story_id = ${storyId}
    ) m
    where s.story_id = ${storyId}`;
}

async function place(
  sql: Queryable,
  story: { storyId: string; articleId: string; language: string; publishedAt: string },
  score: number,
  started: boolean,
  at: Date,
): Promise<void> {
  await sql`
    insert into proj_stories (story_id, first_article_id, started_at, last_article_at, updated_at)
    values (${story.storyId}, ${story.articleId}, ${story.publishedAt}, ${story.publishedAt}, ${at})
    on conflict (story_id) do nothing`;
  const [before] = await sql<{ story_id: string }[]>`select story_id from proj_story_articles where article_id = ${story.articleId}`;
  await sql`
    insert into proj_story_articles (article_id, story_id, language, published_at, score, started)
    values (${story.articleId}, ${story.storyId}, ${story.language}, ${story.publishedAt}, ${score}, ${started})
    on conflict (article_id) do update set story_id = excluded.story_id, language = excluded.language,
      published_at = excluded.published_at, score = excluded.score, started = excluded.started`;
  if (before && before.story_id !== story.storyId) await recount(sql, before.story_id, at);
  await recount(sql, story.storyId, at);
}

async function apply(sql: Queryable, recorded: RecordedEvent): Promise<void> {
  const event = narrowEvent<(typeof DECISIONS)[number]>(DECISION_TYPES, recorded);
  if (!event) return;
  const at = event.recordedAt;
  switch (event.type) {
    case "StoryStarted":
      await place(sql, event.data, 1, true, at);
      return;
    case "ArticleJoinedStory":
      await place(sql, event.data, event.data.score, false, at);
      return;
    case "StoriesMerged": {
      const { storyId, mergedStoryId } = event.data;
      await sql`update proj_story_articles set story_id = ${storyId} where story_id = ${mergedStoryId}`;
      await sql`update proj_stories set merged_into = ${storyId} where story_id = ${mergedStoryId}`;
      await recount(sql, mergedStoryId, at);
      await recount(sql, storyId, at);
      return;
    }
  }
}

/** Stories and the story each article is in: `proj_stories`, `proj_story_articles`. */
export const storiesProjection: Projection = {
  name: "stories",
  tables: ["proj_story_articles", "proj_stories"],
  types: [...DECISIONS],
  apply,
};
