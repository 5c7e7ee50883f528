import type { VigieEvent } from "./event.ts";

/** The story events of the log, as `followStory` yields them. */
export type StoryEvent = VigieEvent<"StoryStarted" | "ArticleJoinedStory" | "StoriesMerged">;
export const STORY_EVENT_TYPES = ["StoryStarted", "ArticleJoinedStory", "StoriesMerged"] as const;

/**
 * The stories one follows, grown by merges: `concerns(event)` says whether a story event is about
 * them (an article started, joined or left one of them; one of them was merged or absorbed
 * another) and, for a merge, follows both stories from then on.
 */
export class FollowedStories {
  private readonly ids: Set<string>;

  constructor(storyIds: Iterable<string>) {
    this.ids = new Set(storyIds);
  }

  /** The followed story ids: the one asked for and every story merged with it since. */
  get storyIds(): string[] {
    return [...this.ids];
  }

  concerns(event: StoryEvent): boolean {
    switch (event.type) {
      case "StoryStarted":
        return this.ids.has(event.data.storyId);
      case "ArticleJoinedStory":
        // A live blog's revision may move out of a followed story: that is news about it too.
        return this.ids.has(event.data.storyId) || (event.data.previousStoryId !== undefined && this.ids.has(event.data.previousStoryId));
      case "StoriesMerged": {
        const about = this.ids.has(event.data.storyId) || this.ids.has(event.data.mergedStoryId);
        if (about) {
          this.ids.add(event.data.storyId);
          this.ids.add(event.data.mergedStoryId);
        }
        return about;
      }
    }
  }
}
