/**
 * Class/id and text hints, English and French. Kept in one place so tuning is visible in one diff.
 * Token patterns match whole class tokens (split on space, '-' and '_') to avoid "shadow" ⊃ "ad".
 */

/** Substrings distinctive enough to match anywhere in class/id. */
const NEGATIVE_SUBSTRINGS =
  /cookie|consent|gdpr|didomi|onetrust|newsletter|outbrain|taboola|disqus|breadcrumb|pagination|sidebar|social|sharing|share-|-share|sharebar|partage|related|recommend|popular|trending|most-read|mostread|plus-lus|lire-aussi|lireaussi|a-lire|voir-aussi|read-more|readmore|more-stories|comment|commentaire|advert|sponsor|promo|subscribe|signup|sign-up|abonnement|inscription|masthead|navbar|navigation|menu|footer|toolbar|widget|popup|modal|overlay|banner|byline|standfirst|chapo|chapeau|author-bio|authorbio|caption|legende|credit|copyright|print-only|skip-link|sr-only|visually-hidden|visuallyhidden|screen-reader|tags-list|taglist|keywords|rating|jump-link|toc-|table-of-contents|signature|newsroom-nav|livefyre/;

/** Short words that only count as a whole class token. */
const NEGATIVE_TOKENS = new Set([
  "ad",
  "ads",
  "adv",
  "pub",
  "publicite",
  "nav",
  "share",
  "shares",
  "social",
  "tags",
  "tag",
  "meta",
  "related",
  "aside",
  "comments",
  "footer",
  "header",
  "hidden",
  "hide",
  "print",
  "promo",
  "teaser",
  "teasers",
  "outbrain",
  "widget",
  "date",
  "dateline",
  "timestamp",
  "author",
  "auteur",
  "follow",
  "sticky",
  "inline-ad",
  "more",
  "links",
  "topics",
]);

const POSITIVE =
  /article-?body|articlebody|article__body|article-?content|article__content|article-text|article__text|story-?body|story-?content|entry-content|entry-body|post-content|post-body|post__content|content-body|content__body|body-text|main-content|text-content|field-body|field-name-body|field--name-body|rich-text|richtext|article-corps|corps-article|texte-article|contenu|article__texte|paywalled-content|c-entry-content|body-copy|article-main|\bprose\b/;

export function tokensOf(classId: string): string[] {
  return classId.split(/[\s_-]+/);
}

export function isPositiveHint(classId: string): boolean {
  return classId !== "" && POSITIVE.test(classId);
}

// Site-builder scaffolding: class names every block of an Elementor, HubSpot or Drupal page wears
// (`elementor-widget-theme-post-content`, `hs_cos_wrapper_meta_field`, `widget-span`,
// `field--label-hidden`, `node--promoted`) or that describe a feature, not the block
// (`comments-enabled`). They say nothing about whether the block is boilerplate.
const BUILDER_CLASS =
  /(?:^|\s)(?:elementor-[\w-]*|e-con[\w-]*|hs_cos_wrapper[\w-]*|hs-[\w-]*|widget-span|widget-type-[\w-]*|field--[\w-]*|node--[\w-]*|comments-(?:enabled|open|closed|disabled|on|off)|has-comments|with-comments)(?=\s|$)/g;

export function isNegativeHint(rawClassId: string): boolean {
  if (rawClassId === "") return false;
  const classId = rawClassId.includes("-") || rawClassId.includes("_") ? rawClassId.replace(BUILDER_CLASS, " ") : rawClassId;
  if (NEGATIVE_SUBSTRINGS.test(classId)) return true;
  for (const token of tokensOf(classId)) if (NEGATIVE_TOKENS.has(token)) return true;
  return false;
}

/** Roles and tags that are chrome around an article, never inside its text. */
export const CHROME_ROLES = new Set([
  "navigation",
  "banner",
  "contentinfo",
  "complementary",
  "dialog",
  "alertdialog",
  "menu",
  "menubar",
  "search",
  "toolbar",
  "tablist",
]);
/** Roles that are usually chrome but that some sites put around the article (tabbed story/video views): judged like class hints. */
export const SOFT_ROLES = new Set(["tablist", "complementary"]);
export const CHROME_TAGS = new Set(["nav", "aside", "footer", "figcaption", "form", "dialog", "menu"]);

