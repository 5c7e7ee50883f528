/**
 * Page templates of the site-split set (fixtures/{dev,eval}/sites): each imitates one family of
 * site builder or page shape that fooled the extractor (issue #15), with localised boilerplate
 * (French, English, German). Written for vigie; no page is copied from anywhere.
 */
import { esc } from "./synthetic-templates.ts";

export type Lang = "fr" | "en" | "de";
export type Block = [string, ...string[]];

export interface SiteArticle {
  id: string;
  lang: Lang;
  title: string;
  lead: string;
  author: string;
  date: string;
  body: Block[];
}

export interface Site {
  key: string;
  name: string;
  domain: string;
  lang: Lang;
  family: Family;
  /** Boilerplate inserted inside the article body (indices into INSERTS). */
  inserts: InsertKind[];
}

export const FAMILIES = [
  "elementor",
  "hubspot",
  "drupal",
  "comments-enabled",
  "tablist",
  "nextjs-hidden",
  "teaser-rail",
  "jsonld-entities",
  "ol-article",
  "press-release",
  "liveblog",
] as const;
export type Family = (typeof FAMILIES)[number];
export const INSERT_KINDS = ["paywall", "device", "privacy", "notifications", "newsletter", "teaser"] as const;
export type InsertKind = (typeof INSERT_KINDS)[number];

const T = (lang: Lang, fr: string, en: string, de: string): string => (lang === "fr" ? fr : lang === "en" ? en : de);

/** Boilerplate lines publishers put inside the article body; never part of the gold text. */
export function insertHtml(kind: InsertKind, lang: Lang, n: number): string {
  switch (kind) {
    case "paywall":
      return `<div class="article__status"><p>${T(lang, `Il vous reste ${52 + n}% de cet article à lire. La suite est réservée aux abonnés.`, `You have ${n % 4} free articles left this month. Subscribe now for unlimited access to all our journalism.`, `Sie haben ${n % 3} von 3 kostenlosen Artikeln gelesen. Jetzt abonnieren und unbegrenzt weiterlesen.`)}</p></div>`;
    case "device":
      return `<p class="notice">${T(lang, "Ce compte est déjà utilisé sur un autre appareil. Vous ne pouvez lire cet article que sur un seul appareil à la fois.", "Your subscription lets you read on one device at a time. This article is already open on another device.", "Ihr Abonnement erlaubt das Lesen auf einem Gerät gleichzeitig. Dieser Artikel ist bereits auf einem anderen Gerät geöffnet.")}</p>`;
    case "privacy":
      return `<div class="privacy-note"><p>${T(lang, "Nous respectons votre vie privée : vous pouvez retirer votre consentement à tout moment depuis le lien « Paramètres de confidentialité ».", "We care about your privacy. California residents can opt out: Do Not Sell or Share My Personal Information.", "Wir respektieren Ihre Privatsphäre. Sie können Ihre Einwilligung jederzeit in den Datenschutz-Einstellungen widerrufen.")}</p></div>`;
    case "notifications":
      return `<p><strong>${T(lang, "Activez les notifications pour recevoir nos alertes info en temps réel.", "Turn on notifications to get breaking news alerts as they happen.", "Aktivieren Sie Benachrichtigungen, um keine Eilmeldung zu verpassen.")}</strong></p>`;
    case "newsletter":
      return `<div class="inline-signup"><p>${T(lang, "Inscrivez-vous gratuitement à notre newsletter et recevez chaque matin l'essentiel de l'actualité de votre région.", "Sign up for our free morning newsletter and get the day's top stories delivered to your inbox.", "Melden Sie sich für unseren kostenlosen Newsletter an und erhalten Sie jeden Morgen die wichtigsten Nachrichten.")}</p></div>`;
    case "teaser":
      return `<p class="article__related">${T(lang, "DÉCRYPTAGE – Pourquoi les prix de l'énergie ne baissent pas malgré la fin de l'hiver", "ANALYSIS – Why energy bills are not falling despite the end of winter", "HINTERGRUND – Warum die Energiepreise trotz Winterende nicht sinken")} <a href="/x/${n}">${T(lang, "Lire", "Read", "Lesen")}</a></p>`;
  }
}

function bodyHtml(a: SiteArticle, inserts: string[]): string {
  const parts = a.body.map(([tag, ...rest]) => {
    if (tag === "ul" || tag === "ol") return `<${tag}>${rest.map((t) => `<li>${esc(t)}</li>`).join("")}</${tag}>`;
    if (tag === "blockquote") return `<blockquote><p>${esc(rest[0] ?? "")}</p></blockquote>`;
    return `<${tag}>${esc(rest[0] ?? "")}</${tag}>`;
  });
  // Inserts go after the second block and at the end, as CMS widgets do.
  const out = [...parts];
  inserts.forEach((html, i) => out.splice(i === 0 ? Math.min(2, out.length) : out.length, 0, html));
  return out.join("\n");
}

/** Gold text: body blocks only, one per line (list items one per line). */
export function goldText(a: SiteArticle): string {
  return a.body.flatMap(([, ...rest]) => rest).join("\n");
}

