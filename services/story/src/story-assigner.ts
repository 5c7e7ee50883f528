import type { EventData } from "@vigie/contracts";
import type { Queryable } from "@vigie/db";
import { readAll, START, type Position } from "@vigie/event-store";
import { StoryModel, type BilingualLexicon, type Signature, type StoryModelOptions } from "@vigie/stories";
import type { StoryEventType } from "@vigie/streams";
import { readStorySnapshot, writeStorySnapshot } from "./story-snapshot-store.ts";

const DECISIONS: readonly StoryEventType[] = ["StoryStarted", "ArticleJoinedStory", "StoriesMerged"];

/** A story event as the assigner applies it (recorded, or just appended by this process). */
export type StoryDecisionEvent =
  | { eventId: string; type: "StoryStarted"; data: EventData<"StoryStarted"> }
  | { eventId: string; type: "ArticleJoinedStory"; data: EventData<"ArticleJoinedStory"> }
  | { eventId: string; type: "StoriesMerged"; data: EventData<"StoriesMerged"> };

export interface StorySnapshotOptions {
  /** Row of `story_snapshots` read at start and replaced by each snapshot (replicas share it). @defaultValue "story" */
  name?: string;
  /** A snapshot is written after this many story events folded into the model. @defaultValue 1000 */
  everyEvents?: number;
  /** …or when this long has passed since the last one and an event was folded since. @defaultValue 600000 */
  everyMs?: number;
  /** The clock. @defaultValue Date.now */
  now?: () => number;
}

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
 * worker rebuilds its open stories from the events alone. Decisions run one at a time. With
 * snapshots, the first catch-up starts from the latest snapshot (model + the position it reflects)
 * instead of the beginning of the log, and a snapshot is written every `everyEvents` / `everyMs`.
 */
export class StoryAssigner {
  private current: StoryModel;
  private position: Position = START;
  private readonly applied = new RecentIds(500_000);
  /** This process's own decisions applied before the catch-up read them back: a snapshot waits for them. */
  private readonly unread = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private started = false;
  private sinceSnapshot = 0;
  private lastSnapshotAt: number;
  private readonly snapshots: Required<StorySnapshotOptions> | undefined;
  /** The position of the snapshot this process started from, if any. */
  restoredFrom: Position | undefined;

  constructor(
    private readonly sql: Queryable,
    readonly lexicon: BilingualLexicon,
    private readonly options: StoryModelOptions = {},
    snapshots?: StorySnapshotOptions,
  ) {
    this.current = new StoryModel(options);
    this.snapshots = snapshots ? { name: "story", everyEvents: 1000, everyMs: 600_000, now: Date.now, ...snapshots } : undefined;
    this.lastSnapshotAt = this.snapshots?.now() ?? 0;
  }

  get model(): StoryModel {
    return this.current;
  }

  /** Runs `fn` after every decision started before it (the model is not safe for interleaving). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Applies the story events committed since the last call (the first call starts from the snapshot, if any); returns how many. */
  async catchUp(): Promise<number> {
    if (!this.started) {
      this.started = true;
      const stored = this.snapshots ? await readStorySnapshot(this.sql, this.snapshots.name) : undefined;
      // A snapshot of another format is ignored: the log is refolded from the start instead.
      if (stored?.model.version === 1 && this.sinceSnapshot === 0) {
        this.current = StoryModel.restore(stored.model, this.options);
        this.position = stored.position;
        this.restoredFrom = stored.position;
      }
    }
    let count = 0;
    for (;;) {
      const page = await readAll(this.sql, this.position, { limit: 1000, types: DECISIONS });
      for (const event of page.events) {
        this.unread.delete(event.eventId);
        this.fold({ eventId: event.eventId, type: event.type, data: event.data } as StoryDecisionEvent);
        count++;
      }
      this.position = page.next;
      if (page.caughtUp) return count;
    }
  }

  /** Applies a decision this process has just appended (the catch-up will skip it when it reads it). */
  apply(event: StoryDecisionEvent): void {
    if (this.fold(event)) this.unread.add(event.eventId);
  }

  /**
   * Writes a snapshot if one is due and the model is exactly the fold of the log up to its
   * position (no own decision waiting to be read back). Returns the bytes written, else undefined.
   */
  async maybeSnapshot(): Promise<number | undefined> {
    const options = this.snapshots;
    if (!options || this.unread.size > 0 || this.sinceSnapshot === 0) return undefined;
    if (this.sinceSnapshot < options.everyEvents && options.now() - this.lastSnapshotAt < options.everyMs) return undefined;
    return this.writeSnapshot();
  }

  /** Writes a snapshot now (after a catch-up); returns the bytes written (0: a newer one is stored, or an own decision is not readable yet). */
  async writeSnapshot(): Promise<number> {
    const options = this.snapshots;
    if (!options) return 0;
    if (this.unread.size > 0) await this.catchUp();
    if (this.unread.size > 0) return 0;
    const bytes = await writeStorySnapshot(this.sql, options.name, { position: this.position, model: this.current.snapshot() });
    this.sinceSnapshot = 0;
    this.lastSnapshotAt = options.now();
    return bytes;
  }

  private fold(event: StoryDecisionEvent): boolean {
    if (!this.applied.add(event.eventId)) return false;
    this.sinceSnapshot++;
    switch (event.type) {
      case "StoryStarted":
        this.current.start(event.data.storyId, event.data.articleId, signatureOf(event.data));
        return true;
      case "ArticleJoinedStory":
        this.current.join(event.data.storyId, event.data.articleId, signatureOf(event.data));
        return true;
      case "StoriesMerged":
        this.current.merge(event.data.storyId, event.data.mergedStoryId);
        return true;
    }
  }
}

function signatureOf(data: EventData<"StoryStarted">): Signature {
  return { language: data.language, publishedAt: Date.parse(data.publishedAt), features: data.signature };
}
