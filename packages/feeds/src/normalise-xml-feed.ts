import { parseFeedDate } from "./parse-date.ts";
import type { RawFeed, RawRecord } from "./run-rss-parser.ts";
import { absoluteUrl, htmlToText, normaliseLanguage, summarise } from "./text.ts";
import type { FeedEnclosure, FeedFormat, FeedItemDraft, ParsedFeed } from "./types.ts";
import { attributeMap, attrsOf, childrenOf, field, firstText, textOf } from "./xml-nodes.ts";
import type { XmlNode } from "./xml-nodes.ts";

const PERIOD_MINUTES: Record<string, number> = { hourly: 60, daily: 1440, weekly: 10_080, monthly: 43_200, yearly: 525_600 };

/** Maps rss-parser's raw output to a `ParsedFeed` (without item ids). */
export function normaliseXmlFeed(raw: RawFeed, format: Exclude<FeedFormat, "json">, feedUrl: string): Omit<ParsedFeed, "items"> & { items: FeedItemDraft[] } {
  const attrs = attributeMap(raw.attrs);
  const base = absoluteUrl(attrs["xml:base"], feedUrl) ?? feedUrl;
  const link = pickLink(field(raw, "rawLinks"), base).alternate;
  // RSS gives no base for relative item links: the site link is the best guess, as in most readers.
  const itemBase = format === "atom" || attrs["xml:base"] !== undefined ? base : (link ?? base);
  const feedAuthor = authorOf(field(raw, "rawAuthors"));
  const title = firstText(field(raw, "rawTitle")) ?? firstText(field(raw, "dcTitle"));
  const ttl = Number.parseInt(textOf(raw.ttl) ?? "", 10);
  const period = PERIOD_MINUTES[textOf(raw.syPeriod)?.trim().toLowerCase() ?? ""];
  const frequency = Number.parseInt(textOf(raw.syFrequency) ?? "1", 10);

  const feed: Omit<ParsedFeed, "items"> & { items: FeedItemDraft[] } = { format, items: [] };
  const cleanTitle = title === undefined ? undefined : htmlToText(title);
  if (cleanTitle) feed.title = cleanTitle;
  if (link) feed.link = link;
  const language = normaliseLanguage(textOf(raw.language) ?? textOf(raw.dcLanguage) ?? attrs["xml:lang"]);
  if (language) feed.language = language;
  const description = textOf(raw.description) ?? textOf(raw.subtitle);
  const cleanDescription = description === undefined ? undefined : htmlToText(description);
  if (cleanDescription) feed.description = cleanDescription;
  if (ttl > 0) feed.ttlMinutes = ttl;
  if (period !== undefined) feed.updatePeriodMinutes = Math.max(1, Math.round(period / (frequency > 0 ? frequency : 1)));
  feed.items = raw.items.map((item) => normaliseItem(item, itemBase, feedAuthor));
  return feed;
}

interface PickedLinks {
  alternate?: string;
  enclosures: FeedEnclosure[];
}

/** RSS `<link>` text or Atom `<link rel href type>` elements → the page link and enclosures. */
function pickLink(nodes: XmlNode[], base: string): PickedLinks {
  const picked: PickedLinks = { enclosures: [] };
  let fallback: string | undefined;
  for (const node of nodes) {
    const a = attrsOf(node);
    if (a.href === undefined) {
      picked.alternate ??= absoluteUrl(textOf(node), base);
      continue;
    }
    const href = absoluteUrl(a.href, absoluteUrl(a["xml:base"], base) ?? base);
    if (href === undefined) continue;
    const rel = (a.rel ?? "alternate").toLowerCase();
    if (rel === "enclosure") picked.enclosures.push(enclosure(href, a.type, a.length));
    else if (rel === "alternate") {
      if (a.type === undefined || /html/i.test(a.type)) picked.alternate ??= href;
      else fallback ??= href;
    }
  }
  picked.alternate ??= fallback;
  return picked;
}

function enclosure(url: string, type: string | undefined, length: string | undefined): FeedEnclosure {
  const e: FeedEnclosure = { url };
  if (type?.trim()) e.type = type.trim().toLowerCase();
  const n = Number(length);
  if (length !== undefined && length.trim() !== "" && Number.isFinite(n) && n >= 0) e.length = Math.round(n);
  return e;
}

