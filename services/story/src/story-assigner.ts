import type { EventData } from "@vigie/contracts";
import type { Queryable } from "@vigie/db";
import { readAll, START, type Position } from "@vigie/event-store";
import { StoryModel, type BilingualLexicon, type Signature, type StoryModelOptions } from "@vigie/stories";
import type { StoryEventType } from "@vigie/streams";

const DECISIONS: readonly StoryEventType[] = ["StoryStarted", "ArticleJoinedStory", "StoriesMerged"];

/** A story event as the assigner applies it (recorded, or just appended by this process). */
export type StoryDecisionEvent =
  | { eventId: string; type: "StoryStarted"; data: EventData<"StoryStarted"> }
  | { eventId: string; type: "ArticleJoinedStory"; data: EventData<"ArticleJoinedStory"> }
  | { eventId: string; type: "StoriesMerged"; data: EventData<"StoriesMerged"> };

/** Event ids applied, forgotten oldest first past `limit` (a decision is re-read once at most). */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly limit: number) {}
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.limit)
      for (const old of this.ids) {
        this.ids.delete(old);
        break;
      }
    return true;
  }
}

/**
 * The story model of one process, folded from the log: before each decision it applies the story
 * events appended since its position (by other replicas, or before a restart), so a restarted
 * worker rebuilds its open stories from the events alone. Decisions run one at a time.
 */
export class StoryAssigner {
  readonly model: StoryModel;
  private position: Position = START;
  private readonly applied = new RecentIds(500_000);
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sql: Queryable,
    readonly lexicon: BilingualLexicon,
    options: StoryModelOptions = {},
  ) {
    this.model = new StoryModel(options);
  }

  /** Runs `fn` after every decision started before it (the model is not safe for interleaving). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Applies the story events committed since the last call; returns how many. */
  async catchUp(): Promise<number> {
    let count = 0;
    for (;;) {
      const page = await readAll(this.sql, this.position, { limit: 1000, types: DECISIONS });
      for (const event of page.events) {
        this.apply({ eventId: event.eventId, type: event.type, data: event.data } as StoryDecisionEvent);
        count++;
      }
      this.position = page.next;
      if (page.caughtUp) return count;
    }
  }

  apply(event: StoryDecisionEvent): void {
    if (!this.applied.add(event.eventId)) return;
    switch (event.type) {
      case "StoryStarted":
        this.model.start(event.data.storyId, event.data.articleId, signatureOf(event.data));
        return;
      case "ArticleJoinedStory":
        this.model.join(event.data.storyId, event.data.articleId, signatureOf(event.data));
        return;
      case "StoriesMerged":
        this.model.merge(event.data.storyId, event.data.mergedStoryId);
        return;
    }
  }
}

function signatureOf(data: EventData<"StoryStarted">): Signature {
  return { language: data.language, publishedAt: Date.parse(data.publishedAt), features: data.signature };
}
