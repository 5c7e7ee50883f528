import { randomUUID } from "node:crypto";
import { watchMatchesStreamId, watchStreamId } from "@vigie/contracts";
import { createStoreHarness, type StoreHarness } from "@vigie/event-store/testing";
import {
  decideDelivered,
  decideDeliveryFailed,
  decideWatch,
  foldWatch,
  initialWatchState,
  watchMatchedEventId,
  type WatchCommand,
  type WatchDefinition,
} from "@vigie/streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rebuildProjection } from "./rebuild-projection.ts";
import { runProjection } from "./run-projection.ts";
import { listWatchSummaries, readWatchSummary } from "./watch-queries.ts";
import { watchesProjection } from "./watches-projection.ts";
import { watchStateView } from "./watch-state-view.ts";

const article = (i: number) => i.toString(16).padStart(64, "0");
const definition = (over: Partial<WatchDefinition> = {}): WatchDefinition => ({ entityIds: ["Q1"], languages: [], feedIds: [], delivery: "each", ...over });

describe("watches projection", () => {
  let harness: StoreHarness;
  beforeAll(async () => {
    harness = await createStoreHarness({ max: 4 });
  });
  afterAll(async () => harness?.close());

  const load = async (watchId: string) => foldWatch(watchId, await harness.store.readStream(watchStreamId(watchId)));
  /** Decides a command on the watch's current state and appends its events. */
  const command = async (watchId: string, cmd: WatchCommand) => {
    const state = await load(watchId);
    await harness.store.appendToStream(watchStreamId(watchId), decideWatch(cmd, state, "test"), { expectedVersion: state.version });
  };
  const create = async (owner: string, over: Partial<WatchDefinition> = {}) => {
    const watchId = randomUUID();
    await harness.store.appendToStream(
      watchStreamId(watchId),
      decideWatch({ type: "CreateWatch", owner, definition: definition(over) }, initialWatchState(watchId), "test"),
      {
        expectedVersion: "no_stream",
      },
    );
    return watchId;
  };
  const match = async (watchId: string, from: number, count: number) => {
    await harness.store.appendToStream(
      watchMatchesStreamId(watchId),
      Array.from({ length: count }, (_, k) => ({
        eventId: watchMatchedEventId(watchId, article(from + k)),
        type: "WatchMatched" as const,
        data: { watchId, articleId: article(from + k), revision: 1, entityIds: ["Q1"], delivery: "each" as const },
      })),
    );
  };
  const attempt = (key: string, n: number) => ({ idempotencyKey: key, articleIds: [article(0)], mode: "each" as const, attempt: n });
  const delivered = async (watchId: string, key: string) => {
    const state = await load(watchId);
    await harness.store.appendToStream(watchStreamId(watchId), decideDelivered(state, attempt(key, 1), { httpStatus: 200, durationMs: 3 }), {
      expectedVersion: state.version,
    });
  };
  const failed = async (watchId: string, key: string, n: number) => {
    const state = await load(watchId);
    await harness.store.appendToStream(watchStreamId(watchId), decideDeliveryFailed(state, attempt(key, n), { reason: "http-503", permanent: false }, 3), {
      expectedVersion: state.version,
    });
  };
  const rows = async () => harness.app`select * from proj_watches order by watch_id`;

  it("holds what a fold of each watch's stream says, live as a rebuild does; a token lists only its own watches", async () => {
    const alice = [await create("alice", { name: "A1", query: "retraites", webhookUrl: "https://hooks.example.org/a" }), await create("alice")];
    const bob = await create("bob", { delivery: "digest", digestSeconds: 600, webhookUrl: "https://hooks.example.org/b" });
    const gone = await create("alice");
    await match(alice[0] as string, 0, 40);
    await delivered(alice[0] as string, "k1");
    await failed(alice[0] as string, "k2", 1);
    await match(bob, 100, 7);
    // Three failures in a row disable bob's delivery; a person re-enables it.
    for (const n of [1, 2, 3]) await failed(bob, "digest:1-7", n);
    await command(bob, { type: "EnableDelivery" });
    await command(alice[1] as string, { type: "UpdateWatch", definition: definition({ entityIds: ["Q2", "Q3"], languages: ["fr"] }), rotateSecret: true });
    await match(alice[1] as string, 200, 3);
    await command(gone, { type: "DeleteWatch" });

    // Small pages, so that a page holds a watch's creation and its matches, or its matches alone.
    const controller = new AbortController();
    const running = runProjection(harness.app, watchesProjection, { signal: controller.signal, batchSize: 9 });
    // Caught up when the checkpoint reaches the last event (a page may end exactly there: no "caught up" page then).
    const [head] = await harness.app<{ last: string }[]>`select max(global_position)::text as last from events`;
    for (let i = 0; i < 600; i++) {
      const [cp] = await harness.app<{ at: string }[]>`select global_position::text as at from consumer_checkpoints where consumer_id = 'projection:watches'`;
      if (cp && cp.at === head?.last) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    controller.abort();
    await running;
    const live = await rows();

    for (const watchId of [...alice, bob, gone]) {
      const state = await load(watchId);
      const summary = await readWatchSummary(harness.app, watchId);
      // The row shows what the API and the CLI show of a watch just changed, before the projection has it.
      expect(summary).toMatchObject({
        ...watchStateView(state),
        status: state.deleted ? "deleted" : "active",
        secretVersion: state.secretVersion,
        failedAttempts: state.failedAttempts,
        lastDeliveredAt: state.lastDeliveredAt ?? null,
        lastFailedAt: state.lastFailedAt ?? null,
        matches: await harness.store.streamVersion(watchMatchesStreamId(watchId)),
        createdAt: state.createdAt,
        updatedAt: state.updatedAt,
      });
    }
    expect(await readWatchSummary(harness.app, bob)).toMatchObject({ failedAttempts: 3, consecutiveFailures: 0, deliveryEnabled: true, matches: 7 });
    const first = await readWatchSummary(harness.app, alice[0] as string);
    expect(first).toMatchObject({ matches: 40, delivered: 1, failedAttempts: 1, consecutiveFailures: 1, lastError: "http-503" });
    expect(first?.lastMatchedAt).toBeInstanceOf(Date);
    expect(first?.lastDeliveredAt).toBeInstanceOf(Date);
    expect(await readWatchSummary(harness.app, alice[1] as string)).toMatchObject({ secretVersion: 2, entityIds: ["Q2", "Q3"], matches: 3, delivered: 0 });

    expect((await listWatchSummaries(harness.app, { owner: "alice" })).map((w) => w.watchId).sort()).toEqual([...alice].sort());
    expect((await listWatchSummaries(harness.app, { owner: "bob" })).map((w) => w.watchId)).toEqual([bob]);
    expect(await listWatchSummaries(harness.app, { owner: "carol" })).toEqual([]);
    expect((await listWatchSummaries(harness.app)).map((w) => w.watchId).sort()).toEqual([...alice, bob].sort());

    await rebuildProjection(harness.app, watchesProjection, { batchSize: 1000 });
    expect(await rows()).toEqual(live);
  });
});
