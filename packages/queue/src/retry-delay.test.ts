import { HttpStatusError } from "@vigie/http";
import { describe, expect, it } from "vitest";
import { MAX_RETRY_AFTER_MS, retryDelay } from "./retry-delay.ts";

describe("retryDelay", () => {
  const half = () => 0.5;
  it("doubles from the base delay with jitter", () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, new Error("x"), 1000, half))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelay(1, new Error("x"), 1000, () => 0)).toBe(500);
    expect(retryDelay(1, new Error("x"), 1000, () => 0.999)).toBe(1499);
  });
  it("waits at least as long as the server's Retry-After, within a bound", () => {
    expect(retryDelay(1, new HttpStatusError(429, "https://x.example/", { retryAfterSeconds: 120 }), 1000, half)).toBe(120_000);
    expect(retryDelay(5, new HttpStatusError(503, "https://x.example/", { retryAfterSeconds: 1 }), 1000, half)).toBe(16_000);
    expect(retryDelay(1, new HttpStatusError(503, "https://x.example/", { retryAfterSeconds: 10 ** 9 }), 1000, half)).toBe(MAX_RETRY_AFTER_MS);
  });
});
