import type { FixtureArticle } from "./load-articles.ts";

export const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const chrome = (lang: string, site: string) => ({
  nav: `<header class="site-header"><a class="logo" href="/">${site}</a><nav class="menu"><ul><li><a href="/fr/">International</a></li><li><a href="/eco/">Économie</a></li><li><a href="/en/">World</a></li><li><a href="/sport/">Sport</a></li></ul></nav></header>`,
  cookie: `<div id="cookie-banner" class="consent">${lang === "fr" ? "Nous utilisons des cookies pour mesurer l'audience. Accepter / Refuser" : "We use cookies to measure our audience. Accept / Reject"}</div>`,
  footer: `<footer class="site-footer"><p>© 2024 ${site}. ${lang === "fr" ? "Tous droits réservés. Mentions légales. Contact." : "All rights reserved. Terms. Contact us."}</p></footer>`,
});

/** Site A: a newspaper template with JSON-LD, share buttons and related links. */
export function newspaperPage(a: FixtureArticle, url: string, siteName: string): string {
  const c = chrome(a.lang, siteName);
  const jsonLd = {
    "@context": "https://schema.org",
    "@type": a.live ? "LiveBlogPosting" : "NewsArticle",
    headline: a.title,
    datePublished: a.date,
    inLanguage: a.lang,
    author: { "@type": "Person", name: a.author },
    mainEntityOfPage: url,
    ...(a.live
      ? {
          coverageStartTime: a.date,
          liveBlogUpdate: a.paragraphs.map((p, i) => ({ "@type": "BlogPosting", headline: `Mise à jour ${i + 1}`, articleBody: p })),
        }
      : {}),
  };
  const body = a.live
    ? a.paragraphs
        .map((p, i) => `<article class="live-post" id="post-${i}"><time datetime="${a.date}">${8 + i}:00</time><p>${escapeHtml(p)}</p></article>`)
        .join("\n")
    : a.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");
  return `<!doctype html>
<html lang="${a.lang}"><head><meta charset="utf-8"><title>${escapeHtml(a.title)} - ${siteName}</title>
<link rel="canonical" href="${url}"><meta property="og:title" content="${escapeHtml(a.title)}"><meta property="og:url" content="${url}">
<meta property="og:site_name" content="${siteName}"><meta name="author" content="${escapeHtml(a.author)}">
<meta property="article:published_time" content="${a.date}">
<script type="application/ld+json">${JSON.stringify(jsonLd)}</script></head>
<body>${c.cookie}${c.nav}
<main><article class="article"><h1>${escapeHtml(a.title)}</h1><p class="byline">${a.lang === "fr" ? "Par" : "By"} ${escapeHtml(a.author)}</p>
<div class="share"><a href="#">Facebook</a> <a href="#">X</a> <a href="#">${a.lang === "fr" ? "Copier le lien" : "Copy link"}</a></div>
<div class="article-body">${body}</div></article>
<aside class="related"><h2>${a.lang === "fr" ? "À lire aussi" : "Read more"}</h2><ul><li><a href="/a/1">${a.lang === "fr" ? "Les dernières nouvelles du jour" : "Today's top stories"}</a></li><li><a href="/a/2">${a.lang === "fr" ? "Notre newsletter" : "Our newsletter"}</a></li></ul></aside></main>
${c.footer}</body></html>`;
}

/** Site B: a wire-copy aggregator with another layout, no JSON-LD. */
export function aggregatorPage(a: FixtureArticle, url: string, siteName: string): string {
  const c = chrome(a.lang, siteName);
  return `<!doctype html>
<html lang="${a.lang}"><head><meta charset="utf-8"><title>${escapeHtml(a.title)} | ${siteName}</title>
<link rel="canonical" href="${url}"><meta name="description" content="${escapeHtml(a.paragraphs[0]?.slice(0, 150) ?? "")}"></head>
<body><div id="page">${c.nav}<div class="ad-slot">Advertisement</div>
<div id="content" class="story"><h1 class="story-title">${escapeHtml(a.title)}</h1>
<div class="meta"><span class="author">${escapeHtml(a.author)}</span> <time datetime="${a.date}">${a.date.slice(0, 10)}</time></div>
${a.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
</div><div class="comments"><h3>Comments (2)</h3><p>Great piece, thanks.</p><p>Terrible news for the people there.</p></div>
<div class="most-read"><h3>Most read</h3><ol><li><a href="/x/1">Markets rally</a></li><li><a href="/x/2">Storm warning</a></li></ol></div>
${c.footer}</div></body></html>`;
}

export interface FeedEntry {
  id: string;
  title: string;
  link: string;
  date: string;
  author?: string;
}

export function rssFeed(title: string, link: string, lang: string, items: FeedEntry[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${escapeHtml(title)}</title><link>${link}</link><language>${lang}</language><ttl>15</ttl>
${items
  .map(
    (i) =>
      `<item><title>${escapeHtml(i.title)}</title><link>${i.link}</link><guid isPermaLink="false">${i.id}</guid><pubDate>${new Date(i.date).toUTCString()}</pubDate>${i.author ? `<author>${escapeHtml(i.author)}</author>` : ""}</item>`,
  )
  .join("\n")}
</channel></rss>`;
}

export function atomFeed(title: string, link: string, items: FeedEntry[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${escapeHtml(title)}</title><link href="${link}"/><id>${link}</id><updated>${items[0]?.date ?? "2024-12-01T00:00:00Z"}</updated>
${items
  .map(
    (i) =>
      `<entry><title>${escapeHtml(i.title)}</title><link href="${i.link}"/><id>${i.id}</id><updated>${i.date}</updated>${i.author ? `<author><name>${escapeHtml(i.author)}</name></author>` : ""}</entry>`,
  )
  .join("\n")}
</feed>`;
}
