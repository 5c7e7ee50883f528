import type { CheerioAPI } from "cheerio";
import type { DocumentIndex } from "../document-index.ts";

/** What the page's JSON-LD says about its main article. */
export interface JsonLdArticle {
  type?: string;
  headline?: string;
  description?: string;
  articleBody?: string;
  authors: string[];
  datePublished?: string;
  dateModified?: string;
  inLanguage?: string;
  image?: string;
  publisher?: string;
  url?: string;
  isAccessibleForFree?: boolean;
  isLiveBlog: boolean;
  /** Texts of `liveBlogUpdate` entries, headline then body. */
  liveUpdates: string[];
  /** Page-level types seen anywhere (WebSite, CollectionPage…), for listing detection. */
  pageTypes: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ARTICLE_TYPES =
  /^(NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|ReviewNewsArticle|BlogPosting|LiveBlogPosting|Report|TechArticle|ScholarlyArticle|SocialMediaPosting)$/;

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function types(o: JsonObject): string[] {
  const t = o["@type"];
  if (typeof t === "string") return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === "string");
  return [];
}

function str(v: Json | undefined): string | undefined {
  if (typeof v === "string") return v.trim() || undefined;
  if (typeof v === "number") return String(v);
  if (Array.isArray(v)) return str(v[0]);
  if (isObject(v)) return str(v.name ?? v.url ?? v["@value"] ?? v["@id"]);
  return undefined;
}

function names(v: Json | undefined): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap(names);
  if (typeof v === "string") return v.trim() === "" ? [] : [v.trim()];
  if (isObject(v)) {
    const name = str(v.name);
    return name === undefined ? [] : [name];
  }
  return [];
}

/** Flattens arrays, @graph and mainEntity nesting into one list of objects. */
function collect(root: Json, out: JsonObject[], depth = 0): void {
  if (depth > 6) return;
  if (Array.isArray(root)) {
    for (const item of root) collect(item, out, depth + 1);
    return;
  }
  if (!isObject(root)) return;
  out.push(root);
  const graph = root["@graph"];
  if (graph !== undefined) collect(graph, out, depth + 1);
  const main = root.mainEntity;
  if (isObject(main) || Array.isArray(main)) collect(main, out, depth + 1);
}

function parse(raw: string): Json | undefined {
  try {
    return JSON.parse(raw) as Json;
  } catch {
    try {
      // Raw newlines and tabs inside strings are the usual breakage of hand-made JSON-LD.
      return JSON.parse(raw.replace(/[\n\r\t]+/g, " ")) as Json;
    } catch {
      return undefined;
    }
  }
}

export function readJsonLd($: CheerioAPI, index: DocumentIndex): JsonLdArticle {
  const objects: JsonObject[] = [];
  for (const el of index.tag("script")) {
    if (el.attribs.type?.toLowerCase() !== "application/ld+json") continue;
    const raw = $(el).text();
    if (raw.length > 2_000_000) continue;
    const json = parse(raw.replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, ""));
    if (json !== undefined) collect(json, objects);
  }
  const result: JsonLdArticle = { authors: [], isLiveBlog: false, liveUpdates: [], pageTypes: [] };
  let article: JsonObject | undefined;
  for (const o of objects) {
    const t = types(o);
    result.pageTypes.push(...t);
    const articleType = t.find((x) => ARTICLE_TYPES.test(x));
    if (articleType === undefined) continue;
    // Prefer the live blog, then the object with a body, then the first article.
    if (
      article === undefined ||
      articleType === "LiveBlogPosting" ||
      (article.articleBody === undefined && o.articleBody !== undefined && !types(article).includes("LiveBlogPosting"))
    ) {
      article = o;
      result.type = articleType;
    }
  }
  if (article === undefined) return result;
  result.headline = str(article.headline) ?? str(article.name);
  result.description = str(article.description);
  const body = article.articleBody;
  result.articleBody = typeof body === "string" ? body : Array.isArray(body) ? body.filter((b) => typeof b === "string").join("\n") : undefined;
  result.authors = names(article.author)
    .concat(names(article.creator))
    .filter((n, i, all) => all.indexOf(n) === i);
  result.datePublished = str(article.datePublished) ?? str(article.dateCreated);
  result.dateModified = str(article.dateModified);
  result.inLanguage = str(article.inLanguage);
  const image = article.image ?? article.thumbnailUrl;
  result.image = isObject(image) ? str(image.url) : str(image);
  result.publisher = isObject(article.publisher) ? str(article.publisher.name) : str(article.publisher);
  result.url = str(article.url) ?? (isObject(article.mainEntityOfPage) ? str(article.mainEntityOfPage["@id"]) : str(article.mainEntityOfPage));
  const free = article.isAccessibleForFree;
  if (free === false || free === "False" || free === "false") result.isAccessibleForFree = false;
  result.isLiveBlog = result.type === "LiveBlogPosting";
  const updates = article.liveBlogUpdate;
  const list = Array.isArray(updates) ? updates : updates === undefined ? [] : [updates];
  for (const u of list) {
    if (!isObject(u)) continue;
    const text = [str(u.headline), typeof u.articleBody === "string" ? u.articleBody : undefined].filter((x): x is string => x !== undefined).join("\n");
    if (text !== "") result.liveUpdates.push(text);
  }
  return result;
}
