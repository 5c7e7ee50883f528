import { loadConfig } from "@vigie/config";
import { TaggerLoadError } from "@vigie/entities";
import type { Runtime } from "@vigie/runtime";
import { describe, expect, it } from "vitest";
import { startTagger } from "./start-tagger.ts";

describe("startTagger", () => {
  it("loads the weights ENTITIES_MODEL_EN names: a missing file stops the start instead of falling back to the shipped ones", () => {
    // Only the config is read before the weights load; the throw comes before any connection is used.
    const runtime = { config: loadConfig({ ENTITIES_MODEL_EN: "/nonexistent/vigie-model-en.bin.gz" }) } as Runtime;
    expect(() => startTagger(runtime)).toThrow(TaggerLoadError);
    expect(() => startTagger(runtime)).toThrow(/vigie-model-en\.bin\.gz/);
  });
});
