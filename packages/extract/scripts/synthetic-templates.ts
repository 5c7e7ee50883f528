/**
 * Page templates for the synthetic fixtures, each imitating a family of news CMS markup with its
 * boilerplate. Dev templates: wp, presse, drupal, live. Held-out templates (never tuned on):
 * arc, legacy, liveEval.
 */
export type Block = [string, ...string[]];

export interface SourceArticle {
  id: string;
  lang: "en" | "fr";
  title: string;
  lead: string;
  author: string;
  date: string;
  section: string;
  live?: boolean;
  body: Block[];
}

export const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function L<T>(a: SourceArticle, en: T, fr: T): T {
  return a.lang === "fr" ? fr : en;
}

function blocks(a: SourceArticle, p = (t: string) => `<p>${esc(t)}</p>`): string {
  return a.body
    .map(([tag, ...rest]) => {
      if (tag === "p") return p(rest[0] ?? "");
      if (tag === "ul" || tag === "ol") return `<${tag}>${rest.map((t) => `<li>${esc(t)}</li>`).join("")}</${tag}>`;
      if (tag === "blockquote") return `<blockquote><p>${esc(rest[0] ?? "")}</p></blockquote>`;
      return `<${tag}>${esc(rest[0] ?? "")}</${tag}>`;
    })
    .join("\n");
}

const menu = (a: SourceArticle): string =>
  L(a, "Home|World|Politics|Business|Sport|Culture|Opinion|Weather", "Accueil|International|Politique|Économie|Sport|Culture|Opinions|Météo")
    .split("|")
    .map((x) => `<li><a href="/${x.toLowerCase()}">${x}</a></li>`)
    .join("");
const cookie = (a: SourceArticle, cls: string): string =>
  `<div class="${cls}"><p>${L(a, "We and our partners use cookies to personalise content and ads, and to analyse our traffic. You can change your choices at any time.", "Nous utilisons des cookies pour personnaliser le contenu et les publicités et pour analyser notre trafic. Vous pouvez modifier vos choix à tout moment.")}</p><button>${L(a, "Accept all", "Tout accepter")}</button><button>${L(a, "Manage preferences", "Paramétrer")}</button></div>`;
const related = (a: SourceArticle): string =>
  L(
    a,
    [
      "Rail strike called off after late-night talks",
      "Five things to do in the city this weekend",
      "Mortgage rates fall for the third month running",
      "Inside the race to save the town's last cinema",
    ],
    [
      "Les prix de l'immobilier reculent pour le troisième mois",
      "Cinq idées de sorties pour le week-end",
      "Le festival de jazz dévoile sa programmation",
      "Un nouveau pont sur la Loire d'ici à 2030",
    ],
  )
    .map((t, i) => `<li><a href="/story/${i}">${esc(t)}</a></li>`)
    .join("");
const comments = (a: SourceArticle): string =>
  L(
    a,
    [
      "I have lived here for thirty years and I have never seen anything like this, the council should have acted much sooner.",
      "Interesting article, but it does not say who is actually paying for all of this in the end, does it?",
    ],
    [
      "J'habite le quartier depuis vingt ans et personne ne nous a jamais demandé notre avis sur ce projet, c'est scandaleux.",
      "Article intéressant, mais il manque le point de vue des principaux concernés, comme souvent malheureusement.",
    ],
  )
    .map(
      (t, i) =>
        `<li class="comment"><div class="comment-author">user${i + 7}</div><div class="comment-body"><p>${esc(t)}</p></div><a href="#reply">${L(a, "Reply", "Répondre")}</a></li>`,
    )
    .join("");
const footer = (a: SourceArticle): string =>
  `<p>© 2024 ${L(a, "The Daily Courier. All rights reserved.", "Le Courrier du Sud. Tous droits réservés.")}</p><ul><li><a href="/legal">${L(a, "Terms", "Mentions légales")}</a></li><li><a href="/privacy">${L(a, "Privacy", "Confidentialité")}</a></li><li><a href="/contact">Contact</a></li></ul>`;
