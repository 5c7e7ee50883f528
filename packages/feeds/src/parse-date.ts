// Time-zone abbreviations seen in RFC 822 dates in the wild; Date.parse only knows the US ones.
const ZONES: Record<string, string> = {
  UT: "+0000",
  UTC: "+0000",
  GMT: "+0000",
  Z: "+0000",
  WET: "+0000",
  WEST: "+0100",
  BST: "+0100",
  CET: "+0100",
  CEST: "+0200",
  MET: "+0100",
  MEST: "+0200",
  EET: "+0200",
  EEST: "+0300",
  MSK: "+0300",
  IST: "+0530",
  SGT: "+0800",
  HKT: "+0800",
  JST: "+0900",
  KST: "+0900",
  AEST: "+1000",
  AEDT: "+1100",
  NZST: "+1200",
  NZDT: "+1300",
  EST: "-0500",
  EDT: "-0400",
  CST: "-0600",
  CDT: "-0500",
  MST: "-0700",
  MDT: "-0600",
  PST: "-0800",
  PDT: "-0700",
  AKST: "-0900",
  AKDT: "-0800",
  HST: "-1000",
  BRT: "-0300",
  ART: "-0300",
};

// French, German, Spanish, Italian, Dutch, Portuguese month names and abbreviations (lower case,
// accents removed) → English abbreviation.
const MONTHS: Record<string, string> = {};
for (const [en, names] of Object.entries({
  Jan: "jan janv janvier januar jänner enero ene gennaio gen januari janeiro",
  Feb: "feb fev fevr fevrier februar febrero febbraio februari fevereiro",
  Mar: "mar mars marz märz maerz marzo mrt maart marco",
  Apr: "apr avr avril april abril aprile",
  May: "may mai mayo maggio mag mei maio",
  Jun: "jun juin juni junio giugno giu junho",
  Jul: "jul juil juillet juli julio luglio lug julho",
  Aug: "aug aou aout august agosto ago augustus",
  Sep: "sep sept septembre september septiembre settembre set setembro",
  Oct: "oct octobre oktober okt octubre ottobre ott outubro out",
  Nov: "nov novembre november noviembre novembro",
  Dec: "dec déc decembre dezember dez diciembre dic dicembre december dezembro",
})) {
  for (const name of names.split(" ")) MONTHS[name] = en;
}

function stripAccents(s: string): string {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

function valid(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const year = new Date(ms).getUTCFullYear();
  // Dates before the web or centuries ahead are placeholders (0000-00-00, 1970-01-01) or typos.
  if (year < 1990 || year > 2200) return undefined;
  return new Date(ms).toISOString();
}

/**
 * Parses a feed date (RFC 822/1123 and its broken variants, ISO 8601 and its common deviations,
 * localised month names, zone abbreviations) into ISO-8601 UTC. Dates without a zone are taken
 * as UTC so results do not depend on the machine's time zone. Returns undefined when hopeless.
 */
export function parseFeedDate(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let s = raw
    .replace(/\([^)]*\)/g, " ")
    .trim()
    .replace(/\s+/g, " ");
  if (s === "") return undefined;

  // ISO 8601 and friends: 2026-11-25T10:00:00+0100, 2026-11-25 10:00:00, 2026/11/25 10:00
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2}|[A-Z]{1,5})?$/i.exec(s);
  if (iso) {
    const [, y, mo, d, h = "0", mi = "0", sec = "0", frac = "0", zone] = iso;
    const offset = zoneOffsetMinutes(zone);
    if (offset === undefined) return undefined;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), Math.round(Number(`0.${frac}`) * 1000)) - offset * 60_000;
    return valid(ms);
  }
  // 25/11/2026 08:00 or 11/25/2026: only when the day is unambiguous (> 12).
  const slashed = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (slashed) {
    const [, a = "0", b = "0", y, h = "0", mi = "0", sec = "0"] = slashed;
    const [day, month] = Number(a) > 12 ? [a, b] : Number(b) > 12 ? [b, a] : [];
    if (day === undefined || month === undefined) return undefined;
    return valid(Date.UTC(Number(y), Number(month) - 1, Number(day), Number(h), Number(mi), Number(sec)));
  }
  if (/^\d{9,10}$/.test(s)) return valid(Number(s) * 1000); // Unix seconds, seen in generated feeds

  // RFC 822 family. Drop the weekday (often wrong or localised), normalise month names and zones.
  s = stripAccents(s.toLowerCase())
    .replace(/^[a-z]+\.?,?\s+(?=\d{1,2}[\s.-]+[a-z])/, "")
    .replace(/\b([a-z]{3,9})\.?(?=[\s,-])/g, (word, name: string) => MONTHS[name] ?? word)
    .replace(/(\d)(st|nd|rd|th)\b/, "$1")
    .replace(/,/g, " ");
  const rfc = /^(\d{1,2})[\s-]([A-Z][a-z]{2})[\s-](\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(.*)$/.exec(s.replace(/\s+/g, " ").trim());
  const rfcUs = rfc ? null : /^([A-Z][a-z]{2}) (\d{1,2}) (\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(.*)$/.exec(s.replace(/\s+/g, " ").trim());
  const parts = rfc
    ? [rfc[1], rfc[2], rfc[3], rfc[4], rfc[5], rfc[6], rfc[7]]
    : rfcUs
      ? [rfcUs[2], rfcUs[1], rfcUs[3], rfcUs[4], rfcUs[5], rfcUs[6], rfcUs[7]]
      : undefined;
  if (parts) {
    const [d, mon, yRaw, h = "0", mi = "0", sec = "0", zoneRaw = ""] = parts;
    let year = Number(yRaw);
    if (year < 100) year += year < 70 ? 2000 : 1900;
    const month = Object.keys(MONTH_INDEX).indexOf(mon ?? "");
    const offset = zoneOffsetMinutes(zoneRaw.trim().toUpperCase() || undefined);
    if (month < 0 || offset === undefined) return undefined;
    return valid(Date.UTC(year, month, Number(d), Number(h), Number(mi), Number(sec)) - offset * 60_000);
  }
  return undefined;
}

const MONTH_INDEX = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** Minutes east of UTC for `Z`, `+01:00`, `+0100`, `+01`, `GMT+1`, or a known abbreviation; undefined if unknown. */
function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === "") return 0;
  const z = zone.toUpperCase().replace(/^(GMT|UTC|UT)(?=[+-])/, "");
  const named = ZONES[z];
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(named ?? z) ?? /^([+-])(\d{1,2})()$/.exec(z);
  if (!numeric) return /^[A-Z]{1,5}$/.test(z) ? 0 : undefined; // unknown abbreviation: UTC beats losing the date
  const [, sign, hh = "0", mm = ""] = numeric;
  const minutes = Number(hh) * 60 + Number(mm === "" ? "0" : mm);
  return sign === "-" ? -minutes : minutes;
}
