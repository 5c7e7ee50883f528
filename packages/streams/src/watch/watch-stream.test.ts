import { describe, expect, it } from "vitest";
import { deciderSpecification } from "../testing/decider-specification.ts";
import { UnknownWatchError } from "../errors/unknown-watch-error.ts";
import type { Decider } from "../decider.ts";
import { compileWatch, decideMatch, watchMatchedEventId, type ArticleFacts } from "./decide-match.ts";
import { indexText } from "./match-query.ts";
import { decideDeliveryFailed, decideWatch, type DeliveryAttempt, type WatchCommand } from "./decide-watch.ts";
import { evolveWatch, foldWatch, initialWatchState, type WatchDefinition, type WatchEventType, type WatchState } from "./watch-stream.ts";

const watchId = "3f1c7a4e-0b6d-4c1e-9a55-1d2e3f4a5b6c";
const decider: Decider<WatchState, WatchCommand, WatchEventType> = {
  initialState: () => initialWatchState(watchId),
  evolve: evolveWatch,
  decide: (command, state) => decideWatch(command, state, "test"),
};
const spec = deciderSpecification(decider);
const definition: WatchDefinition = { entityIds: ["Q1"], languages: [], feedIds: [], delivery: "each", webhookUrl: "https://hooks.example.org/a" };
const created = { type: "WatchCreated", data: { watchId, owner: "tok1", ...definition } } as const;
const deleted = { type: "WatchDeleted", data: { watchId } } as const;

describe("watch decider", () => {
  it("creates once", () => {
    spec
      .given([])
      .when({ type: "CreateWatch", owner: "tok1", definition })
      .then([{ type: "WatchCreated", data: { watchId, owner: "tok1", entityIds: ["Q1"] } }]);
    spec.given([created]).when({ type: "CreateWatch", owner: "tok1", definition }).thenNothingHappened();
  });
  it("updates only a changed definition, or to rotate the secret", () => {
    spec.given([created]).when({ type: "UpdateWatch", definition }).thenNothingHappened();
    spec
      .given([created])
      .when({ type: "UpdateWatch", definition: { ...definition, query: "macron" } })
      .then([{ type: "WatchUpdated", data: { query: "macron" } }]);
    spec
      .given([created])
      .when({ type: "UpdateWatch", definition, rotateSecret: true })
      .then([{ type: "WatchUpdated", data: { secretVersion: 2 } }]);
  });
  it("refuses commands on a deleted or unknown watch", () => {
    spec.given([]).when({ type: "DeleteWatch" }).thenThrows(UnknownWatchError);
    spec.given([created, deleted]).when({ type: "UpdateWatch", definition }).thenThrows(UnknownWatchError);
  });
  it("re-enables a disabled delivery only", () => {
    spec.given([created]).when({ type: "EnableDelivery" }).thenNothingHappened();
    spec
      .given([created, { type: "WatchDeliveryDisabled", data: { watchId, reason: "too-many-failures", consecutiveFailures: 3 } }])
      .when({ type: "EnableDelivery" })
      .then([{ type: "WatchDeliveryEnabled" }]);
  });
});

describe("delivery failures", () => {
  const attempt: DeliveryAttempt = { idempotencyKey: "k1", articleIds: [], mode: "each", attempt: 1 };
  const at = (events: { type: string; data: unknown }[]) =>
    foldWatch(
      watchId,
      events.map((e, i) => ({ ...e, eventId: `e${i}`, streamVersion: i + 1, recordedAt: new Date(0) })),
    );
  it("counts failures in a row and disables at the threshold, once", () => {
    let state = at([created]);
    const failure = { reason: "http-500", permanent: false };
    const first = decideDeliveryFailed(state, attempt, failure, 2);
    expect(first.map((e) => e.type)).toEqual(["AlertDeliveryFailed"]);
    state = at([created, ...first]);
    const second = decideDeliveryFailed(state, { ...attempt, attempt: 2 }, failure, 2);
    expect(second.map((e) => e.type)).toEqual(["AlertDeliveryFailed", "WatchDeliveryDisabled"]);
    state = at([created, ...first, ...second]);
    expect(state.deliveryEnabled).toBe(false);
    expect(decideDeliveryFailed(state, { ...attempt, attempt: 3 }, failure, 2).map((e) => e.type)).toEqual(["AlertDeliveryFailed"]);
  });
  it("a success resets the count", () => {
    const state = at([
      created,
      {
        type: "AlertDeliveryFailed",
        data: { watchId, idempotencyKey: "k", articleIds: [], mode: "each", attempt: 1, reason: "x", permanent: false, consecutiveFailures: 1 },
      },
      { type: "AlertDelivered", data: { watchId, idempotencyKey: "k", articleIds: [], mode: "each", attempt: 2, httpStatus: 200, durationMs: 1 } },
    ]);
    expect(state.consecutiveFailures).toBe(0);
    expect(state.delivered).toBe(1);
  });
});

describe("decideMatch", () => {
  const article: ArticleFacts = { articleId: "a".repeat(64), revision: 1, language: "fr", feedId: "f1", entityIds: new Set(["Q1", "Q2"]), title: "Titre" };
  const text = indexText("Le gouvernement présente la réforme des retraites");
  it("matches on entity ids, with the id derived from watch and article", () => {
    const [event] = decideMatch(compileWatch(watchId, definition), article, text, "cause");
    expect(event?.eventId).toBe(watchMatchedEventId(watchId, article.articleId));
    expect(event?.data).toMatchObject({ entityIds: ["Q1"], delivery: "each", language: "fr" });
    expect(decideMatch(compileWatch(watchId, { ...definition, entityIds: ["Q9"] }), article, text, "cause")).toEqual([]);
  });
  it("requires every criterion: language (primary subtag), feed, query", () => {
    const match = (d: Partial<WatchDefinition>) => decideMatch(compileWatch(watchId, { ...definition, ...d }), article, text, "c").length === 1;
    expect(match({ languages: ["fr-FR"] })).toBe(true);
    expect(match({ languages: ["en"] })).toBe(false);
    expect(match({ feedIds: ["f2"] })).toBe(false);
    expect(match({ entityIds: [], query: "retraites -grève" })).toBe(true);
    expect(match({ query: '"réforme du travail"' })).toBe(false);
  });
  it("records a match without delivery for a watch without webhook", () => {
    const { webhookUrl: _omit, ...noHook } = definition;
    expect(decideMatch(compileWatch(watchId, noHook), article, text, "c")[0]?.data.delivery).toBe("none");
  });
});
