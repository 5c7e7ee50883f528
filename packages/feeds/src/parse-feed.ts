import { decodeFeed } from "./decode-feed.ts";
import { FeedParseError } from "./feed-parse-error.ts";
import { assignItemIds } from "./item-identity.ts";
import { normaliseXmlFeed } from "./normalise-xml-feed.ts";
import { parseJsonFeed } from "./parse-json-feed.ts";
import { prepareXml, repairXml } from "./repair-xml.ts";
import { detectXmlFormat, runRssParser } from "./run-rss-parser.ts";
import type { RawFeed } from "./run-rss-parser.ts";
import type { FeedItemDraft, ParsedFeed } from "./types.ts";

/** Options of {@link parseFeed}. */
export interface ParseFeedOptions {
  /** URL the feed was fetched from: base for relative links. */
  url: string;
  /** HTTP `Content-Type`, used for the charset and to recognise JSON Feed. */
  contentType?: string;
  /** The previous poll's items (guid and link), to detect GUIDs that change on every poll. */
  previousItems?: readonly { guid?: string; link?: string }[];
}

async function parseXml(text: string): Promise<RawFeed> {
  // Fast path first; repairs only run on documents a strict parser refused.
  try {
    return await runRssParser(text, true);
  } catch (strictError) {
    const repaired = repairXml(text);
    try {
      return await runRssParser(repaired, true);
    } catch {
      try {
        return await runRssParser(repaired, false);
      } catch {
        const message = strictError instanceof Error ? strictError.message.split("\n")[0] : String(strictError);
        throw new FeedParseError("invalid-xml", `unparseable XML: ${message}`, { cause: strictError });
      }
    }
  }
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
    const format = detectXmlFormat(xml);
    if (format === undefined) {
      if (/^<(!doctype html|html)[\s>]/i.test(xml.trimStart())) throw new FeedParseError("html-page", "an HTML page, not a feed");
      throw new FeedParseError("not-a-feed", "no <rss>, <rdf:RDF> or <feed> root element");
    }
    const raw = await parseXml(xml);
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
