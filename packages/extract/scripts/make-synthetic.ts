/**
 * Regenerates fixtures/{dev,eval}/synthetic and fixtures/kinds from fixtures/synthetic-src.
 * Usage: tsx scripts/make-synthetic.ts
 * Gold text = the article body only (paragraphs, subheadings, list items, quotes, live updates
 * without their times); never the headline, standfirst, byline or captions.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { esc, TEMPLATES, type SourceArticle } from "./synthetic-templates.ts";

const fixtures = new URL("../fixtures/", import.meta.url).pathname;
const articles = JSON.parse(readFileSync(join(fixtures, "synthetic-src", "articles.json"), "utf8")) as SourceArticle[];

const PLAN: Record<"dev" | "eval", { templates: string[]; articles: string[] }[]> = {
  dev: [
    { templates: ["wp", "presse", "drupal"], articles: ["en-harbour", "en-library", "en-vaccine", "fr-tramway", "fr-vendanges", "fr-ecole"] },
    { templates: ["live"], articles: ["en-live-storm", "fr-live-elections"] },
  ],
  eval: [
    { templates: ["arc", "legacy"], articles: ["en-bridge", "fr-incendie"] },
    { templates: ["liveEval"], articles: ["en-live-marathon", "fr-live-greve"] },
  ],
};

function gold(a: SourceArticle): string {
  return a.body
    .flatMap(([tag, ...rest]) => (tag === "update" ? rest.slice(1) : rest))
    .filter((t) => t !== "")
    .join("\n");
}

for (const [set, groups] of Object.entries(PLAN)) {
  const dir = join(fixtures, set, "synthetic");
  mkdirSync(dir, { recursive: true });
  const golds: Record<string, { url: string; articleBody: string }> = {};
  for (const { templates, articles: ids } of groups) {
    for (const template of templates) {
      for (const id of ids) {
        const article = articles.find((a) => a.id === id);
        const render = TEMPLATES[template];
        if (article === undefined || render === undefined) throw new Error(`unknown ${id} / ${template}`);
        const url = `https://news.example.${article.lang === "fr" ? "fr" : "co.uk"}/${article.section.toLowerCase()}/${id}`;
        const file = `${template}-${id}.html`;
        const html = render(article, url);
        writeFileSync(join(dir, file), template === "legacy" ? Buffer.from(html, "latin1") : html);
        golds[file] = { url, articleBody: gold(article) };
      }
    }
  }
  writeFileSync(join(dir, "gold.json"), `${JSON.stringify(golds, null, 1)}\n`);
}

// Non-articles for the page-kind tests.
const kinds = join(fixtures, "kinds");
mkdirSync(kinds, { recursive: true });
const teasers = articles.map((a) => `<article class="teaser"><h3><a href="/${a.id}">${esc(a.title)}</a></h3><p>${esc(a.lead)}</p></article>`).join("\n");
writeFileSync(
  join(kinds, "listing-home.html"),
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>The Daily Courier - News, sport and weather</title><meta property="og:type" content="website"></head><body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav><main><h1>Top stories</h1>${teasers}</main><footer>© 2024 The Daily Courier</footer></body></html>`,
);
const fr = articles.find((a) => a.id === "fr-tramway");
if (fr === undefined) throw new Error("fr-tramway missing");
writeFileSync(
  join(kinds, "paywall-fr.html"),
  `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${esc(fr.title)}</title><meta property="og:type" content="article"><script type="application/ld+json">${JSON.stringify({ "@context": "https://schema.org", "@type": "NewsArticle", headline: fr.title, datePublished: fr.date, isAccessibleForFree: false })}</script></head><body><h1>${esc(fr.title)}</h1><div class="article__content"><p>${esc(fr.body[0]?.[1] ?? "")}</p></div><div class="paywall"><p>Cet article est réservé aux abonnés. Abonnez-vous pour lire la suite de cet article.</p><a href="/abo">S'abonner</a> <a href="/login">Déjà abonné ? Se connecter</a></div></body></html>`,
);
writeFileSync(
  join(kinds, "consent-wall.html"),
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Before you continue</title></head><body><div class="consent-wall"><h1>Before you continue</h1><p>We and our partners use cookies and data to deliver and maintain services, measure audience engagement and show personalised ads. Accept all cookies to continue, or manage your preferences.</p><button>Accept all</button><button>Reject all</button><a href="/prefs">Manage preferences</a></div></body></html>`,
);
