import { classAndId } from "../dom.ts";
import type { BlockStats } from "./block-stats.ts";
import { HEADING_TAGS, INLINE_TAGS } from "./block-stats.ts";
import { isPositiveHint } from "./hints.ts";

/** Tuning knobs of the main-content choice; defaults were set on the dev set only. */
export interface SelectOptions {
  /** Weight of boilerplate characters against article characters. @defaultValue 1 */
  junkWeight?: number;
  /** A block shorter than this (chars) is not trusted as article prose. @defaultValue 40 */
  minProse?: number;
}

export interface MainContent {
  /** Index into `stats.elements` of the chosen container, -1 when the page has no text. */
  best: number;
  /** Characters of trusted prose in the chosen container. */
  prose: number;
  good: Float64Array;
  junk: Float64Array;
}

/**
 * Picks the element that maximises (prose − w·boilerplate) over its subtree. Prose is text of
 * blocks long enough and poor in links; boilerplate is link text and short fragments. Going up
 * one level adds the siblings' prose and their chrome, so the maximum is where the article's
 * container stops and the page's chrome starts; split bodies (ads between parts) are kept whole.
 */
export function selectMain(stats: BlockStats, options: SelectOptions = {}): MainContent {
  const w = options.junkWeight ?? 1;
  const minProse = options.minProse ?? 40;
  const n = stats.elements.length;
  const good = new Float64Array(n);
  const junk = new Float64Array(n);
  const cards = teaserCards(stats);
  for (let i = 0; i < n; i++) {
    const len = stats.ownText[i] ?? 0;
    if (len === 0) continue;
    const links = stats.ownLinks[i] ?? 0;
    const el = stats.elements[i];
    if (el === undefined) continue;
    if (HEADING_TAGS.has(el.name)) {
      junk[i] = links;
    } else if (cards[stats.parent[i] ?? -1] === 1) {
      // The excerpt of a teaser card (linked headline + paragraph): prose-like, but a rail's.
      junk[i] = 0.5 * len;
    } else if (links / len >= 0.35) {
      junk[i] = len;
    } else if (len >= minProse) {
      good[i] = len - links;
      junk[i] = links;
    } else {
      junk[i] = 0.3 * len;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const p = stats.parent[i] ?? -1;
    if (p < 0) continue;
    good[p] = (good[p] ?? 0) + (good[i] ?? 0);
    junk[p] = (junk[p] ?? 0) + (junk[i] ?? 0);
  }
  let best = -1;
  let bestScore = 0;
  let explicit = -1;
  for (let i = 0; i < n; i++) {
    const g = good[i] ?? 0;
    if (g === 0) continue;
    const el = stats.elements[i];
    if (el === undefined || INLINE_TAGS.has(el.name)) continue;
    let score = g - w * (junk[i] ?? 0);
    if (isPositiveHint(classAndId(el)) || el.attribs.itemprop === "articleBody") score += 0.1 * g;
    // Pre-order visits parents first, so a strict comparison gives ties to the outer element.
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
    if (explicit < 0 && el.attribs.itemprop === "articleBody" && g >= minProse * 5) explicit = i;
  }
  // The publisher's own `itemprop="articleBody"` beats a wider container that adds rails and
  // tickers around it, as long as it holds real prose.
  if (explicit >= 0 && best >= 0 && explicit !== best && isAncestor(stats, best, explicit) && (good[explicit] ?? 0) >= 0.3 * (good[best] ?? 0)) best = explicit;
  return { best, prose: best >= 0 ? (good[best] ?? 0) : 0, good, junk };
}

function isAncestor(stats: BlockStats, ancestor: number, node: number): boolean {
  for (let i = stats.parent[node] ?? -1; i >= 0; i = stats.parent[i] ?? -1) if (i === ancestor) return true;
  return false;
}

/**
 * Elements that are teaser cards: they hold a headline that is mostly a link (directly or
 * wrapped in one). 1 = card, indexed like `stats.elements`.
 */
const MAX_CARD_TEXT = 500;

function teaserCards(stats: BlockStats): Uint8Array {
  const cards = new Uint8Array(stats.elements.length);
  stats.elements.forEach((el, i) => {
    if (!HEADING_TAGS.has(el.name)) return;
    const text = stats.sumText[i] ?? 0;
    const p = stats.parent[i] ?? -1;
    const linked = text > 0 && (stats.sumLinks[i] ?? 0) / text > 0.5;
    if (!linked || p < 0) return;
    // A card is small: a headline and an excerpt. A linked heading above a whole article body
    // (a newsletter banner, a section title) does not make the body a teaser.
    const isCard = (k: number): boolean => (stats.sumText[k] ?? 0) <= MAX_CARD_TEXT;
    if (isCard(p)) cards[p] = 1;
    const up = stats.elements[p];
    const grand = stats.parent[p] ?? -1;
    if (up?.name === "a" && grand >= 0 && isCard(grand)) cards[grand] = 1;
  });
  return cards;
}
