import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createStoreHarness, type StoreHarness } from "./testing.ts";
import { EventStore } from "./event-store.ts";

let h: StoreHarness;
beforeAll(async () => {
  h = await createStoreHarness();
});
afterAll(async () => h?.close());

// The one-event fast statement skips an existing id instead of failing on it, so an idempotent
// retry inside a caller's transaction leaves that transaction usable.
it("an idempotent retry inside a caller's transaction does not abort it", async () => {
  const event = { eventId: randomUUID(), type: "FeedEnabled", data: { feedId: "tx" } };
  const first = await new EventStore(h.app).appendToStream("feed:tx", [event]);
  const [again, next] = await h.app.begin(async (tx) => {
    const store = new EventStore(tx);
    const retried = await store.appendToStream("feed:tx", [event]);
    const appended = await store.appendToStream("feed:tx", [{ eventId: randomUUID(), type: "FeedEnabled", data: { feedId: "tx" } }], { expectedVersion: 1 });
    return [retried, appended] as const;
  });
  expect(again.events).toEqual([{ ...first.events[0], existed: true }]);
  expect(next.events[0]?.streamVersion).toBe(2);
  expect(await new EventStore(h.app).streamVersion("feed:tx")).toBe(2);
});
