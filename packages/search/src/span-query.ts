/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a day counted since the epoch (UTC). */
export const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** Days since the epoch of the Monday of `day`'s week (1970-01-01 was a Thursday). */
export const weekStart = (day: number) => day - ((((day + 3) % 7) + 7) % 7);

/**
 * The `tsquery` text matching the rows discovered on the `span` days down from `newest` (days
 * since the epoch, UTC), with the lexemes of migration 0018: whole weeks as one `'week <Monday>'`,
 * the days at either end as `'day <date>'`. Fewer lexemes, less for the index to walk.
 */
export function spanQuery(newest: number, span: number): string {
  const oldest = newest - span + 1;
  const lexemes: string[] = [];
  for (let day = newest; day >= oldest; ) {
    const monday = weekStart(day);
    if (day === monday + 6 && monday >= oldest) {
      lexemes.push(`'week ${isoDay(monday)}'`);
      day = monday - 1;
    } else {
      lexemes.push(`'day ${isoDay(day)}'`);
      day -= 1;
    }
  }
  return lexemes.join(" | ");
}
