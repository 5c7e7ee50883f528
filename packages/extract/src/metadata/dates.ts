/** Parses the date formats found in pages into ISO-8601 UTC; undefined when unparseable. */
export function toIsoDate(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim();
  if (value.length < 8 || value.length > 64) return undefined;
  let ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    // "2024-03-05 14:02:00" without zone, or with "+0100" offsets: make it ISO-like.
    const iso = value.replace(
      /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)\s*(Z|[+-]\d{2}:?\d{2})?$/,
      (_m, d: string, t: string, z?: string) => `${d}T${t}${z === undefined ? "Z" : z.length === 5 ? `${z.slice(0, 3)}:${z.slice(3)}` : z}`,
    );
    ms = Date.parse(iso);
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) {
    // Date.parse reads zone-less date-times as local time; pages mean UTC far more often than not.
    ms = Date.parse(`${value}Z`);
  }
  if (Number.isNaN(ms)) return frenchDate(value);
  const year = new Date(ms).getUTCFullYear();
  if (year < 1990 || year > 2100) return undefined;
  return new Date(ms).toISOString();
}

const FRENCH_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

/** "5 mars 2024 à 14h02" — common visible French date lines. */
function frenchDate(value: string): string | undefined {
  const m = /(\d{1,2})(?:er)?\s+([a-zéû]+)\s+(\d{4})(?:\D+(\d{1,2})\s*[h:]\s*(\d{2}))?/i.exec(value);
  if (m === null) return undefined;
  const month = FRENCH_MONTHS.indexOf((m[2] ?? "").toLowerCase());
  if (month < 0) return undefined;
  const ms = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
