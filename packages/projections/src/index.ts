import { articlesProjection } from "./articles-projection.ts";
import { feedsProjection } from "./feeds-projection.ts";
import { storiesProjection } from "./stories-projection.ts";
import type { Projection } from "./projection.ts";
import { searchProjection } from "./search-projection.ts";

export { type Projection, checkpointName } from "./projection.ts";
export { runProjection, type RunProjectionOptions } from "./run-projection.ts";
export { rebuildProjection, ProjectionBusyError } from "./rebuild-projection.ts";
export { articlesProjection, feedsProjection, searchProjection, storiesProjection };

/** Every projection, by name. */
export const projections: Record<string, Projection> = {
  [articlesProjection.name]: articlesProjection,
  [feedsProjection.name]: feedsProjection,
  [searchProjection.name]: searchProjection,
  [storiesProjection.name]: storiesProjection,
};
export { listStories, readStory, type StoryDetail, type StoryEntity, type StoryFilter, type StoryMember, type StorySummary } from "./story-queries.ts";
