import type { CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import { hasAncestor, type DocumentIndex } from "./document-index.ts";
import type { PageKind } from "./types.ts";
import type { PageMetadata } from "./metadata/read-metadata.ts";

const WALL_HINT = /paywall|pay-wall|premium|subscriber|abonne|abonné|regwall|piano|tp-modal|metered|consent|cookie|didomi|gdpr|onetrust|sp_message/i;
const PAYWALL_TEXT =
  /(subscribe|subscription|abonnez-vous|réservé aux abonnés|reserve aux abonnes|already a subscriber|déjà abonné|to continue reading|pour lire la suite|lire la suite de cet article|this content is for subscribers|premium article|article premium|sign in to read|connectez-vous pour)/i;
const CONSENT_TEXT =
  /(accept (all )?cookies|accepter (et fermer|les cookies|tout)|we (and our partners )?use cookies|nous utilisons des cookies|vos choix en matière de cookies|your privacy choices|consent to|manage (your )?(cookie )?preferences|continuer sans accepter)/i;

/** Page signals read before pruning removes the walls themselves. */
export interface WallSignals {
  paywall: boolean;
  consent: boolean;
  /** Number of links whose text looks like a headline (teasers on home and tag pages). */
  teaserLinks: number;
}

const HEADINGS = new Set(["h2", "h3", "h4"]);
const LINK = new Set(["a"]);

export function readWallSignals($: CheerioAPI, index: DocumentIndex): WallSignals {
  let paywall = false;
  let consent = false;
  let seen = 0;
  for (const el of index.withClassOrId) {
    const hint = `${el.attribs.class ?? ""} ${el.attribs.id ?? ""}`;
    if (!WALL_HINT.test(hint)) continue;
    if (++seen > 40) break;
    const text = $(el).text().slice(0, 3000);
    if (PAYWALL_TEXT.test(text)) paywall = true;
    if (CONSENT_TEXT.test(text)) consent = true;
  }
  // The selector `h2 a, h3 a, h4 a, a h2, a h3, a h4`: each matching element counted once.
  let teaserLinks = 0;
  const teaser = (el: Element): boolean => (el.name === "a" ? hasAncestor(el, HEADINGS) : HEADINGS.has(el.name) && hasAncestor(el, LINK));
  for (const el of index.all) {
    if ((el.name === "a" || HEADINGS.has(el.name)) && teaser(el) && $(el).text().trim().length >= 20) teaserLinks++;
  }
  return { paywall, consent, teaserLinks };
}

/** Decides article / listing / paywall from the extracted text and the page's signals. */
export function classifyPage(meta: PageMetadata, signals: WallSignals, words: number): PageKind {
  const declaredArticle = meta.jsonLd.type !== undefined || meta.ogType === "article";
  if (meta.jsonLd.isAccessibleForFree === false && words < 250) return "paywall";
  if (signals.paywall && words < 120) return "paywall";
  if (signals.consent && words < 50) return "paywall";
  if (!declaredArticle && words < 120 && signals.teaserLinks >= 6) return "listing";
  if (!declaredArticle && signals.teaserLinks >= 12 && words < signals.teaserLinks * 15) return "listing";
  const pageType = meta.jsonLd.pageTypes.find((t) => /^(CollectionPage|ItemList|SearchResultsPage)$/.test(t));
  if (pageType !== undefined && meta.jsonLd.type === undefined && words < 300) return "listing";
  return "article";
}
