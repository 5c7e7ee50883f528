import * as cheerio from "cheerio";
import { encodeXML } from "entities";

export interface OpmlFeed {
  title?: string;
  xmlUrl: string;
  htmlUrl?: string;
  /**
   * Labels: the titles of the enclosing outlines (folders, outermost first, taken whole), then
   * the entries of the `category` attribute (comma-separated, each `/`-separated path split into
   * its parts). Written back as the first label's folder and a `category` attribute with all of
   * them, where a label's own `,`, `/` and `%` are written `%2C`, `%2F` and `%25`.
   */
  categories?: string[];
}

/** A label as one entry of the `category` attribute: its separators percent-escaped. */
export function escapeCategory(label: string): string {
  return label.replace(/%/g, "%25").replace(/,/g, "%2C").replace(/\//g, "%2F");
}

/** The reverse of `escapeCategory` (only those three escapes: any other `%` stays as written). */
export function unescapeCategory(entry: string): string {
  return entry.replace(/%(2C|2F|25)/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function categoriesOf(el: { attribs: Record<string, string>; parent: unknown }): string[] {
  const folders: string[] = [];
  for (
    let node = el.parent as { name?: string; attribs?: Record<string, string>; parent?: unknown } | null;
    node && node.name === "outline" && node.attribs;
    node = node.parent as typeof node
  ) {
    const folder = attr(node.attribs, "title") ?? attr(node.attribs, "text");
    if (folder) folders.unshift(folder);
  }
  const listed = (attr(el.attribs, "category") ?? "")
    .split(",")
    .flatMap((entry) => entry.split("/"))
    .map(unescapeCategory);
  const out: string[] = [];
  for (const label of [...folders, ...listed].map((l) => l.trim())) if (label !== "" && !out.includes(label)) out.push(label);
  return out;
}

function attr(attribs: Record<string, string>, name: string): string | undefined {
  // OPML in the wild spells attributes xmlUrl, xmlurl or XMLURL.
  for (const [key, value] of Object.entries(attribs)) if (key.toLowerCase() === name && value.trim() !== "") return value.trim();
  return undefined;
}

/** Feeds of an OPML subscription list (nested outlines flattened, folder kept as `category`). */
export function parseOpml(xml: string): OpmlFeed[] {
  const $ = cheerio.load(xml.replace(/<!DOCTYPE[^>]*>/i, ""), { xml: { xmlMode: true, decodeEntities: true } });
  const feeds: OpmlFeed[] = [];
  $("outline").each((_, el) => {
    const xmlUrl = attr(el.attribs, "xmlurl");
    if (!xmlUrl) return;
    const feed: OpmlFeed = { xmlUrl };
    const title = attr(el.attribs, "title") ?? attr(el.attribs, "text");
    if (title) feed.title = title;
    const htmlUrl = attr(el.attribs, "htmlurl");
    if (htmlUrl) feed.htmlUrl = htmlUrl;
    const categories = categoriesOf(el);
    if (categories.length > 0) feed.categories = categories;
    feeds.push(feed);
  });
  return feeds;
}

/** An OPML 2.0 document listing the feeds (in a folder named after their first category). */
export function toOpml(feeds: readonly OpmlFeed[], options: { title?: string } = {}): string {
  const outline = (f: OpmlFeed, indent: string): string => {
    const title = encodeXML(f.title ?? f.xmlUrl);
    const html = f.htmlUrl ? ` htmlUrl="${encodeXML(f.htmlUrl)}"` : "";
    // Labels past the folder's travel in OPML 2.0's `category` attribute (readers that only
    // know folders still get the first one).
    const labels = f.categories ?? [];
    const category = labels.length > 1 || labels.some((l) => escapeCategory(l) !== l) ? ` category="${encodeXML(labels.map(escapeCategory).join(","))}"` : "";
    return `${indent}<outline type="rss" text="${title}" title="${title}" xmlUrl="${encodeXML(f.xmlUrl)}"${html}${category}/>`;
  };
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    "  <head>",
    `    <title>${encodeXML(options.title ?? "vigie subscriptions")}</title>`,
    "  </head>",
    "  <body>",
  ];
  // Groups are written where their first member appears, so the list keeps its order.
  const groups = new Map<string, OpmlFeed[]>();
  const folderOf = (f: OpmlFeed): string | undefined => f.categories?.[0];
  for (const f of feeds) {
    const folder = folderOf(f);
    if (folder !== undefined) groups.set(folder, [...(groups.get(folder) ?? []), f]);
  }
  const written = new Set<string>();
  for (const f of feeds) {
    const folder = folderOf(f);
    if (folder === undefined) {
      lines.push(outline(f, "    "));
      continue;
    }
    if (written.has(folder)) continue;
    written.add(folder);
    lines.push(`    <outline text="${encodeXML(folder)}" title="${encodeXML(folder)}">`);
    for (const member of groups.get(folder) ?? []) lines.push(outline(member, "      "));
    lines.push("    </outline>");
  }
  lines.push("  </body>", "</opml>", "");
  return lines.join("\n");
}
