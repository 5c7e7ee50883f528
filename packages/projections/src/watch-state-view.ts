import type { WatchState } from "@vigie/streams";
import type { WatchSummary } from "./watch-queries.ts";

/** The fields a watch shows wherever it is shown (API, CLI), under the names and nulls of its read-model row. */
export type WatchStateView = Pick<
  WatchSummary,
  | "watchId"
  | "owner"
  | "name"
  | "query"
  | "entityIds"
  | "languages"
  | "feedIds"
  | "webhookUrl"
  | "delivery"
  | "digestSeconds"
  | "deliveryEnabled"
  | "consecutiveFailures"
  | "lastError"
  | "delivered"
>;

/**
 * A watch's view from a fold of its stream: what a command just decided, shown before the
 * `watches` projection has it (the row then holds the same values).
 */
export const watchStateView = (state: WatchState): WatchStateView => ({
  watchId: state.watchId,
  owner: state.owner,
  name: state.definition.name ?? null,
  query: state.definition.query ?? null,
  entityIds: state.definition.entityIds,
  languages: state.definition.languages,
  feedIds: state.definition.feedIds,
  webhookUrl: state.definition.webhookUrl ?? null,
  delivery: state.definition.delivery,
  digestSeconds: state.definition.digestSeconds ?? null,
  deliveryEnabled: state.deliveryEnabled,
  consecutiveFailures: state.consecutiveFailures,
  lastError: state.lastError ?? null,
  delivered: state.delivered,
});

/** A watch as the API's `Watch` schema and the CLI's `--json` print it: its view, with its dates as ISO strings. */
export type WatchJson = WatchStateView & { createdAt: string | null; updatedAt: string | null };

/**
 * The one mapping from a fold of a watch's stream to its JSON (`POST`/`PATCH /v1/watches`,
 * `vigie watches add|edit|show --json`): every field present, null when unset.
 */
export const watchJson = (state: WatchState): WatchJson => ({
  ...watchStateView(state),
  createdAt: state.createdAt?.toISOString() ?? null,
  updatedAt: state.updatedAt?.toISOString() ?? null,
});
