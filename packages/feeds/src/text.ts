import { decodeHTML } from "entities";

const ENTITY = /&(#\d+|#x[\da-f]+|[a-z][a-z\d]+);/i;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const CONTROL_TEST = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const BLOCK = /^(p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|header|footer|figure|figcaption|hr|dd|dt|pre)$/i;

/** Removes tags: block-level ones become a space, inline ones nothing (so `<i>x</i>.` stays `x.`). */
function stripTags(html: string): string {
  // Linear on hostile input: an unclosed script/comment runs to the end in one match, and a tag
  // cannot span another "<", so no pattern rescans the rest of the string per occurrence.
  return html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, "")
    .replace(/<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, " ")
    .replace(/<\/?([a-z][a-z\d]*)\b[^<>]*>/gi, (_tag, name: string) => (BLOCK.test(name) ? " " : ""));
}

/**
 * Turns a title or summary that may carry HTML (tags, entities, doubly escaped entities, CDATA
 * leftovers) into one line of plain text.
 */
export function htmlToText(value: string): string {
  // Each pass is skipped when its trigger character is absent: most titles need none.
  let s = value;
  // CDATA markers are dropped one by one: a lazy "up to ]]>" pattern rescans the rest of the
  // string for every unclosed opening (quadratic on `<![CDATA[` repeated).
  if (s.includes("<")) s = stripTags(s.replace(/<!\[CDATA\[|\]\]>/g, ""));
  if (s.includes("&")) {
    s = decodeHTML(s);
    // Double escaping (`&amp;eacute;`) is common in titles; one more pass fixes it.
    if (ENTITY.test(s)) s = decodeHTML(s);
    if (s.includes("<")) s = stripTags(s);
  }
  if (CONTROL_TEST.test(s)) s = s.replace(CONTROL, " ");
  return s.replace(/[\s\u00a0]+/g, " ").trim();
}

/** Plain-text summary capped at `max` characters on a word boundary. */
export function summarise(value: string, max = 500): string {
  // Long article bodies (content:encoded) only need their beginning.
  const text = htmlToText(value.length > max * 40 ? value.slice(0, max * 40) : value);
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(" ", max);
  return `${text.slice(0, cut > max * 0.6 ? cut : max)}…`;
}

/** Resolves a possibly relative URL; undefined when unusable or not http(s). */
export function absoluteUrl(value: string | undefined, base: string | undefined): string | undefined {
  const raw = value?.trim();
  if (!raw) return undefined;
  try {
    const url = base === undefined ? new URL(raw) : new URL(raw, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Canonical BCP 47 tag (`en-us` → `en-US`, `fr_FR` → `fr-FR`), or undefined if not a language tag. */
export function normaliseLanguage(value: string | undefined): string | undefined {
  const raw = value?.trim().replace(/_/g, "-");
  if (!raw || !/^[a-z]{2,3}(-[a-z\d]{1,8})*$/i.test(raw)) return undefined;
  try {
    return Intl.getCanonicalLocales(raw)[0];
  } catch {
    return undefined;
  }
}