/** Short lines that are boilerplate wherever they appear. */
export const BOILERPLATE_LINE =
  /^(advertisement|advertising|advert|this slideshow requires javascript|publicité|pub|sponsored|contenu sponsorisé|lire aussi|à lire aussi|a lire aussi|lire la suite|voir aussi|read more|read next|related|related articles|related stories|more from|recommended|you may also like|vous aimerez aussi|share( this)?( article| story)?|partager( cet article)?|follow us|suivez-nous|sign up|subscribe|s'abonner|abonnez-vous|newsletter|inscrivez-vous|all rights reserved|tous droits réservés|©|copyright|click here|cliquez ici|image|photo|getty images|afp|reuters|ap photo|this article (was )?(originally )?(appeared|published)|comments?|commentaires?|leave a (comment|reply)|laisser un commentaire|posted (by|in|on)|filed under|tags?:|mots-clés|catégories?:|categories?:|mis à jour|updated|published|publié le|by [A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3}$|par [A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3}$)/i;

/**
 * Notices publishers print inside article bodies (paywall counters, one-device limits, privacy
 * and CCPA notes, notification and newsletter prompts), English, French and German. Matched
 * anywhere in a line shorter than `NOTICE_MAX_LENGTH`, so a long paragraph that happens to
 * mention a newsletter stays.
 */
export const NOTICE_LINE = new RegExp(
  [
    "il vous reste \\d+\\s?% de cet article",
    "(?:la suite est |article )?réservée? aux abonnés",
    "free articles? (?:left|remaining)",
    "subscribe (?:now |today )?(?:for|to get) unlimited",
    "kostenlosen artikeln gelesen",
    "jetzt abonnieren und",
    "(?:sur un seul|on one|auf einem) (?:appareil|device|gerät)",
    "(?:sur un autre|on another|auf einem anderen) (?:appareil|device|gerät)",
    "do not sell(?: or share)? my personal information",
    "opt out of the sale",
    "we care about your privacy",
    "nous respectons votre vie privée",
    "retirer votre consentement",
    "wir respektieren ihre privatsphäre",
    "einwilligung jederzeit",
    "turn on (?:push )?notifications",
    "activez les notifications",
    "benachrichtigungen,? um",
    "aktivieren sie (?:die )?benachrichtigungen",
    "sign up for (?:our|the) (?:free )?(?:\\w+ )?newsletter",
    "inscrivez-vous (?:gratuitement )?(?:à|a) (?:notre|la) newsletter",
    "abonnez-vous (?:gratuitement )?(?:à|a) (?:notre|la) newsletter",
    "für unseren (?:kostenlosen )?newsletter an",
  ].join("|"),
  "i",
);
export const NOTICE_MAX_LENGTH = 300;

/** An upper-case rubric and a dash opening a line: a teaser for another article (`DÉCRYPTAGE – …`). */
export const RUBRIC_TEASER =
  /^(?:DÉCRYPTAGE|DECRYPTAGE|ANALYSE|ENQUÊTE|RÉCIT|ENTRETIEN|TRIBUNE|INFOGRAPHIE|VIDÉO|VIDEO|PODCAST|PORTRAIT|REPORTAGE|LIRE AUSSI|À LIRE|ANALYSIS|EXPLAINER|INTERVIEW|OPINION|READ MORE|WATCH|HINTERGRUND|KOMMENTAR|LESEN SIE AUCH|MEHR ZUM THEMA)\s*[–—:-]\s/;

/** A heading that opens a company boilerplate section at the end of a press release. */
export const ABOUT_HEADING = /^(?:[Aa]bout|[ÀàAa] propos d(?:e|u|es|')|[ÜüUu]ber|[Uu]eber)\s*(?:the |die |der |das |l')?\p{Lu}/u;
export const CONTACT_LINE = /^(?:media contact|press contact|contact presse|contacts? médias?|pressekontakt|medienkontakt)\b/i;

/** A line that is only a clock time (live-blog post stamps). */
export const TIME_ONLY = /^(?:\d{1,2}[:h.]\d{2}(?:\s?[ap]\.?m\.?)?|\d{1,2}\s?[ap]\.?m\.?)$/i;
