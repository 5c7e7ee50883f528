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
  for (let i = 0; i < n; i++) {
    const len = stats.ownText[i] ?? 0;
    if (len === 0) continue;
    const links = stats.ownLinks[i] ?? 0;
    const el = stats.elements[i];
    if (el === undefined) continue;
    if (HEADING_TAGS.has(el.name)) {
      junk[i] = links;
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
  }
  return { best, prose: best >= 0 ? (good[best] ?? 0) : 0, good, junk };
}
