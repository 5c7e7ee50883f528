import { describe, expect, it } from "vitest";
import { spanQuery, weekStart } from "./span-query.ts";

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe("spanQuery", () => {
  it("finds the Monday of a day's week", () => {
    expect(weekStart(day("2026-12-03"))).toBe(day("2026-11-30"));
    expect(weekStart(day("2026-11-30"))).toBe(day("2026-11-30"));
    expect(weekStart(day("2026-11-29"))).toBe(day("2026-11-23"));
    expect(weekStart(day("1969-12-31"))).toBe(day("1969-12-29"));
  });

  it("names whole weeks once and the days at either end one by one, newest first", () => {
    // Thursday 3 December back to Monday 16 November: 3, 2, 1, 30 Nov (days), week of 23 Nov,
    // week of 16 Nov.
    expect(spanQuery(day("2026-12-03"), 18)).toBe(
      "'day 2026-12-03' | 'day 2026-12-02' | 'day 2026-12-01' | 'day 2026-11-30' | 'week 2026-11-23' | 'week 2026-11-16'",
    );
    // Sunday 29 November back to Friday 20 November: the week of 23 Nov, then 22, 21, 20.
    expect(spanQuery(day("2026-11-29"), 10)).toBe("'week 2026-11-23' | 'day 2026-11-22' | 'day 2026-11-21' | 'day 2026-11-20'");
    expect(spanQuery(day("2026-11-29"), 1)).toBe("'day 2026-11-29'");
  });
});
