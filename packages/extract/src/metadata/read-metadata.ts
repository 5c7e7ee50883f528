import type { CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import { hasClass, type DocumentIndex } from "../document-index.ts";
import { normalizeSpace } from "../dom.ts";
import { toIsoDate } from "./dates.ts";
import { readJsonLd, type JsonLdArticle } from "./json-ld.ts";
import type { ExtractedArticle } from "../types.ts";

/** Metadata gathered before the main text is chosen (`language`: the declared one, primary subtag). */
export interface PageMetadata
  extends Pick<ExtractedArticle, "title" | "lead" | "authors" | "publishedAt" | "modifiedAt" | "language" | "canonicalUrl" | "siteName" | "imageUrl"> {
  ogType?: string;
  jsonLd: JsonLdArticle;
}

function absolute(raw: string | undefined, base: string): string | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  try {
    const url = new URL(raw.trim(), base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function primaryLanguage(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const m = /^\s*([a-z]{2,3})(?:[-_]|$|\s|,)/i.exec(raw);
  return m?.[1]?.toLowerCase();
}

/** Author strings that are URLs or boilerplate are dropped; "By X and Y" is split. */
function cleanAuthors(raw: string[]): string[] {
  const out: string[] = [];
  for (const value of raw) {
    if (/^https?:\/\//i.test(value)) continue;
    const cleaned = normalizeSpace(value.replace(/^(by|par)\s+/i, ""));
    for (const part of cleaned.split(/\s*(?:,|\band\b|\bet\b|&)\s*/i)) {
      const name = part.trim();
      if (name.length >= 3 && name.length <= 80 && !out.some((o) => o.toLowerCase() === name.toLowerCase())) out.push(name);
    }
  }
  return out;
}

/** Strips " | Site" / " - Site" suffixes from a <title>. */
function cleanTitle(title: string, siteName: string | undefined): string {
  const parts = title.split(/\s+[|–—·•]\s+|\s+-\s+/);
  if (parts.length < 2) return title;
  const first = parts[0] ?? title;
  if (siteName !== undefined && parts.some((p) => p.toLowerCase() === siteName.toLowerCase())) {
    return parts.filter((p) => p.toLowerCase() !== siteName.toLowerCase()).join(" - ");
  }
  return first.length >= 15 ? first : title;
}

const REL_AUTHOR_CLASSES = ["byline__name", "author-name", "auteur", "article-author-name"];

/** The selector `a[rel="author"], .byline__name, .author-name, .auteur, .article-author-name`. */
function isBylineElement(el: Element): boolean {
  if (el.name === "a" && el.attribs.rel === "author") return true;
  return el.attribs.class !== undefined && REL_AUTHOR_CLASSES.some((c) => hasClass(el, c));
}

export function readMetadata($: CheerioAPI, index: DocumentIndex, pageUrl: string): PageMetadata {
  const meta = new Map<string, string>();
  const authorsMeta: string[] = [];
  for (const el of index.tag("meta")) {
    const key = (el.attribs.property ?? el.attribs.name ?? el.attribs.itemprop ?? el.attribs["http-equiv"])?.toLowerCase();
    const content = el.attribs.content;
    if (key === undefined || content === undefined) continue;
    if (key === "author" || key === "article:author" || key === "dc.creator" || key === "sailthru.author" || key === "parsely-author")
      authorsMeta.push(content);
    if (!meta.has(key)) meta.set(key, content.trim());
  }
  const jsonLd = readJsonLd($, index);
  const first = (list: readonly Element[]): Element | undefined => list[0];
  const textOfFirst = (list: readonly Element[]): string => {
    const el = first(list);
    return el === undefined ? "" : $(el).text();
  };
  const get = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = meta.get(k);
      if (v !== undefined && v !== "") return v;
    }
    return undefined;
  };

  const siteName = get("og:site_name", "application-name", "twitter:site") ?? jsonLd.publisher;
  const h1 = normalizeSpace(textOfFirst(index.tag("h1")));
  const docTitle = normalizeSpace(textOfFirst(index.tag("title")));
  const title =
    jsonLd.headline ??
    get("og:title", "twitter:title", "dc.title", "headline") ??
    (h1 !== "" ? h1 : undefined) ??
    (docTitle !== "" ? cleanTitle(docTitle, siteName) : undefined);

  const microAuthors = index.itemprop("author").map((el) => {
    const name = $(el).find('[itemprop="name"]').first();
    return normalizeSpace((name.length > 0 ? name : $(el)).text());
  });
  // Bylines are the last resort: looked for only when nothing else named the authors.
  const relAuthors = (): string[] =>
    index.all
      .filter(isBylineElement)
      .slice(0, 4)
      .map((el) => normalizeSpace($(el).text()));
  const authors = cleanAuthors(
    jsonLd.authors.length > 0 ? jsonLd.authors : authorsMeta.length > 0 ? authorsMeta : microAuthors.length > 0 ? microAuthors : relAuthors(),
  );

  const timeEl = index.tag("time").find((el) => el.attribs.datetime !== undefined)?.attribs.datetime;
  const published = first(index.itemprop("datePublished"));
  const publishedAt =
    toIsoDate(jsonLd.datePublished) ??
    toIsoDate(
      get(
        "article:published_time",
        "og:article:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
      ),
    ) ??
    toIsoDate(published?.attribs.content ?? published?.attribs.datetime) ??
    toIsoDate(timeEl);
  const modifiedAt =
    toIsoDate(jsonLd.dateModified) ??
    toIsoDate(get("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified")) ??
    toIsoDate(first(index.itemprop("dateModified"))?.attribs.content);

  const html = first(index.tag("html"));
  const language =
    primaryLanguage(html?.attribs.lang ?? html?.attribs["xml:lang"]) ??
    primaryLanguage(get("content-language", "language", "dc.language")) ??
    primaryLanguage(jsonLd.inLanguage) ??
    primaryLanguage(get("og:locale"));

  const canonicalUrl =
    absolute(index.tag("link").find((el) => el.attribs.rel?.toLowerCase() === "canonical")?.attribs.href, pageUrl) ??
    absolute(get("og:url"), pageUrl) ??
    absolute(jsonLd.url, pageUrl);
  const imageUrl = absolute(get("og:image", "og:image:url", "twitter:image", "twitter:image:src") ?? jsonLd.image, pageUrl);
  const lead = jsonLd.description ?? get("og:description", "description", "twitter:description", "dc.description");
  return {
    title: title === undefined ? undefined : normalizeSpace(title),
    lead: lead === undefined ? undefined : normalizeSpace(lead),
    authors,
    publishedAt,
    modifiedAt,
    language,
    canonicalUrl,
    siteName: siteName === undefined ? undefined : normalizeSpace(siteName.replace(/^@/, "")),
    imageUrl,
    ogType: get("og:type")?.toLowerCase(),
    jsonLd,
  };
}
