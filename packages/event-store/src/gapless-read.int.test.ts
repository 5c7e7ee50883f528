import { afterAll, beforeAll, describe, it } from "vitest";
import { createStoreHarness, type StoreHarness } from "./testing.ts";
import { runGaplessHarness, WRITERS } from "../test/gapless-harness.ts";

// Guarantee 1: the gapless read returns every committed event exactly once, in commit-safe
// order, while 16 writers commit out of position order; the naive reader loses some. The same
// holds for the filtered reads (by type, by stream) and for the JSON-text form the API sends.
describe("readAll under concurrent writers", () => {
  let h: StoreHarness;
  beforeAll(async () => {
    h = await createStoreHarness({ max: WRITERS + 4 });
  });
  afterAll(async () => h?.close());

  it("reads every committed event exactly once and in order; the naive reader misses some", async () => {
    await runGaplessHarness({ writer: h.app, reader: h.app });
  });
});
