import type { CheerioAPI } from "cheerio";
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

export function readMetadata($: CheerioAPI, pageUrl: string): PageMetadata {
  const meta = new Map<string, string>();
  const authorsMeta: string[] = [];
  $("meta").each((_i, el) => {
    const key = (el.attribs.property ?? el.attribs.name ?? el.attribs.itemprop ?? el.attribs["http-equiv"])?.toLowerCase();
    const content = el.attribs.content;
    if (key === undefined || content === undefined) return;
    if (key === "author" || key === "article:author" || key === "dc.creator" || key === "sailthru.author" || key === "parsely-author") authorsMeta.push(content);
    if (!meta.has(key)) meta.set(key, content.trim());
  });
  const jsonLd = readJsonLd($);
  const get = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = meta.get(k);
      if (v !== undefined && v !== "") return v;
    }
    return undefined;
  };

  const siteName = get("og:site_name", "application-name", "twitter:site") ?? jsonLd.publisher;
  const h1 = normalizeSpace($("h1").first().text());
  const docTitle = normalizeSpace($("title").first().text());
  const title = jsonLd.headline ?? get("og:title", "twitter:title", "dc.title", "headline") ?? (h1 !== "" ? h1 : undefined) ?? (docTitle !== "" ? cleanTitle(docTitle, siteName) : undefined);

  const microAuthors = $('[itemprop="author"]').map((_i, el) => {
    const name = $(el).find('[itemprop="name"]').first();
    return normalizeSpace((name.length > 0 ? name : $(el)).text());
  }).get();
  const relAuthors = $('a[rel="author"], .byline__name, .author-name, .auteur, .article-author-name').slice(0, 4).map((_i, el) => normalizeSpace($(el).text())).get();
  const authors = cleanAuthors(jsonLd.authors.length > 0 ? jsonLd.authors : authorsMeta.length > 0 ? authorsMeta : microAuthors.length > 0 ? microAuthors : relAuthors);

  const timeEl = $("time[datetime]").first().attr("datetime");
  const publishedAt = toIsoDate(jsonLd.datePublished) ?? toIsoDate(get("article:published_time", "og:article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date")) ?? toIsoDate($('[itemprop="datePublished"]').first().attr("content") ?? $('[itemprop="datePublished"]').first().attr("datetime")) ?? toIsoDate(timeEl);
  const modifiedAt = toIsoDate(jsonLd.dateModified) ?? toIsoDate(get("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified")) ?? toIsoDate($('[itemprop="dateModified"]').first().attr("content"));

  const language = primaryLanguage($("html").attr("lang") ?? $("html").attr("xml:lang")) ?? primaryLanguage(get("content-language", "language", "dc.language")) ?? primaryLanguage(jsonLd.inLanguage) ?? primaryLanguage(get("og:locale"));

  const canonicalUrl = absolute($('link[rel="canonical" i]').first().attr("href"), pageUrl) ?? absolute(get("og:url"), pageUrl) ?? absolute(jsonLd.url, pageUrl);
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
