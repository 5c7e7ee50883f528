import { describe, expect, it } from "vitest";
import { MAX_CRAWL_DELAY_SECONDS, politeHostLimit } from "./polite-host-limit.ts";

describe("politeHostLimit", () => {
  it("is the configured rate when robots.txt sets no Crawl-delay", () => {
    expect(politeHostLimit(4, undefined)).toEqual({ max: 4, windowMs: 1000 });
    expect(politeHostLimit(4, 0)).toEqual({ max: 4, windowMs: 1000 });
    expect(politeHostLimit(4, Number.NaN)).toEqual({ max: 4, windowMs: 1000 });
  });

  it("lowers the rate to one request per Crawl-delay", () => {
    expect(politeHostLimit(4, 2)).toEqual({ max: 1, windowMs: 2000 });
    expect(politeHostLimit(4, 0.5)).toEqual({ max: 1, windowMs: 500 });
  });

  it("never raises the rate above the configured one", () => {
    expect(politeHostLimit(1, 0.5)).toEqual({ max: 1, windowMs: 1000 });
    expect(politeHostLimit(2, 0.5)).toEqual({ max: 2, windowMs: 1000 });
  });

  it("caps an absurd Crawl-delay", () => {
    expect(politeHostLimit(4, 86_400)).toEqual({ max: 1, windowMs: MAX_CRAWL_DELAY_SECONDS * 1000 });
  });
});
