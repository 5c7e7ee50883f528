import { FeedParseError } from "./feed-parse-error.ts";
import { parseFeedDate } from "./parse-date.ts";
import { absoluteUrl, htmlToText, normaliseLanguage, summarise } from "./text.ts";
import type { FeedEnclosure, FeedItemDraft, ParsedFeed } from "./types.ts";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : typeof v === "number" ? String(v) : undefined);

function authorName(v: Json): string | undefined {
  const names = [v.author, ...(Array.isArray(v.authors) ? v.authors : [])]
    .map((a) => (isObject(a) ? str(a.name) : undefined))
    .filter((n): n is string => n !== undefined);
  return names.length > 0 ? [...new Set(names)].join(", ") : undefined;
}

/** JSON Feed 1.0 / 1.1 → `ParsedFeed` without item ids. */
export function parseJsonFeed(text: string, feedUrl: string): Omit<ParsedFeed, "items"> & { items: FeedItemDraft[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new FeedParseError("invalid-json", `invalid JSON: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  if (!isObject(doc)) throw new FeedParseError("not-a-feed", "JSON document is not a JSON Feed (not an object)");
  // Publishers write the version as the spec's URL or as the bare number ("1", "1.0", "1.1").
  const version = doc.version === undefined ? undefined : String(doc.version).trim();
  const versionOk = version !== undefined && /^(?:https?:\/\/(?:www\.)?jsonfeed\.org\/version\/)?1(?:\.\d+)?\/?$/i.test(version);
  if (version !== undefined && !versionOk)
    throw new FeedParseError("not-a-feed", `JSON document is not a JSON Feed 1.x (version ${JSON.stringify(version.slice(0, 60))})`);
  if (!versionOk && !Array.isArray(doc.items)) throw new FeedParseError("not-a-feed", "JSON document is not a JSON Feed (no version and no items array)");
  // A declared JSON Feed without `items` is a feed with nothing in it yet, not an error.
  const entries: unknown[] = Array.isArray(doc.items) ? doc.items : [];
  const base = absoluteUrl(str(doc.feed_url), feedUrl) ?? feedUrl;
  const feed: Omit<ParsedFeed, "items"> & { items: FeedItemDraft[] } = { format: "json", items: [] };
  const title = str(doc.title);
  if (title) feed.title = htmlToText(title);
  const link = absoluteUrl(str(doc.home_page_url), base);
  if (link) feed.link = link;
  const language = normaliseLanguage(str(doc.language));
  if (language) feed.language = language;
  const description = str(doc.description);
  if (description) feed.description = htmlToText(description);
  const feedAuthor = authorName(doc);

  for (const entry of entries) {
    if (!isObject(entry)) continue;
    const draft: FeedItemDraft = { categories: [], enclosures: [] };
    const guid = str(entry.id);
    if (guid) draft.guid = guid;
    const itemTitle = str(entry.title);
    if (itemTitle) draft.title = htmlToText(itemTitle);
    const itemLink = absoluteUrl(str(entry.url), base) ?? absoluteUrl(str(entry.external_url), base);
    if (itemLink) draft.link = itemLink;
    const published = parseFeedDate(str(entry.date_published));
    if (published) draft.published = published;
    const updated = parseFeedDate(str(entry.date_modified));
    if (updated) draft.updated = updated;
    const author = authorName(entry) ?? feedAuthor;
    if (author) draft.author = author;
    const summary = str(entry.summary) ?? str(entry.content_text) ?? str(entry.content_html);
    if (summary) draft.summary = summarise(summary);
    if (Array.isArray(entry.tags)) draft.categories = [...new Set(entry.tags.map(str).filter((t): t is string => t !== undefined))];
    if (Array.isArray(entry.attachments)) {
      for (const a of entry.attachments) {
        if (!isObject(a)) continue;
        const url = absoluteUrl(str(a.url), base);
        if (!url) continue;
        const e: FeedEnclosure = { url };
        const type = str(a.mime_type);
        if (type) e.type = type.toLowerCase();
        if (typeof a.size_in_bytes === "number" && a.size_in_bytes >= 0) e.length = a.size_in_bytes;
        draft.enclosures.push(e);
      }
    }
    feed.items.push(draft);
  }
  return feed;
}