function teasers(others: SiteArticle[], cls: string, withLead: boolean): string {
  return others
    .map(
      (o, i) =>
        `<div class="${cls}"><h3><a href="/article/${o.id}-${i}">${esc(o.title)}</a></h3>${withLead ? `<p>${esc(o.lead)} ${esc(o.body.find(([t]) => t === "p")?.[1]?.slice(0, 120) ?? "")}…</p>` : ""}</div>`,
    )
    .join("");
}

function chrome(site: Site, a: SiteArticle, others: SiteArticle[]): { head: (extra?: string) => string; top: string; bottom: string } {
  const url = `https://${site.domain}/article/${a.id}`;
  const menu = T(
    site.lang,
    "Accueil|Politique|Économie|Société|Sport|Culture|Météo",
    "Home|News|Politics|Business|Sport|Culture|Weather",
    "Startseite|Politik|Wirtschaft|Region|Sport|Kultur|Wetter",
  )
    .split("|")
    .map((x) => `<li><a href="/${encodeURIComponent(x.toLowerCase())}">${x}</a></li>`)
    .join("");
  return {
    head: (extra = "") =>
      `<head><meta charset="utf-8"><title>${esc(a.title)} – ${esc(site.name)}</title><link rel="canonical" href="${url}"><meta property="og:title" content="${esc(a.title)}"><meta property="og:site_name" content="${esc(site.name)}"><meta name="description" content="${esc(a.lead)}"><meta property="article:published_time" content="${a.date}">${extra}</head>`,
    top: `<div class="cmp-banner"><p>${T(site.lang, "Avec votre accord, nous et nos partenaires utilisons des cookies pour mesurer l'audience et personnaliser les publicités.", "With your consent, we and our partners use cookies to measure our audience and personalise advertising.", "Mit Ihrer Zustimmung verwenden wir und unsere Partner Cookies, um die Reichweite zu messen und Werbung zu personalisieren.")}</p><button>OK</button></div><header class="site-header"><a class="logo" href="/">${esc(site.name)}</a><nav><ul>${menu}</ul></nav></header>`,
    bottom: `<section class="more-from"><h2>${T(site.lang, `Plus de ${esc(site.name)}`, `More from ${esc(site.name)}`, `Mehr von ${esc(site.name)}`)}</h2>${teasers(others.slice(0, 4), "card", false)}</section><footer class="site-footer"><p>© 2026 ${esc(site.name)}. ${T(site.lang, "Tous droits réservés.", "All rights reserved.", "Alle Rechte vorbehalten.")}</p><ul><li><a href="/legal">${T(site.lang, "Mentions légales", "Terms", "Impressum")}</a></li><li><a href="/privacy">${T(site.lang, "Confidentialité", "Privacy", "Datenschutz")}</a></li></ul></footer>`,
  };
}

const jsonLd = (o: Record<string, unknown>): string =>
  `<script type="application/ld+json">${JSON.stringify({ "@context": "https://schema.org", ...o })}</script>`;

