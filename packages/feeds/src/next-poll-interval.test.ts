import { describe, expect, it } from "vitest";
import { nextPollInterval } from "./next-poll-interval.ts";

const hourly = Array.from({ length: 10 }, (_, i) => new Date(Date.UTC(2026, 10, 25, 12 - i)).toISOString());

describe("nextPollInterval", () => {
  it("polls at half the publishing gap", () => {
    expect(nextPollInterval({ itemTimestamps: hourly, consecutiveFailures: 0 })).toBe(1800);
  });

  it("defaults to an hour without dates, and ignores unparseable ones", () => {
    expect(nextPollInterval({ itemTimestamps: [], consecutiveFailures: 0 })).toBe(3600);
    expect(nextPollInterval({ itemTimestamps: ["nope", hourly[0] ?? ""], consecutiveFailures: 0 })).toBe(3600);
  });

  it("stays within the bounds", () => {
    const everyMinute = Array.from({ length: 10 }, (_, i) => new Date(Date.UTC(2026, 10, 25, 12, i)).toISOString());
    expect(nextPollInterval({ itemTimestamps: everyMinute, consecutiveFailures: 0 })).toBe(300);
    const yearly = ["2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z", "2022-01-01T00:00:00Z"];
    expect(nextPollInterval({ itemTimestamps: yearly, consecutiveFailures: 0 })).toBe(86_400);
    expect(nextPollInterval({ itemTimestamps: yearly, consecutiveFailures: 0 }, { minSeconds: 60, maxSeconds: 7200 })).toBe(7200);
  });

  it("slows down for a feed that went quiet", () => {
    const now = Date.parse(hourly[0] ?? "") + 2 * 86_400_000;
    expect(nextPollInterval({ itemTimestamps: hourly, consecutiveFailures: 0, now })).toBe(43_200);
  });

  it("respects ttl, sy:updatePeriod and max-age as floors", () => {
    expect(nextPollInterval({ itemTimestamps: hourly, ttlMinutes: 120, consecutiveFailures: 0 })).toBe(7200);
    expect(nextPollInterval({ itemTimestamps: hourly, updatePeriodMinutes: 1440, consecutiveFailures: 0 })).toBe(86_400);
    expect(nextPollInterval({ itemTimestamps: hourly, maxAgeSeconds: 5400, consecutiveFailures: 0 })).toBe(5400);
    expect(nextPollInterval({ itemTimestamps: hourly, ttlMinutes: 1, consecutiveFailures: 0 })).toBe(1800);
  });

  it("backs off exponentially on failures", () => {
    const intervals = [1, 2, 3, 4, 20].map((n) => nextPollInterval({ itemTimestamps: hourly, consecutiveFailures: n }));
    expect(intervals).toEqual([600, 1200, 2400, 4800, 86_400]);
  });

  it("honours Retry-After, even beyond the upper bound, up to a week", () => {
    expect(nextPollInterval({ itemTimestamps: hourly, retryAfterSeconds: 3 * 3600, consecutiveFailures: 1 })).toBe(10_800);
    expect(nextPollInterval({ itemTimestamps: hourly, retryAfterSeconds: 2 * 86_400, consecutiveFailures: 1 })).toBe(172_800);
    expect(nextPollInterval({ itemTimestamps: hourly, retryAfterSeconds: 10 ** 9, consecutiveFailures: 1 })).toBe(604_800);
    expect(nextPollInterval({ itemTimestamps: hourly, retryAfterSeconds: 60, consecutiveFailures: 0 })).toBe(1800);
  });
});

describe("nextPollInterval: a new feed with a single dated item", () => {
  const now = Date.UTC(2026, 11, 3, 12);
  const ago = (seconds: number) => [new Date(now - seconds * 1000).toISOString()];
  it("polls a feed whose only item is a minute old near the minimum", () => {
    expect(nextPollInterval({ itemTimestamps: ago(60), consecutiveFailures: 0, now })).toBe(300);
    expect(nextPollInterval({ itemTimestamps: ago(60), consecutiveFailures: 0, now }, { minSeconds: 30 })).toBe(30);
  });
  it("waits a quarter of the item's age, up to the maximum for a month-old item", () => {
    expect(nextPollInterval({ itemTimestamps: ago(4 * 3600), consecutiveFailures: 0, now })).toBe(3600);
    expect(nextPollInterval({ itemTimestamps: ago(30 * 86_400), consecutiveFailures: 0, now })).toBe(86_400);
  });
  it("is still bounded by ttl, sy:updatePeriod, max-age and Retry-After", () => {
    const fresh = { itemTimestamps: ago(60), consecutiveFailures: 0, now };
    expect(nextPollInterval({ ...fresh, ttlMinutes: 30 })).toBe(1800);
    expect(nextPollInterval({ ...fresh, updatePeriodMinutes: 60 })).toBe(3600);
    expect(nextPollInterval({ ...fresh, maxAgeSeconds: 900 })).toBe(900);
    expect(nextPollInterval({ ...fresh, retryAfterSeconds: 7200 })).toBe(7200);
  });
  it("keeps the one-hour default without a clock, and an item dated in the future counts as fresh", () => {
    expect(nextPollInterval({ itemTimestamps: ago(60), consecutiveFailures: 0 })).toBe(3600);
    expect(nextPollInterval({ itemTimestamps: ago(-600), consecutiveFailures: 0, now })).toBe(300);
  });
});
