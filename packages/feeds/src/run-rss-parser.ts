import Parser from "rss-parser";
import type { FeedFormat } from "./types.ts";
import { parseFeedDate } from "./parse-date.ts";

/** Custom fields kept raw (arrays of xml2js nodes) so normalisation sees every value and attribute. */
export const FEED_FIELDS = [
  ["$", "attrs", { keepArray: true }],
  ["title", "rawTitle", { keepArray: true }],
  ["dc:title", "dcTitle", { keepArray: true }],
  ["link", "rawLinks", { keepArray: true }],
  ["dc:language", "dcLanguage"],
  ["sy:updatePeriod", "syPeriod"],
  ["sy:updateFrequency", "syFrequency"],
  ["author", "rawAuthors", { keepArray: true }],
];
export const ITEM_FIELDS = [
  ["$", "attrs", { keepArray: true }],
  ["title", "rawTitle", { keepArray: true }],
  ["dc:title", "dcTitle", { keepArray: true }],
  ["link", "rawLinks", { keepArray: true }],
  ["guid", "rawGuid", { keepArray: true }],
  ["id", "rawId", { keepArray: true }],
  ["feedburner:origLink", "origLink"],
  ["category", "rawCategories", { keepArray: true }],
  ["dc:subject", "dcSubjects", { keepArray: true }],
  ["author", "rawAuthors", { keepArray: true }],
  ["dc:creator", "dcCreators", { keepArray: true }],
  ["enclosure", "rawEnclosures", { keepArray: true }],
  ["media:content", "mediaContent", { keepArray: true }],
  ["published", "rawPublished"],
  ["issued", "rawIssued"],
  ["created", "rawCreated"],
  ["updated", "rawUpdated"],
  ["modified", "rawModified"],
  ["atom:updated", "atomUpdated"],
  ["pubDate", "rawPubDate"],
  ["dc:date", "rawDcDate"],
  ["description", "rawDescription"],
  ["summary", "rawSummary"],
  ["content", "rawContent"],
  ["content:encoded", "rawEncoded"],
];

export type RawRecord = Record<string, unknown>;
export interface RawFeed extends RawRecord {
  items: RawRecord[];
}

// In loose (non-strict) mode sax upper-cases names; these are the mixed-case ones we read.
const CANONICAL = new Map(
  [
    "pubDate",
    "lastBuildDate",
    "webMaster",
    "managingEditor",
    "skipHours",
    "skipDays",
    "rdf:RDF",
    "rdf:about",
    "isPermaLink",
    "sy:updatePeriod",
    "sy:updateFrequency",
    "sy:updateBase",
    "feedburner:origLink",
    "fileSize",
  ].map((n) => [n.toLowerCase(), n]),
);
const canonicalName = (name: string): string => CANONICAL.get(name.toLowerCase()) ?? name.toLowerCase();

// rss-parser turns Atom `published`/`updated` into ISO with `new Date(...).toISOString()`, which
// throws on a bad date and loses the whole feed; repair or blank such values while parsing.
function atomDateGuard(value: string, name: string): string {
  if (name !== "published" && name !== "updated") return value;
  if (!Number.isNaN(new Date(value).getTime())) return value;
  return parseFeedDate(value) ?? "";
}

function makeParser(strict: boolean): Parser<RawRecord, RawRecord> {
  const customFields = { feed: FEED_FIELDS, item: ITEM_FIELDS } as unknown as Parser.CustomFields<RawRecord, RawRecord>;
  return new Parser<RawRecord, RawRecord>({
    defaultRSS: 2,
    customFields,
    xml2js: strict
      ? { valueProcessors: [atomDateGuard] }
      : { strict: false, tagNameProcessors: [canonicalName], attrNameProcessors: [canonicalName], valueProcessors: [atomDateGuard] },
  });
}

/** Root element → feed format; undefined when the document is not RSS, RDF or Atom. */
export function detectXmlFormat(xml: string): Exclude<FeedFormat, "json"> | undefined {
  const root = /<(?!\?|!)([\w:.-]+)/.exec(xml)?.[1]?.toLowerCase();
  if (root === "rss") return "rss";
  if (root === "rdf:rdf" || root === "rdf") return "rdf";
  if (root === "feed" || root === "atom:feed") return "atom";
  return undefined;
}

/** Runs rss-parser (strict XML, or loose XML for broken documents). */
export async function runRssParser(xml: string, strict: boolean): Promise<RawFeed> {
  const output = await makeParser(strict).parseString(xml);
  return output as unknown as RawFeed;
}
