import type { EventType } from "@vigie/contracts";
import type { Article, ArticlePage, ArticleQuery } from "./articles.ts";
import type { CheckpointStore } from "./checkpoint-store.ts";
import { decodeCursor } from "@vigie/event-store";
import { START_CURSOR } from "./cursor.ts";
import type { VigieEvent } from "./event.ts";
import { FollowedStories, STORY_EVENT_TYPES, type StoryEvent } from "./follow-story.ts";
import { HttpTransport, type HttpTransportOptions } from "./http-transport.ts";
import { PostgresTransport, type PostgresTransportOptions } from "./postgres-transport.ts";
import type { Page, Transport } from "./transport.ts";

export type VigieClientOptions = { http: HttpTransportOptions } | { postgres: PostgresTransportOptions } | { transport: Transport };

export interface CheckpointOptions {
  store: CheckpointStore;
  /** Key of this consumer in the store. */
  name: string;
  /** Save after this many handled events… @defaultValue 100 */
  everyEvents?: number;
  /** …or when this long has passed since the last save, whichever comes first. @defaultValue 1000 */
  everyMs?: number;
}

export interface SubscribeOptions<T extends EventType> {
  /**
   * Where to start when the checkpoint store has nothing yet: a cursor (an event's `cursor`, a
   * page's `next`) or `"start"`. A stored checkpoint always wins. @defaultValue "start"
   */
  from?: string;
  /** Only these types; the cursor still moves past the others. @defaultValue every type */
  types?: readonly T[];
  /** Keep following the log once caught up (HTTP: switch to the SSE stream). @defaultValue true */
  follow?: boolean;
  checkpoint?: CheckpointOptions;
  /** Events per page while catching up. @defaultValue 500 */
  pageSize?: number;
  /** Ends the iteration (after saving the checkpoint). */
  signal?: AbortSignal;
}

export interface FollowStoryOptions extends Pick<SubscribeOptions<StoryEvent["type"]>, "from" | "follow" | "pageSize" | "signal"> {
  /** Called with the followed story ids each time a merge adds one. */
  onMerge?: (storyIds: string[]) => void;
}

/** A consumer of the vigie event log, over HTTP or directly over Postgres. */
export class VigieClient {
  readonly transport: Transport;

  constructor(options: VigieClientOptions) {
    if ("transport" in options) this.transport = options.transport;
    else if ("http" in options) this.transport = new HttpTransport(options.http);
    else this.transport = new PostgresTransport(options.postgres);
  }

  /** One page of the log after `after` (a cursor; `""` for the start). */
  page(after: string, options: { limit?: number; types?: readonly EventType[]; signal?: AbortSignal } = {}): Promise<Page> {
    return this.transport.readPage(after, { limit: options.limit ?? 500, types: options.types, signal: options.signal });
  }

  /**
   * One page of articles, newest first, filtered by entity, feed, feed category, cluster, date or
   * language (`GET /v1/articles`). Over HTTP only: the Postgres transport reads the log alone.
   */
  articles(query: ArticleQuery = {}, signal?: AbortSignal): Promise<ArticlePage> {
    if (!this.transport.listArticles) throw new Error("articles are served by the vigie API: create the client with { http: … }");
    return this.transport.listArticles(query, signal);
  }

  /** Every article matching `query`, newest first, page after page. */
  async *allArticles(query: Omit<ArticleQuery, "before"> = {}, signal?: AbortSignal): AsyncGenerator<Article, void, undefined> {
    let before: string | undefined;
    do {
      const page = await this.articles({ ...query, ...(before === undefined ? {} : { before }) }, signal);
      yield* page.articles;
      before = page.next ?? undefined;
    } while (before !== undefined);
  }

  /**
   * Every event after the checkpoint (or `from`), in commit order, then — with `follow` — each
   * new one as it commits. At-least-once: an event counts as handled when the loop asks for the
   * next one, and the checkpoint only moves past handled events (throttled by `checkpoint.everyEvents`
   * / `everyMs`, flushed when the loop ends). After a crash, or a `break` out of the loop, events
   * after the last save come again: deduplicate on `event.id`.
   */
  async *subscribe<T extends EventType = EventType>(options: SubscribeOptions<T> = {}): AsyncGenerator<VigieEvent<T>, void, undefined> {
    const cp = options.checkpoint;
    const from = options.from === undefined || options.from === "start" ? START_CURSOR : options.from;
    decodeCursor(from);
    let cursor = (cp && (await cp.store.load(cp.name))) ?? from;
    let saved = cursor;
    let unsaved = 0;
    let lastSave = Date.now();
    const everyEvents = cp?.everyEvents ?? 100;
    const everyMs = cp?.everyMs ?? 1000;
    const save = async () => {
      if (!cp || cursor === saved) return;
      const target = cursor;
      await cp.store.save(cp.name, target);
      saved = target;
      unsaved = 0;
      lastSave = Date.now();
    };
    const handled = async (next: string) => {
      cursor = next;
      unsaved += 1;
      if (unsaved >= everyEvents || Date.now() - lastSave >= everyMs) await save();
    };
    const read = { types: options.types, signal: options.signal };
    try {
      for (;;) {
        const page = await this.transport.readPage(cursor, { ...read, limit: options.pageSize ?? 500 });
        for (const event of page.events) {
          yield event as VigieEvent<T>;
          await handled(event.cursor);
        }
        cursor = page.next;
        if (page.caughtUp || options.signal?.aborted) break;
      }
      await save();
      if (options.follow === false || options.signal?.aborted) return;
      for await (const item of this.transport.tail(cursor, read)) {
        if (item.kind === "event") {
          yield item.event as VigieEvent<T>;
          await handled(item.event.cursor);
        } else await handled(item.cursor);
      }
    } finally {
      await save();
    }
  }

  /**
   * The events of one story, in commit order: its `StoryStarted`, each `ArticleJoinedStory` into
   * it (or out of it: a live blog's revision that moved), and each `StoriesMerged` naming it —
   * after which the other story is followed too, whichever of the two was kept. Reads the story
   * events from `from` (default: the start of the log, so the story's history comes first), then
   * with `follow` (default) each new one. The article that bridged a merge is in the merge's
   * `data.articleId` (its own join names the kept story and may precede the merge).
   */
  async *followStory(storyId: string, options: FollowStoryOptions = {}): AsyncGenerator<StoryEvent, void, undefined> {
    const followed = new FollowedStories([storyId]);
    const { onMerge, ...read } = options;
    for await (const event of this.subscribe({ ...read, types: STORY_EVENT_TYPES })) {
      const before = followed.storyIds.length;
      if (!followed.concerns(event)) continue;
      if (followed.storyIds.length > before) onMerge?.(followed.storyIds);
      yield event;
    }
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}

/** `const vigie = createVigieClient({ http: { url } })`, then `for await (const e of vigie.subscribe())`. */
export function createVigieClient(options: VigieClientOptions): VigieClient {
  return new VigieClient(options);
}
