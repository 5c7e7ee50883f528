import * as cheerio from "cheerio";
import { absoluteUrl } from "./text.ts";

const FEED_TYPES = /^application\/(rss\+xml|atom\+xml|rdf\+xml|feed\+json|json)$|^text\/xml$/i;
// Where CMSs put feeds (WordPress, Ghost, Hugo, Jekyll, Blogger, Drupal, Substack, Medium-like).
const COMMON_PATHS = [
  "/feed",
  "/rss",
  "/rss.xml",
  "/feed.xml",
  "/atom.xml",
  "/index.xml",
  "/feed/",
  "/rss/",
  "/feeds/posts/default",
  "/?feed=rss2",
  "/feed.json",
];

/**
 * Candidate feed URLs for a web page, best first: `<link rel="alternate">` feeds declared by the
 * page, then `<a>` links that plainly point at feeds, then common paths on the page's site.
 * The caller probes them in order.
 */
export function discoverFeeds(html: string, pageUrl: string): string[] {
  const $ = cheerio.load(html);
  const base = absoluteUrl($("base[href]").attr("href"), pageUrl) ?? pageUrl;
  const out: string[] = [];
  const add = (href: string | undefined, relativeTo = base): void => {
    const url = absoluteUrl(href, relativeTo);
    if (url && !out.includes(url)) out.push(url);
  };
  $("link[rel][href]").each((_, el) => {
    const rel = ($(el).attr("rel") ?? "").toLowerCase().split(/\s+/);
    const type = ($(el).attr("type") ?? "").trim();
    if (rel.includes("alternate") && FEED_TYPES.test(type) && !/oembed/i.test($(el).attr("href") ?? "")) add($(el).attr("href"));
  });
  $("a[href]").each((_, el) => {
    const href = $(el).attr("href") ?? "";
    if (/(^|\/)(feed|rss|atom)(\.xml|\.json|\/)?$|\.(rss|atom)$|[?&]feed=rss2?\b/i.test(href.split("#")[0] ?? "")) add(href);
  });
  for (const path of COMMON_PATHS) add(path, pageUrl);
  return out;
}