/** The page of `a` on `site`; `others` feed teaser rails and live-blog history. */
export function renderPage(site: Site, a: SiteArticle, others: SiteArticle[], n: number): string {
  const c = chrome(site, a, others);
  const inserts = site.inserts.map((k) => insertHtml(k, site.lang, n));
  const body = bodyHtml(a, inserts);
  const h1 = `<h1>${esc(a.title)}</h1><p class="standfirst">${esc(a.lead)}</p><p class="byline">${T(site.lang, "Par", "By", "Von")} ${esc(a.author)}</p>`;
  const ld = jsonLd({ "@type": "NewsArticle", headline: a.title, datePublished: a.date, author: { "@type": "Person", name: a.author }, inLanguage: site.lang });
  const page = (inner: string, extraHead = ld): string =>
    `<!DOCTYPE html><html lang="${site.lang}">${c.head(extraHead)}<body>${c.top}${inner}${c.bottom}</body></html>`;
  switch (site.family) {
    case "elementor":
      return page(
        `<div class="elementor elementor-${1000 + n} elementor-location-single"><section class="elementor-section elementor-top-section"><div class="elementor-container"><div class="elementor-column elementor-col-66"><div class="elementor-widget-wrap"><div class="elementor-element elementor-widget elementor-widget-theme-post-title"><div class="elementor-widget-container">${h1}</div></div><div class="elementor-element elementor-widget elementor-widget-theme-post-content"><div class="elementor-widget-container">${body}</div></div></div></div><div class="elementor-column elementor-col-33"><div class="elementor-widget elementor-widget-posts"><div class="elementor-widget-container">${teasers(others.slice(0, 5), "elementor-post", true)}</div></div></div></div></section></div>`,
      );
    case "hubspot":
      return page(
        `<div class="body-container-wrapper"><div class="row-fluid-wrapper"><div class="span8 widget-span widget-type-cell blog-content"><div class="blog-post">${h1}<span id="hs_cos_wrapper_post_body" class="hs_cos_wrapper hs_cos_wrapper_meta_field hs_cos_wrapper_type_rich_text">${body}</span></div></div><div class="span4 widget-span widget-type-cell"><div class="hs-related">${teasers(others.slice(0, 4), "related-post", true)}</div></div></div></div>`,
      );
    case "drupal":
      return page(
        `<main><div class="region region-content"><div class="node node--type-story node--promoted node--view-mode-full">${h1}<div class="node__content"><div class="clearfix text-formatted field field--name-field-texte field--type-text-long field--label-hidden field__item">${body}</div></div></div><div class="views-element-container">${teasers(others.slice(0, 4), "views-row", true)}</div></div></main>`,
      );
    case "comments-enabled":
      return page(
        `<div class="page-wrap"><div class="story-wrapper comments-enabled">${h1}<div class="story-text">${body}</div></div><div id="comments"><p>${T(site.lang, "Les commentaires sont réservés aux abonnés.", "Comments are open to subscribers only.", "Kommentare sind nur für Abonnenten möglich.")}</p></div></div>`,
      );
    case "tablist":
      return page(
        `<div class="content-area">${h1}<div class="story-tabs" role="tablist"><button role="tab" aria-selected="true">${T(site.lang, "Article", "Story", "Artikel")}</button><button role="tab">${T(site.lang, "Vidéo", "Video", "Video")}</button><div role="tabpanel" class="tab-content">${body}</div></div></div>`,
      );
    case "nextjs-hidden":
      return page(
        `<div id="__next"><main><article>${h1}<!--$?--><template id="B:${n % 3}"></template><div class="loading">${T(site.lang, "Chargement…", "Loading…", "Wird geladen…")}</div><!--/$--></article></main></div><div hidden id="S:${n % 3}"><div class="article-body">${body}</div></div><script>$RC=function(b,c){};$RC("B:${n % 3}","S:${n % 3}")</script>`,
      );
    case "teaser-rail":
      return page(
        `<div class="layout"><div class="ticker"><ul>${others.map((o) => `<li>${esc(o.lead)}</li>`).join("")}</ul></div><article>${h1}<div itemprop="articleBody">${body}</div></article><div class="rail">${teasers(others, "rail-item", true)}</div></div>`,
      );
    case "jsonld-entities": {
      const encoded = goldText(a)
        .replace(/&/g, "&amp;")
        .replace(/'/g, "&#39;")
        .replace(/é/g, "&eacute;")
        .replace(/ü/g, "&uuml;")
        .replace(/ä/g, "&auml;")
        .replace(/«|»/g, "&quot;");
      return page(
        `<div class="layout"><article>${h1}<div class="c-body">${body}</div></article><div class="rail">${teasers(others, "rail-item", true)}</div></div>`,
        jsonLd({ "@type": "NewsArticle", headline: a.title, datePublished: a.date, inLanguage: site.lang, articleBody: encoded }),
      );
    }
    case "ol-article":
      return page(`<main><article>${h1}<div class="article-content">${body}</div></article></main>`);
    case "press-release": {
      const company = T(site.lang, "Groupe Altavia", "Northwind Energy", "Lindner Werke");
      const about = `<h2>${T(site.lang, `À propos de ${company}`, `About ${company}`, `Über die ${company}`)}</h2><p>${T(site.lang, `${company} est un acteur majeur de la distribution d'énergie en Europe. Fondé en 1998, le groupe emploie 4 200 personnes dans douze pays.`, `${company} is a leading provider of renewable energy services in Europe. Founded in 1998, the company employs 4,200 people in twelve countries.`, `Die ${company} sind ein führender Anbieter von Energiedienstleistungen in Europa. Das 1998 gegründete Unternehmen beschäftigt 4.200 Menschen in zwölf Ländern.`)}</p><p>${T(site.lang, "Contact presse : presse@altavia.example", "Media contact: press@northwind.example", "Pressekontakt: presse@lindner.example")}</p>`;
      return page(`<main><div class="press-release">${h1}<div class="release-body">${body}${about}</div></div></main>`);
    }
    case "liveblog": {
      const posts = a.body
        .map(
          ([, ...rest], i) =>
            `<div class="live-post"><time>${String(9 + i).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")}</time><p>${esc(rest.join(" "))}</p></div>`,
        )
        .join("");
      const history = [a, ...others, ...others, ...others].flatMap((o) =>
        o.body.map(([, ...rest]) => ({ "@type": "BlogPosting", articleBody: rest.join(" ") })),
      );
      return page(
        `<main><div class="liveblog">${h1}<p>${T(site.lang, "Activez les notifications pour suivre ce direct.", "Turn on notifications to follow this live blog.", "Aktivieren Sie Benachrichtigungen für diesen Liveticker.")}</p><div class="live-posts">${posts}</div></div></main>`,
        jsonLd({ "@type": "LiveBlogPosting", headline: a.title, inLanguage: site.lang, liveBlogUpdate: history }),
      );
    }
  }
}

/** Gold for a site's page: the body (live blogs: the visible posts, one per line). */
export function goldFor(site: Site, a: SiteArticle): string {
  if (site.family === "liveblog") return a.body.map(([, ...rest]) => rest.join(" ")).join("\n");
  return goldText(a);
}