const jsonLd = (a: SourceArticle, withBody: boolean): string =>
  `<script type="application/ld+json">${JSON.stringify({ "@context": "https://schema.org", "@type": "NewsArticle", headline: a.title, description: a.lead, datePublished: a.date, author: [{ "@type": "Person", name: a.author }], inLanguage: a.lang, ...(withBody ? { articleBody: a.body.flatMap(([, ...t]) => t).join(" ") } : {}) })}</script>`;
const head = (a: SourceArticle, url: string, extra = ""): string =>
  `<head><meta charset="utf-8"><title>${esc(a.title)} | ${L(a, "The Daily Courier", "Le Courrier du Sud")}</title><meta name="viewport" content="width=device-width"><link rel="canonical" href="${url}"><meta property="og:title" content="${esc(a.title)}"><meta property="og:type" content="article"><meta property="og:site_name" content="${L(a, "The Daily Courier", "Le Courrier du Sud")}"><meta property="og:image" content="/img/${a.id}.jpg"><meta name="description" content="${esc(a.lead)}"><style>.x{color:red}</style><script>window.dataLayer=[];</script>${extra}</head>`;

export const TEMPLATES: Record<string, (a: SourceArticle, url: string) => string> = {
  wp: (
    a,
    url,
  ) => `<!DOCTYPE html><html lang="${a.lang}-${a.lang === "fr" ? "FR" : "GB"}">${head(a, url, `<meta property="article:published_time" content="${a.date}"><meta name="author" content="${esc(a.author)}">`)}<body class="single single-post">
${cookie(a, "cookie-notice-container")}
<header id="masthead" class="site-header"><div class="site-branding"><a href="/">${L(a, "The Daily Courier", "Le Courrier du Sud")}</a></div><nav id="site-navigation" class="main-navigation"><ul>${menu(a)}</ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-4821" class="post-4821 post type-post status-publish"><header class="entry-header"><h1 class="entry-title">${esc(a.title)}</h1><div class="entry-meta"><span class="posted-on">${a.date.slice(0, 10)}</span> <span class="byline">${L(a, "by", "par")} <a href="/author/x">${esc(a.author)}</a></span></div></header>
<div class="entry-content">
<figure class="wp-block-image"><img src="/img/${a.id}.jpg" alt=""><figcaption>${L(a, "Photo: archive picture, for illustration.", "Photo d'archives, illustration.")}</figcaption></figure>
${blocks(a)}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">${L(a, "Share this:", "Partager :")}</h3><ul><li><a href="#fb">Facebook</a></li><li><a href="#tw">Twitter</a></li><li><a href="#mail">Email</a></li></ul></div>
</div>
<footer class="entry-footer"><span class="cat-links">${L(a, "Posted in", "Publié dans")} <a href="/cat">${esc(a.section)}</a></span><span class="tags-links"><a href="/tag/a">news</a>, <a href="/tag/b">${a.lang}</a></span></footer></article>
<div class="jp-relatedposts"><h3>${L(a, "Related", "Articles similaires")}</h3><ul>${related(a)}</ul></div>
<div id="comments" class="comments-area"><h2 class="comments-title">${L(a, "2 thoughts on this story", "2 réflexions sur cet article")}</h2><ol class="comment-list">${comments(a)}</ol><div id="respond"><h3>${L(a, "Leave a Reply", "Laisser un commentaire")}</h3><form><textarea></textarea><input type="submit"></form></div></div>
</main></div><aside id="secondary" class="widget-area"><section class="widget"><h2>${L(a, "Most read", "Les plus lus")}</h2><ul>${related(a)}</ul></section><section class="widget widget_text"><p>${L(a, "Sign up to our morning newsletter and get the day's news in your inbox before breakfast.", "Inscrivez-vous à notre newsletter du matin pour recevoir l'essentiel de l'actualité avant le petit déjeuner.")}</p></section></aside></div>
<footer id="colophon" class="site-footer">${footer(a)}</footer></body></html>`,

  presse: (a, url) => `<!DOCTYPE html><html lang="${a.lang}">${head(a, url, jsonLd(a, true))}<body>
<div id="didomi-host"><div class="didomi-popup">${cookie(a, "didomi-notice")}</div></div>
<div class="Header"><div class="Header__logo">${L(a, "The Daily Courier", "Le Courrier du Sud")}</div><ul class="Header__menu">${menu(a)}</ul><a class="Header__subscribe" href="/abo">${L(a, "Subscribe", "S'abonner")}</a></div>
<div class="ad ad--top"><span>${L(a, "Advertisement", "Publicité")}</span></div>
<section class="zone zone--article"><div class="article article--main"><p class="breadcrumb"><a href="/">${L(a, "Home", "Accueil")}</a> › <a href="/s">${esc(a.section)}</a></p>
<h1 class="article__title">${esc(a.title)}</h1><p class="article__desc">${esc(a.lead)}</p>
<p class="meta__publisher">${L(a, "Published on", "Publié le")} <time datetime="${a.date}">${a.date.slice(0, 10)}</time> · ${L(a, "By", "Par")} <span class="author">${esc(a.author)}</span></p>
<figure class="article__media"><img src="/i.jpg"><figcaption class="article__legend">${L(a, "The site in 2023. Photo agency", "Le site en 2023. Photo agence")}</figcaption></figure>
<article class="article__content">
${blocks(a, (t) => `<p class="article__paragraph">${esc(t)}</p>`).replace(/(<\/p>)/, `$1<section class="catcher"><span class="catcher__title">${L(a, "Read also", "Lire aussi")}</span> <a class="catcher__desc" href="/x">${L(a, "Why the port is changing", "Pourquoi la métropole investit")}</a></section>`)}
<div class="inread ad"><span>${L(a, "Advertisement", "Publicité")}</span></div>
</article>
<div class="article__share"><button>Facebook</button><button>Twitter</button><a href="#">${L(a, "Share", "Partager")}</a></div>
<section class="newsletter-box"><h3>${L(a, "Newsletter", "Newsletter")}</h3><p>${L(a, "Every morning, the essential news selected by our newsroom.", "Chaque matin, l'essentiel de l'actualité sélectionné par la rédaction.")}</p></section>
<div class="services"><h2>${L(a, "Related services", "Services")}</h2><ul>${related(a)}</ul></div></div></section>
<footer class="Footer">${footer(a)}</footer></body></html>`,

  drupal: (
    a,
    url,
  ) => `<!DOCTYPE html><html lang="${a.lang}" dir="ltr"><head><meta charset="utf-8"><title>${esc(a.title)}</title><link rel="canonical" href="${url}"></head><body class="html not-front page-node node-type-article">
<div id="page-wrapper"><div id="page"><div id="header"><div class="region region-header"><div id="block-system-main-menu" class="block block-system block-menu"><ul class="menu">${menu(a)}</ul></div></div></div>
<div id="main-wrapper" class="clearfix"><div id="main" class="clearfix"><div id="content" class="column"><div class="section">
<h1 class="title" id="page-title">${esc(a.title)}</h1>
<div class="region region-content"><div id="node-991" class="node node-article node-promoted clearfix" itemscope itemtype="http://schema.org/NewsArticle">
<div class="submitted"><span itemprop="author" itemscope itemtype="http://schema.org/Person"><span itemprop="name">${esc(a.author)}</span></span> — <span itemprop="datePublished" content="${a.date}">${a.date.slice(0, 10)}</span></div>
<div class="content"><div class="field field-name-body field-type-text-with-summary field-label-hidden"><div class="field-items"><div class="field-item even" itemprop="articleBody">
${blocks(a)}
</div></div></div>
<div class="field field-name-field-tags field-type-taxonomy-term-reference field-label-above"><div class="field-label">Tags:&nbsp;</div><div class="field-items"><div class="field-item"><a href="/t/1">${esc(a.section)}</a></div><div class="field-item"><a href="/t/2">${L(a, "Region", "Région")}</a></div></div></div></div>
<ul class="links inline"><li class="comment-add"><a href="/comment/reply/991">${L(a, "Add new comment", "Ajouter un commentaire")}</a></li></ul>
<div id="comments" class="comment-wrapper"><h2 class="title">${L(a, "Comments", "Commentaires")}</h2><ul>${comments(a)}</ul></div></div></div></div></div>
<div id="sidebar-second" class="column sidebar"><div class="section"><div class="block block-views"><h2>${L(a, "Latest news", "Dernières actualités")}</h2><ul>${related(a)}</ul></div></div></div></div></div>
<div id="footer"><div class="region region-footer">${footer(a)}</div></div></div></div></body></html>`,

  live: (
    a,
    url,
  ) => `<!DOCTYPE html><html lang="${a.lang}">${head(a, url, `<script type="application/ld+json">${JSON.stringify({ "@context": "https://schema.org", "@type": "LiveBlogPosting", headline: a.title, coverageStartTime: a.date, datePublished: a.date, author: { "@type": "Organization", name: a.author }, liveBlogUpdate: a.body.map(([, time, h, t]) => ({ "@type": "BlogPosting", headline: h === "" ? undefined : h, articleBody: t, datePublished: `${a.date.slice(0, 11)}${time}:00Z` })) })}</script>`)}<body>
${cookie(a, "gdpr-banner")}
<nav class="nav-main"><ul>${menu(a)}</ul></nav>
<main><div class="live-header"><span class="live-badge">${L(a, "LIVE", "EN DIRECT")}</span><h1>${esc(a.title)}</h1><p class="standfirst">${esc(a.lead)}</p></div>
<div class="live-key-points"><h2>${L(a, "Key points", "L'essentiel")}</h2><ul><li><a href="#p1">${esc(a.body[0]?.[2] ?? "")}</a></li></ul></div>
<div class="live-blog-feed">
${a.body.map(([, time, h, t], i) => `<article class="live-post" id="post-${i}"><div class="live-post__meta"><time>${time}</time><button class="share">${L(a, "Share", "Partager")}</button></div>${h === "" ? "" : `<h2 class="live-post__title">${esc(h ?? "")}</h2>`}<div class="live-post__body"><p>${esc(t ?? "")}</p></div></article>`).join("\n")}
</div><button class="load-more">${L(a, "Load more updates", "Voir plus de posts")}</button></main>
<aside class="related-live"><h2>${L(a, "More on this story", "Sur le même sujet")}</h2><ul>${related(a)}</ul></aside><footer>${footer(a)}</footer></body></html>`,

  arc: (
    a,
    url,
  ) => `<!DOCTYPE html><html lang="${a.lang}">${head(a, url, jsonLd(a, false))}<body><div id="fusion-app"><div class="css-1dbjc4n"><div class="css-9x2kq"><a href="/">${L(a, "The Daily Courier", "Le Courrier du Sud")}</a><div class="css-k008qs">${menu(a).replace(/li>/g, "span>")}</div></div>
<div data-testid="banner" class="css-p8d2">${L(a, "Get unlimited digital access for 1 € a week.", "Accès illimité au numérique pour 1 € par semaine.")} <a href="/offer">${L(a, "Start now", "J'en profite")}</a></div>
<div class="css-1u4a"><div class="css-7kp13n"><span class="css-sec"><a href="/s">${esc(a.section)}</a></span><h1 class="css-t1tle" data-testid="headline">${esc(a.title)}</h1><h2 class="css-sub">${esc(a.lead)}</h2><div class="css-by"><span>${esc(a.author)}</span><span>${a.date.slice(0, 10)}</span></div></div>
<div class="css-53u6y8"><div class="css-s99">${blocks(a, (t) => `<div class="css-1r7ky0e"><p class="css-at9mc1 evys1bk0">${esc(t)}</p></div>`)
    .replace(/<(ul|ol)>/g, '<div class="css-lst"><$1>')
    .replace(/<\/(ul|ol)>/g, "</$1></div>")}</div>
<div class="css-1w0qr"><div class="css-ad"><div id="gpt-mid">${L(a, "ADVERTISEMENT", "PUBLICITÉ")}</div></div></div>
<div class="css-gt5"><div class="css-kl2">${L(a, "More in", "Plus de")} ${esc(a.section)}</div>${related(a).replace(/li>/g, "div>")}</div></div></div>
<div class="css-ftr">${footer(a)}</div></div></div><script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"id":"${a.id}"}}}</script></body></html>`,

  legacy: (
    a,
    _url,
  ) => `<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><title>${esc(a.title)} - ${L(a, "Courier Online", "Le Courrier en ligne")}</title><meta name="keywords" content="news"></head>
<body bgcolor="#ffffff"><table width="100%" border="0"><tr><td colspan="2"><img src="/logo.gif"> <font size="1"><a href="/">${L(a, "Front page", "Une")}</a> | <a href="/archives">Archives</a> | <a href="/meteo">${L(a, "Weather", "Météo")}</a></font></td></tr>
<tr><td width="160" valign="top" class="left"><font size="2"><b>${L(a, "Sections", "Rubriques")}</b><br>${menu(a)
    .replace(/<\/?li>/g, "")
    .replace(/<\/a>/g, "</a><br>")}</font></td>
<td valign="top"><font face="Arial" size="2"><font size="4"><b>${esc(a.title)}</b></font><br><i>${esc(a.author)} - ${a.date.slice(0, 10)}</i><br><br>
${a.body.map(([tag, ...rest]) => (tag === "ul" || tag === "ol" ? rest.map((t) => `- ${esc(t)}<br>`).join("\n") + "<br>" : tag === "h2" || tag === "h3" ? `<b>${esc(rest[0] ?? "")}</b><br><br>` : `${esc(rest[0] ?? "")}<br><br>`)).join("\n")}
</font><br><font size="1"><a href="javascript:print()">${L(a, "Print", "Imprimer")}</a> | <a href="mailto:?">${L(a, "Send to a friend", "Envoyer à un ami")}</a></font>
<br><br><table><tr><td><b>${L(a, "Also in the news", "Dans l'actualité")}</b><br>${related(a)
    .replace(/<\/?li>/g, "")
    .replace(/<\/a>/g, "</a><br>")}</td></tr></table></td></tr>
<tr><td colspan="2"><font size="1">${footer(a)}</font></td></tr></table></body></html>`,

  liveEval: (
    a,
    url,
  ) => `<!DOCTYPE html><html lang="${a.lang}"><head><meta charset="utf-8"><title>${esc(a.title)}</title><link rel="canonical" href="${url}"><meta property="og:type" content="article"></head><body>
<div class="topbar"><ul>${menu(a)}</ul></div><div class="page"><h1>${esc(a.title)}</h1><div class="intro">${esc(a.lead)}</div>
<div class="timeline">${a.body.map(([, time, h, t]) => `<div class="entry"><div class="entry-time">${time}</div><div class="entry-content">${h === "" ? "" : `<h3>${esc(h ?? "")}</h3>`}<p>${esc(t ?? "")}</p></div></div>`).join("\n")}</div>
<div class="promo-box"><p>${L(a, "Download our app to get alerts for breaking news as it happens, wherever you are.", "Téléchargez notre application pour recevoir les alertes en temps réel, où que vous soyez.")}</p></div></div>
<div class="bottom"><h4>${L(a, "Popular now", "Populaires")}</h4><ul>${related(a)}</ul>${footer(a)}</div></body></html>`,
};
