import { randomUUID } from "node:crypto";
import type { Config } from "@vigie/config";
import { watchStreamId } from "@vigie/contracts";
import { aggregateStream, handleCommand, listStreamIds, type EventStore } from "@vigie/event-store";
import { decideWatch, foldWatch, initialWatchState, isLive, type WatchCommand, type WatchDefinition, type WatchState } from "@vigie/streams";
import { checkWebhookTarget } from "./check-webhook-target.ts";
import { DEVELOPMENT_SIGNING_KEY } from "./webhook-secret.ts";

/** A watch's state folded from its stream. */
export function loadWatch(store: EventStore, watchId: string): Promise<WatchState> {
  return aggregateStream(store, watchStreamId(watchId), (events) => foldWatch(watchId, events));
}

/** Every live watch (optionally of one owner), from the log. */
export async function listWatches(store: EventStore, filter: { owner?: string | undefined } = {}): Promise<WatchState[]> {
  const ids = (await listStreamIds(store.sql, { prefix: "watch:" })).map((id) => id.slice("watch:".length));
  const states = await Promise.all(ids.map((id) => loadWatch(store, id)));
  return states.filter((s) => isLive(s) && (filter.owner === undefined || s.owner === filter.owner));
}

/** The key every watch's signing secret is derived from: WATCH_SIGNING_SECRET, else API_TOKEN_SECRET, else a development key. */
export function signingKeyOf(config: Pick<Config, "WATCH_SIGNING_SECRET" | "API_TOKEN_SECRET">): string {
  return config.WATCH_SIGNING_SECRET ?? config.API_TOKEN_SECRET ?? DEVELOPMENT_SIGNING_KEY;
}

/**
 * Creates a watch a person asked for (API, CLI): refuses first, with `WebhookTargetRefusedError`,
 * a webhook vigie would not post to.
 */
export async function createWatch(
  store: EventStore,
  owner: string,
  definition: WatchDefinition,
  options: { allowHosts: readonly string[]; producer: string },
): Promise<WatchState> {
  if (definition.webhookUrl !== undefined) await checkWebhookTarget(definition.webhookUrl, options.allowHosts);
  const watchId = randomUUID();
  const events = decideWatch({ type: "CreateWatch", owner, definition }, initialWatchState(watchId), options.producer);
  await store.appendToStream(watchStreamId(watchId), events, { expectedVersion: "no_stream" });
  return loadWatch(store, watchId);
}

/** Updates, deletes or re-enables a watch; throws `UnknownWatchError` (`@vigie/streams`) for a deleted or unknown one. */
export async function changeWatch(
  store: EventStore,
  watchId: string,
  command: Exclude<WatchCommand, { type: "CreateWatch" }>,
  options: { allowHosts: readonly string[]; producer: string },
): Promise<{ state: WatchState; event: string | null }> {
  if (command.type === "UpdateWatch" && command.definition.webhookUrl !== undefined)
    await checkWebhookTarget(command.definition.webhookUrl, options.allowHosts);
  const { events } = await handleCommand(
    store,
    watchStreamId(watchId),
    (stored) => foldWatch(watchId, stored),
    (state) => decideWatch(command, state, options.producer),
  );
  return { state: await loadWatch(store, watchId), event: events[0]?.type ?? null };
}
