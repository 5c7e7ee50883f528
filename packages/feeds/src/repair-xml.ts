import { decodeHTML } from "entities";
import { mapElements } from "./map-elements.ts";

const XML_ENTITIES = new Set(["amp", "lt", "gt", "quot", "apos"]);

/**
 * Changes applied to every XML feed before parsing: drop anything before the first tag and the
 * whole DOCTYPE (no DTD is ever processed, so entity expansion and external entities cannot
 * happen), and turn XHTML titles/summaries/content into escaped HTML so their text keeps its order.
 */
export function prepareXml(text: string): string {
  let s = text;
  // Skip whatever precedes the document: blank lines, a BOM, or a PHP warning printed before it
  // (often itself HTML, so "first <" is not enough).
  const start = s.slice(0, 65_536).search(/<\?xml|<rss[\s>]|<(?:atom:)?feed[\s>]|<rdf:RDF[\s>]/i);
  const first = start >= 0 ? start : s.indexOf("<");
  if (first > 0) s = s.slice(first);
  s = removeDoctype(s);
  // A prefixed Atom root (<atom:feed xmlns:atom=…>) is plain Atom to rss-parser once unprefixed.
  if (/^(?:<\?[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<atom:feed[\s>]/i.test(s.slice(0, 4096))) s = s.replace(/<(\/?)atom:/g, "<$1");
  if (/type\s*=\s*["']xhtml["']/i.test(s)) s = escapeXhtmlConstructs(s);
  return wrapRawHtml(s);
}

/** Removes the DOCTYPE, internal subset included, with index scans (no backtracking regex). */
function removeDoctype(s: string): string {
  const start = s.slice(0, 4096).search(/<!DOCTYPE/i);
  if (start < 0) return s;
  const gt = s.indexOf(">", start);
  const bracket = s.indexOf("[", start);
  if (bracket >= 0 && (gt < 0 || bracket < gt)) {
    const close = /\]\s*>/g;
    close.lastIndex = bracket;
    const m = close.exec(s);
    return m ? s.slice(0, start) + s.slice(m.index + m[0].length) : s.slice(0, start);
  }
  return gt < 0 ? s.slice(0, start) : s.slice(0, start) + s.slice(gt + 1);
}

const escapeMarkup = (inner: string): string => inner.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function escapeXhtmlConstructs(s: string): string {
  return mapElements(s, /<((?:atom:)?(?:title|subtitle|summary|content|rights))(\s[^<>]*)>/gi, (tag, attrs, inner) => {
    if (!/\btype\s*=\s*["']xhtml["']/i.test(attrs)) return undefined;
    return `<${tag}${attrs.replace(/\btype\s*=\s*["']xhtml["']/i, 'type="html"')}>${escapeMarkup(inner)}</${tag}>`;
  });
}

/**
 * Unescaped HTML inside title/description/content elements is wrapped in CDATA so it stays one
 * string in document order (xml2js would split it into child objects and lose the order).
 */
function wrapRawHtml(s: string): string {
  return mapElements(s, /<(content:encoded|description|summary|content|title)(\s[^<>]*)?>/gi, (tag, attrs, inner) => {
    if (!inner.includes("<") || inner.includes("<![CDATA[")) return undefined;
    return `<${tag}${attrs}><![CDATA[${inner.replace(/\]\]>/g, "]]]]><![CDATA[>")}]]></${tag}>`;
  });
}

/** Applies `fix` to the text outside CDATA sections and comments only. */
function outsideCdata(s: string, fix: (part: string) => string): string {
  // `|$` lets an unclosed section run to the end in one match instead of rescanning per opening.
  return s
    .split(/(<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$))/)
    .map((part, i) => (i % 2 === 1 ? part : fix(part)))
    .join("");
}

/**
 * Repairs for documents a strict XML parser refused: HTML named entities become numeric
 * references, stray `&` become `&amp;`, control characters illegal in XML are dropped, and a
 * truncated document is cut after its last complete item and closed.
 */
export function repairXml(text: string): string {
  return closeTruncated(repairXmlText(text));
}

/** The repairs of {@link repairXml} short of closing a truncated document (the tolerant tree closes it itself, keeping the last partial item). */
export function repairXmlText(text: string): string {
  const s = atomTextLinks(text).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");
  return outsideCdata(s, (part) =>
    part.replace(/&(#\d+;|#x[\da-f]+;|([a-z][\w.-]*);)?/gi, (match, ref: string | undefined, name: string | undefined) => {
      if (ref === undefined) return "&amp;";
      if (name === undefined || XML_ENTITIES.has(name)) return match;
      const decoded = decodeHTML(match);
      if (decoded === match) return `&amp;${ref}`;
      return [...decoded].map((ch) => `&#${ch.codePointAt(0) ?? 63};`).join("");
    }),
  );
}

/** Atom `<link>https://…</link>` (text instead of href) crashes rss-parser: turn it into `<link href>`. */
function atomTextLinks(s: string): string {
  if (!/<feed[\s>]/i.test(s)) return s;
  return s.replace(/<link(\s[^<>]*)?>([^<]*)<\/link>/gi, (match, attrs: string | undefined, text: string) => {
    const href = text.trim();
    if (href === "" || /\s/.test(href) || /\bhref\s*=/i.test(attrs ?? "")) return match;
    return `<link${attrs ?? ""} href="${href.replace(/"/g, "&quot;")}"/>`;
  });
}

const CLOSERS: [RegExp, string, string][] = [
  [/<rss[\s>]/i, "</item>", "</channel></rss>"],
  [/<rdf:RDF[\s>]/i, "</item>", "</rdf:RDF>"],
  [/<feed[\s>]/i, "</entry>", "</feed>"],
];

function closeTruncated(s: string): string {
  for (const [root, itemEnd, closer] of CLOSERS) {
    if (!root.test(s)) continue;
    const rootName = closer.slice(closer.lastIndexOf("</") + 2, -1);
    if (new RegExp(`</${rootName}\\s*>\\s*$`, "i").test(s.trimEnd())) return s;
    const last = s.toLowerCase().lastIndexOf(itemEnd);
    if (last < 0) return s;
    return `${s.slice(0, last + itemEnd.length)}${closer}`;
  }
  return s;
}
