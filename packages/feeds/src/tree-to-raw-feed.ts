import type { XmlElement } from "./read-xml-tree.ts";
import { FEED_FIELDS, ITEM_FIELDS } from "./run-rss-parser.ts";
import type { RawFeed, RawRecord } from "./run-rss-parser.ts";

// The tolerant tree is handed to the same normaliser as rss-parser's output, so it is shaped like
// xml2js's: a string, `{ _: text, $: attrs }`, or `{ $, child: [values] }`.

// Elements whose content may be markup: kept as one string in document order (the text cleaner
// strips tags), as the CDATA wrapping does for rss-parser.
const TEXT_CONSTRUCTS = new Set(["title", "dc:title", "description", "summary", "content", "content:encoded", "subtitle", "tagline", "rights"]);
// Deeper content is ignored, as in `xml-nodes.ts`: real feeds nest a few levels.
const MAX_DEPTH = 32;

const fieldKeys = (fields: readonly unknown[]): Map<string, string> => {
  const map = new Map<string, string>();
  for (const entry of fields) {
    if (Array.isArray(entry) && typeof entry[0] === "string" && typeof entry[1] === "string" && entry[0] !== "$") map.set(entry[0], entry[1]);
  }
  return map;
};
const FEED_KEYS = fieldKeys(FEED_FIELDS);
const ITEM_KEYS = fieldKeys(ITEM_FIELDS);

const escapeAttr = (v: string): string => v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

function serialise(nodes: readonly (XmlElement | string)[], depth: number): string {
  if (depth > MAX_DEPTH) return "";
  let out = "";
  for (const node of nodes) {
    if (typeof node === "string") out += node;
    else {
      const attrs = Object.entries(node.attrs)
        .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
        .join("");
      out += `<${node.name}${attrs}>${serialise(node.children, depth + 1)}</${node.name}>`;
    }
  }
  return out;
}

const elementsOf = (element: XmlElement): XmlElement[] => element.children.filter((c): c is XmlElement => typeof c !== "string");
const hasAttrs = (element: XmlElement): boolean => Object.keys(element.attrs).length > 0;

/** An element as xml2js would give it. */
function valueOf(element: XmlElement, depth = 0): unknown {
  const children = elementsOf(element);
  if (TEXT_CONSTRUCTS.has(element.name) || children.length === 0) {
    const text = children.length === 0 ? element.children.join("") : serialise(element.children, depth);
    return hasAttrs(element) ? { _: text, $: element.attrs } : text;
  }
  const out: Record<string, unknown> = {};
  if (hasAttrs(element)) out.$ = element.attrs;
  const text = element.children
    .filter((c): c is string => typeof c === "string")
    .join("")
    .trim();
  if (text !== "") out._ = text;
  if (depth >= MAX_DEPTH) return out;
  for (const child of children) {
    const list = out[child.name];
    const value = valueOf(child, depth + 1);
    if (Array.isArray(list)) list.push(value);
    else out[child.name] = [value];
  }
  return out;
}

function collect(element: XmlElement, keys: Map<string, string>): RawRecord {
  const record: RawRecord = { attrs: element.attrs };
  for (const child of elementsOf(element)) {
    const key = keys.get(child.name) ?? child.name;
    const list = record[key];
    const value = valueOf(child);
    if (Array.isArray(list)) list.push(value);
    else record[key] = [value];
  }
  return record;
}

/**
 * The tolerant tree's root (`rss`, `rdf:RDF` or Atom `feed`) as the raw record the normaliser
 * reads. Items are taken wherever they stand: inside `<channel>`, or directly under the root
 * (RSS 1.0 puts them there, and some RSS 2.0 generators omit `<channel>` altogether).
 */
export function treeToRawFeed(root: XmlElement): RawFeed {
  const itemName = root.name === "feed" ? "entry" : "item";
  const channel = root.name === "feed" ? undefined : elementsOf(root).find((c) => c.name === "channel");
  const head = channel ?? root;
  const feed = collect(head, FEED_KEYS);
  // xml:base or xml:lang declared on <rss> applies to the channel it contains.
  feed.attrs = { ...root.attrs, ...head.attrs };
  const items: RawRecord[] = [];
  const sources = channel === undefined ? [root] : [root, channel];
  for (const source of sources) {
    for (const child of elementsOf(source)) if (child.name === itemName) items.push(collect(child, ITEM_KEYS));
  }
  delete feed.items;
  return { ...feed, items };
}
