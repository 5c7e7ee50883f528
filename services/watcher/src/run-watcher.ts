import { articleStreamId, watchMatchesStreamId, type EventData } from "@vigie/contracts";
import type { Queryable, Sql } from "@vigie/db";
import { EventStore, eventsExist, runConsumer, type NewStreamEvent, type RecordedEvent } from "@vigie/event-store";
import type { Logger } from "@vigie/logger";
import { compileWatch, decideMatch, foldArticle, indexText, type ArticleFacts, type CompiledWatch, type WatchDefinition } from "@vigie/streams";

export interface WatcherOptions {
  sql: Sql;
  logger: Logger;
  signal: AbortSignal;
  /** Checkpoint name (one active instance per name). @defaultValue "watcher" */
  name?: string;
  wake?: (wakeUp: () => void) => () => void;
  /** @defaultValue 200 */
  batchSize?: number;
  /** Longest wait between polls when caught up, in ms. @defaultValue 1000 */
  maxPollMs?: number;
  /** Called after each committed page (tests, progress). */
  onProgress?: (info: { handled: number; matched: number; caughtUp: boolean }) => void;
}

const TYPES = ["WatchCreated", "WatchUpdated", "WatchDeleted", "EntitiesTagged"] as const;

/** The facts of a tagged article that watches are matched against, from its stream. */
async function articleFacts(store: EventStore, data: EventData<"EntitiesTagged">, needText: boolean): Promise<{ facts: ArticleFacts; text: string }> {
  const article = foldArticle(data.articleId, await store.readStream(articleStreamId(data.articleId)));
  const fetched = article.fetched.get(data.revision);
  const title = fetched?.data.title ?? article.title;
  const text = needText ? [title, fetched?.data.lead, fetched?.data.text].filter((t): t is string => t !== undefined).join("\n") : "";
  return {
    facts: {
      articleId: data.articleId,
      revision: data.revision,
      language: data.language || fetched?.data.language,
      feedId: article.discovered?.data.feedId,
      url: fetched?.data.finalUrl ?? article.url,
      title,
      entityIds: new Set(data.entities.map((e) => e.entityId)),
    },
    text,
  };
}

/** Whether an article could match a watch before its text is read (entity ids, language, feed are cheap). */
function mayMatch(watch: CompiledWatch, entityIds: ReadonlySet<string>): boolean {
  return watch.definition.entityIds.length === 0 || watch.definition.entityIds.some((id) => entityIds.has(id));
}

/**
 * The watcher: reads the log in commit order from its checkpoint and, for every tagged article,
 * appends `WatchMatched` for each live watch it matches. The live watches are kept in
 * `watcher_watches`, written with the matches and the checkpoint in one transaction: after a
 * crash the page is read again against the very watches it was first matched with, and the
 * matches' deterministic ids (watch + article) make a repeat a no-op. A watch matches an article
 * once: a later revision that also matches appends nothing.
 */
export async function runWatcher(options: WatcherOptions): Promise<void> {
  const log = options.logger.child({ component: "watcher" });
  const handle = async (events: RecordedEvent[], tx: Queryable) => {
    const rows = await tx<{ watch_id: string; definition: WatchDefinition }[]>`select watch_id, definition from watcher_watches`;
    const watches = new Map(rows.map((r) => [r.watch_id, compileWatch(r.watch_id, r.definition)]));
    const changed = new Map<string, { owner?: string; definition: WatchDefinition } | null>();
    const store = new EventStore(tx);
    const matches: NewStreamEvent[] = [];
    for (const event of events) {
      if (event.type === "WatchCreated" || event.type === "WatchUpdated") {
        const data = event.data as EventData<"WatchUpdated"> & { owner?: string };
        const { watchId, secretVersion: _secret, owner, ...definition } = data;
        watches.set(watchId, compileWatch(watchId, definition));
        // Created and updated in one page: the row is inserted with its owner and latest definition.
        const owned = owner ?? changed.get(watchId)?.owner;
        changed.set(watchId, { ...(owned === undefined ? {} : { owner: owned }), definition });
      } else if (event.type === "WatchDeleted") {
        const { watchId } = event.data as EventData<"WatchDeleted">;
        watches.delete(watchId);
        changed.set(watchId, null);
      } else if (event.type === "EntitiesTagged" && watches.size > 0) {
        const data = event.data as EventData<"EntitiesTagged">;
        const entityIds = new Set(data.entities.map((e) => e.entityId));
        const candidates = [...watches.values()].filter((w) => mayMatch(w, entityIds));
        if (candidates.length === 0) continue;
        const needText = candidates.some((w) => w.query !== undefined);
        const { facts, text } = await articleFacts(store, data, needText);
        const indexed = needText ? indexText(text) : undefined;
        for (const watch of candidates) {
          for (const match of decideMatch(watch, facts, indexed, event.eventId)) matches.push({ ...match, streamId: watchMatchesStreamId(watch.watchId) });
        }
      }
    }
    // A watch matched once stays matched: a later revision, or the same article twice in a page,
    // appends nothing (the first match's payload is kept).
    const existing = await eventsExist(
      tx,
      matches.map((m) => m.eventId),
    );
    const seen = new Set<string>();
    const fresh = matches.filter((m) => !existing.has(m.eventId) && !seen.has(m.eventId) && seen.add(m.eventId));
    if (fresh.length > 0) await store.append(fresh);
    for (const [watchId, row] of changed) {
      if (row === null) await tx`delete from watcher_watches where watch_id = ${watchId}`;
      else if (row.owner !== undefined)
        await tx`insert into watcher_watches (watch_id, owner, definition) values (${watchId}, ${row.owner}, ${row.definition as never}::jsonb)
          on conflict (watch_id) do update set definition = excluded.definition, updated_at = now()`;
      else await tx`update watcher_watches set definition = ${row.definition as never}::jsonb, updated_at = now() where watch_id = ${watchId}`;
    }
    if (fresh.length > 0) log.debug({ matched: fresh.length, events: events.length }, "watches matched");
    lastMatched = fresh.length;
  };
  let lastMatched = 0;
  await runConsumer(options.sql, {
    name: options.name ?? "watcher",
    transactional: true,
    types: TYPES,
    batchSize: options.batchSize ?? 200,
    ...(options.maxPollMs === undefined ? {} : { maxPollMs: options.maxPollMs }),
    signal: options.signal,
    wake: options.wake,
    handle,
    onProgress: ({ handled, caughtUp }) => {
      options.onProgress?.({ handled, matched: lastMatched, caughtUp });
      lastMatched = 0;
    },
    onError: (err) => log.error({ err }, "watcher page failed, retrying"),
  });
}