/** `jane@example.org (Jane Doe)` → `Jane Doe`; `Jane Doe <jane@…>` → `Jane Doe`. */
function cleanAuthor(value: string): string | undefined {
  const s = htmlToText(value);
  const paren = /\(([^)]+)\)\s*$/.exec(s);
  if (paren?.[1] && /@/.test(s.slice(0, paren.index))) return paren[1].trim();
  const angle = /^(.*?)\s*<[^>]+@[^>]+>$/.exec(s);
  if (angle?.[1]) return angle[1].replace(/^["']|["']$/g, "").trim();
  return s || undefined;
}

function authorOf(nodes: XmlNode[]): string | undefined {
  const names: string[] = [];
  for (const node of nodes) {
    const nameNodes = childrenOf(node, "name");
    const text = nameNodes.length > 0 ? firstText(nameNodes) : (firstText(childrenOf(node, "email")) ?? textOf(node));
    const name = text === undefined ? undefined : cleanAuthor(text);
    if (name && !names.includes(name)) names.push(name);
  }
  return names.length > 0 ? names.join(", ") : undefined;
}

function categoriesOf(item: RawRecord): string[] {
  const out = new Set<string>();
  for (const node of [...field(item, "rawCategories"), ...field(item, "dcSubjects")]) {
    const a = attrsOf(node);
    const text = a.label ?? a.term ?? textOf(node);
    const clean = text === undefined ? "" : htmlToText(text);
    if (clean) out.add(clean);
  }
  return [...out];
}

function normaliseItem(item: RawRecord, feedBase: string, feedAuthor: string | undefined): FeedItemDraft {
  const attrs = attributeMap(item.attrs);
  const base = absoluteUrl(attrs["xml:base"], feedBase) ?? feedBase;
  const links = pickLink(field(item, "rawLinks"), base);
  const guidNode = field(item, "rawGuid")[0];
  const guid = firstText([...field(item, "rawGuid"), ...field(item, "rawId")]) ?? attrs["rdf:about"]?.trim();
  // A GUID stands in for the link only when it is itself an absolute URL: many feeds omit
  // isPermaLink="false" on opaque ids such as "qs-1234".
  const permalink = (): string | undefined => (guidNode !== undefined && attrsOf(guidNode).isPermaLink !== "false" ? absoluteUrl(guid, undefined) : undefined);
  const link = absoluteUrl(textOf(item.origLink), base) ?? links.alternate ?? permalink() ?? absoluteUrl(attrs["rdf:about"], undefined);

  const draft: FeedItemDraft = { categories: categoriesOf(item), enclosures: [] };
  if (guid) draft.guid = guid;
  const title = firstText(field(item, "rawTitle")) ?? firstText(field(item, "dcTitle")) ?? textOf(item.title);
  const cleanTitle = title === undefined ? undefined : htmlToText(title);
  if (cleanTitle) draft.title = cleanTitle;
  if (link) draft.link = link;
  const published = firstDate([item.rawPubDate, item.rawPublished, item.rawIssued, item.rawCreated, item.rawDcDate]);
  if (published) draft.published = published;
  const updated = firstDate([item.rawUpdated, item.rawModified, item.atomUpdated]);
  if (updated) draft.updated = updated;
  const author = authorOf([...field(item, "dcCreators"), ...field(item, "rawAuthors")]) ?? feedAuthor;
  if (author) draft.author = author;
  const summaryText = firstText([item.rawSummary, item.rawDescription, item.rawContent, item.rawEncoded, item["content:encoded"]]);
  const summary = summaryText === undefined ? undefined : summarise(summaryText);
  if (summary) draft.summary = summary;

  const seen = new Set<string>();
  const candidates = [
    ...field(item, "rawEnclosures")
      .map((n) => attrsOf(n))
      .map((a) => ({ url: a.url, type: a.type, length: a.length })),
    ...field(item, "mediaContent")
      .map((n) => attrsOf(n))
      .map((a) => ({ url: a.url, type: a.type, length: a.fileSize })),
  ];
  for (const c of candidates) {
    const url = absoluteUrl(c.url, base);
    if (url && !seen.has(url)) {
      seen.add(url);
      draft.enclosures.push(enclosure(url, c.type, c.length));
    }
  }
  for (const e of links.enclosures) {
    if (!seen.has(e.url)) {
      seen.add(e.url);
      draft.enclosures.push(e);
    }
  }
  return draft;
}

function firstDate(values: unknown[]): string | undefined {
  for (const value of values) {
    const date = parseFeedDate(textOf(value));
    if (date) return date;
  }
  return undefined;
}
