import { articlesProjection } from "./articles-projection.ts";
import { eventCountsProjection } from "./event-counts-projection.ts";
import { feedsProjection } from "./feeds-projection.ts";
import { storiesProjection } from "./stories-projection.ts";
import type { Projection } from "./projection.ts";
import { searchProjection } from "./search-projection.ts";
import { watchesProjection } from "./watches-projection.ts";

export { type Projection, checkpointName } from "./projection.ts";
export { runProjection, type RunProjectionOptions } from "./run-projection.ts";
export { rebuildProjection, ProjectionBusyError } from "./rebuild-projection.ts";
export { catchUpProjection } from "./catch-up-projection.ts";
export { articlesProjection, feedsProjection, searchProjection, eventCountsProjection, storiesProjection, watchesProjection };
export { EVENT_MINUTES_KEPT_SECONDS } from "./event-counts-projection.ts";

/** Every projection, by name. */
export const projections: Record<string, Projection> = {
  [articlesProjection.name]: articlesProjection,
  [feedsProjection.name]: feedsProjection,
  [searchProjection.name]: searchProjection,
  [eventCountsProjection.name]: eventCountsProjection,
  [storiesProjection.name]: storiesProjection,
  [watchesProjection.name]: watchesProjection,
};
export {
  listStories,
  listStoryOutlets,
  readStory,
  type StoryDetail,
  type StoryEntity,
  type StoryFilter,
  type StoryMember,
  type StorySummary,
} from "./story-queries.ts";
export { listWatchSummaries, readWatchSummary, type WatchSummary } from "./watch-queries.ts";
export { watchJson, watchStateView, type WatchJson, type WatchStateView } from "./watch-state-view.ts";
