import { decodeFeed } from "./decode-feed.ts";
import { FeedParseError } from "./feed-parse-error.ts";
import { assignItemIds } from "./item-identity.ts";
import { normaliseXmlFeed } from "./normalise-xml-feed.ts";
import { parseJsonFeed } from "./parse-json-feed.ts";
import { prepareXml, repairXml, repairXmlText } from "./repair-xml.ts";
import { readXmlTree } from "./read-xml-tree.ts";
import type { XmlElement } from "./read-xml-tree.ts";
import { detectXmlFormat, runRssParser } from "./run-rss-parser.ts";
import type { RawFeed, RawRecord } from "./run-rss-parser.ts";
import { treeToRawFeed } from "./tree-to-raw-feed.ts";
import { field, firstText } from "./xml-nodes.ts";
import type { FeedFormat, FeedItemDraft, ParsedFeed } from "./types.ts";

/** Options of {@link parseFeed}. */
export interface ParseFeedOptions {
  /** URL the feed was fetched from: base for relative links. */
  url: string;
  /** HTTP `Content-Type`, used for the charset and to recognise JSON Feed. */
  contentType?: string;
  /** The previous poll's items (guid and link), to detect GUIDs that change on every poll. */
  previousItems?: readonly { guid?: string; link?: string }[];
}

type XmlFormat = Exclude<FeedFormat, "json">;

function formatOfRoot(root: XmlElement | undefined): XmlFormat | undefined {
  if (root === undefined) return undefined;
  return root.name === "feed" ? "atom" : root.name === "rss" ? "rss" : "rdf";
}

const ITEM_START = { rss: /<(?:[a-z][\w.-]*:)?item[\s>/]/gi, rdf: /<(?:[a-z][\w.-]*:)?item[\s>/]/gi, atom: /<(?:[a-z][\w.-]*:)?entry[\s>/]/gi };
const hasTitle = (item: RawRecord): boolean => firstText([...field(item, "rawTitle"), ...field(item, "dcTitle")]) !== undefined;

/**
 * rss-parser's result is trusted when it saw every item the document opens and gave each a title
 * whenever the tolerant tree does; otherwise (items under a prefix or outside `<channel>`, odd-case
 * names…) the tolerant tree's reading wins when it recovers more.
 */
function trustworthy(parsed: RawFeed, xml: string, format: XmlFormat): boolean {
  const opened = xml.match(ITEM_START[format])?.length ?? 0;
  return parsed.items.length >= opened && parsed.items.every(hasTitle);
}

function better(parsed: RawFeed, tolerant: RawFeed | undefined): RawFeed {
  if (tolerant === undefined) return parsed;
  const score = (feed: RawFeed): number => feed.items.length * 2 + feed.items.filter(hasTitle).length;
  return score(tolerant) > score(parsed) ? tolerant : parsed;
}

function readTolerant(xml: string): RawFeed | undefined {
  const root = readXmlTree(xml);
  return root === undefined ? undefined : treeToRawFeed(root);
}

async function parseXml(text: string, format: XmlFormat, prefixedRoot: boolean): Promise<RawFeed> {
  // Fast path first; repairs and the tolerant tree only run when rss-parser refused the document
  // or visibly missed part of it.
  if (!prefixedRoot) {
    try {
      const parsed = await runRssParser(text, true);
      return trustworthy(parsed, text, format) ? parsed : better(parsed, readTolerant(text));
    } catch {
      // fall through to the repairs
    }
  }
  const repairedText = repairXmlText(text);
  const repaired = repairXml(text);
  if (!prefixedRoot) {
    try {
      const parsed = await runRssParser(repaired, true);
      return trustworthy(parsed, repairedText, format) ? parsed : better(parsed, readTolerant(repairedText));
    } catch {
      // fall through to the tolerant tree
    }
  }
  const tolerant = readTolerant(repairedText);
  if (tolerant !== undefined) return tolerant;
  throw new FeedParseError("invalid-xml", "unparseable XML: no feed root element could be read");
}

/**
 * Decodes and parses RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.x into a normalised feed.
 * Throws {@link FeedParseError} when nothing usable can be recovered.
 */
export async function parseFeed(body: Uint8Array | string, options: ParseFeedOptions): Promise<ParsedFeed> {
  const { text } = decodeFeed(body, options.contentType);
  const start = text.trimStart();
  if (start === "") throw new FeedParseError("empty", "empty document");

  let draft: Omit<ParsedFeed, "items"> & { items: FeedItemDraft[] };
  // The body decides, not the label: servers send XML as application/json and JSON as text/xml.
  if (start.startsWith("{") || (!start.startsWith("<") && /json/i.test(options.contentType ?? ""))) {
    draft = parseJsonFeed(start, options.url);
  } else {
    const xml = prepareXml(start);
    let format = detectXmlFormat(xml);
    // `<r:rss>`, `<a:feed xmlns:a="…Atom">`: only the tolerant tree resolves the prefix.
    const prefixedRoot = format === undefined && (format = formatOfRoot(readXmlTree(xml))) !== undefined;
    if (format === undefined) {
      if (/^<(!doctype html|html)[\s>]/i.test(xml.trimStart())) throw new FeedParseError("html-page", "an HTML page, not a feed");
      throw new FeedParseError("not-a-feed", "no <rss>, <rdf:RDF> or <feed> root element");
    }
    const raw = await parseXml(xml, format, prefixedRoot);
    try {
      draft = normaliseXmlFeed(raw, format, options.url);
    } catch (cause) {
      // rss-parser's output shape follows the document; a shape nobody anticipated must end as a
      // classified parse failure for the poller, not as a crash.
      throw new FeedParseError("invalid-xml", `unexpected feed structure: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
  }
  const ids = assignItemIds(draft.items, options.previousItems);
  return { ...draft, items: draft.items.map((item, i) => ({ id: ids[i] ?? "", ...item })) };
}
