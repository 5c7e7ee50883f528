import { loadConfig } from "@vigie/config";
import { describe, expect, it } from "vitest";
import { DEFAULT_STARTUP_WAIT_MS, startupWaitMs } from "./startup-wait-ms.ts";

describe("startupWaitMs", () => {
  it("waits by default only in a long-running process with VIGIE_EMBEDDED off", () => {
    const deployed = loadConfig({ VIGIE_EMBEDDED: "false" });
    expect(startupWaitMs(deployed, "long-running")).toBe(DEFAULT_STARTUP_WAIT_MS);
    expect(startupWaitMs(deployed, "one-shot")).toBe(0);
    // The embedded default starts its own servers at once rather than waiting first.
    const laptop = loadConfig({});
    expect(startupWaitMs(laptop, "long-running")).toBe(0);
    expect(startupWaitMs(laptop, "one-shot")).toBe(0);
  });

  it("takes STARTUP_WAIT_MS when set, 0 included, whatever the process", () => {
    for (const VIGIE_EMBEDDED of ["true", "false"]) {
      expect(startupWaitMs(loadConfig({ VIGIE_EMBEDDED, STARTUP_WAIT_MS: "5000" }), "one-shot")).toBe(5000);
      expect(startupWaitMs(loadConfig({ VIGIE_EMBEDDED, STARTUP_WAIT_MS: "5000" }), "long-running")).toBe(5000);
      expect(startupWaitMs(loadConfig({ VIGIE_EMBEDDED, STARTUP_WAIT_MS: "0" }), "long-running")).toBe(0);
    }
  });

  it("refuses a negative or non-integer STARTUP_WAIT_MS", () => {
    expect(() => loadConfig({ STARTUP_WAIT_MS: "-1" })).toThrow(/STARTUP_WAIT_MS/);
    expect(() => loadConfig({ STARTUP_WAIT_MS: "soon" })).toThrow(/STARTUP_WAIT_MS/);
  });
});
