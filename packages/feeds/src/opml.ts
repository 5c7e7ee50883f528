import * as cheerio from "cheerio";
import { encodeXML } from "entities";

export interface OpmlFeed {
  title?: string;
  xmlUrl: string;
  htmlUrl?: string;
  /** Title of the enclosing outline (folder), if any. */
  category?: string;
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
    const parent = el.parent;
    if (parent && "attribs" in parent && parent.name === "outline") {
      const category = attr(parent.attribs, "title") ?? attr(parent.attribs, "text");
      if (category) feed.category = category;
    }
    feeds.push(feed);
  });
  return feeds;
}

/** An OPML 2.0 document listing the feeds (grouped by `category` when set). */
export function toOpml(feeds: readonly OpmlFeed[], options: { title?: string } = {}): string {
  const outline = (f: OpmlFeed, indent: string): string => {
    const title = encodeXML(f.title ?? f.xmlUrl);
    const html = f.htmlUrl ? ` htmlUrl="${encodeXML(f.htmlUrl)}"` : "";
    return `${indent}<outline type="rss" text="${title}" title="${title}" xmlUrl="${encodeXML(f.xmlUrl)}"${html}/>`;
  };
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">', "  <head>", `    <title>${encodeXML(options.title ?? "vigie subscriptions")}</title>`, "  </head>", "  <body>"];
  // Groups are written where their first member appears, so the list keeps its order.
  const groups = new Map<string, OpmlFeed[]>();
  for (const f of feeds) if (f.category !== undefined) groups.set(f.category, [...(groups.get(f.category) ?? []), f]);
  const written = new Set<string>();
  for (const f of feeds) {
    if (f.category === undefined) {
      lines.push(outline(f, "    "));
      continue;
    }
    if (written.has(f.category)) continue;
    written.add(f.category);
    lines.push(`    <outline text="${encodeXML(f.category)}" title="${encodeXML(f.category)}">`);
    for (const member of groups.get(f.category) ?? []) lines.push(outline(member, "      "));
    lines.push("    </outline>");
  }
  lines.push("  </body>", "</opml>", "");
  return lines.join("\n");
}
