import type { Element, ParentNode } from "domhandler";
import { isElement, SKIP_TAGS, walk } from "../dom.ts";

/** Inline tags: their text belongs to the nearest enclosing block. */
export const INLINE_TAGS = new Set([
  "a",
  "abbr",
  "b",
  "bdi",
  "bdo",
  "big",
  "cite",
  "code",
  "data",
  "del",
  "dfn",
  "em",
  "font",
  "i",
  "ins",
  "kbd",
  "mark",
  "q",
  "s",
  "samp",
  "small",
  "span",
  "strike",
  "strong",
  "sub",
  "sup",
  "time",
  "tt",
  "u",
  "var",
  "wbr",
  "br",
  "img",
  "picture",
  "label",
  "nobr",
]);

export const HEADING_TAGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);

/**
 * Per-element text statistics, computed in two linear passes (no recursion):
 * `own*` are the element's inline text (text not inside a nested block), `sum*` its whole subtree.
 */
export interface BlockStats {
  elements: Element[];
  index: Map<Element, number>;
  parent: Int32Array;
  ownText: Float64Array;
  ownLinks: Float64Array;
  sumText: Float64Array;
  sumLinks: Float64Array;
}

/** Length with whitespace runs counted as one character. */
function visibleLength(text: string): number {
  let n = 0;
  let space = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isSpace = c === 32 || c === 10 || c === 9 || c === 13 || c === 160 || c === 12;
    if (isSpace) {
      if (!space) n++;
      space = true;
    } else {
      n++;
      space = false;
    }
  }
  return space && n > 0 ? n - 1 : n;
}

export function computeBlockStats(root: ParentNode): BlockStats {
  const elements: Element[] = [];
  const index = new Map<Element, number>();
  const parents: number[] = [];
  const textOwner: number[] = [];
  const textLen: number[] = [];
  const textInLink: boolean[] = [];
  walk(root, (node) => {
    if (isElement(node)) {
      if (SKIP_TAGS.has(node.name)) return false;
      const parent = node.parent;
      index.set(node, elements.length);
      parents.push(parent !== null && isElement(parent) ? (index.get(parent) ?? -1) : -1);
      elements.push(node);
      return true;
    }
    if (node.type !== "text") return false;
    const len = visibleLength(node.data);
    if (len === 0) return false;
    let inLink = false;
    let owner = node.parent;
    while (owner !== null && isElement(owner) && INLINE_TAGS.has(owner.name)) {
      if (owner.name === "a") inLink = true;
      owner = owner.parent;
    }
    // Teaser cards wrap whole blocks in one link: <a><h3/><p/></a>.
    for (let up = owner, k = 0; !inLink && up !== null && isElement(up) && k < 4; up = up.parent, k++) if (up.name === "a") inLink = true;
    const ownerIndex = owner !== null && isElement(owner) ? index.get(owner) : undefined;
    if (ownerIndex === undefined) return false;
    textOwner.push(ownerIndex);
    textLen.push(len);
    textInLink.push(inLink);
    return false;
  });
  const n = elements.length;
  const ownText = new Float64Array(n);
  const ownLinks = new Float64Array(n);
  for (let i = 0; i < textOwner.length; i++) {
    const owner = textOwner[i] ?? 0;
    const len = textLen[i] ?? 0;
    ownText[owner] = (ownText[owner] ?? 0) + len;
    if (textInLink[i] === true) ownLinks[owner] = (ownLinks[owner] ?? 0) + len;
  }
  const sumText = Float64Array.from(ownText);
  const sumLinks = Float64Array.from(ownLinks);
  const parent = Int32Array.from(parents);
  // Pre-order puts every parent before its children, so a reverse sweep accumulates bottom-up.
  for (let i = n - 1; i >= 0; i--) {
    const p = parent[i] ?? -1;
    if (p < 0) continue;
    sumText[p] = (sumText[p] ?? 0) + (sumText[i] ?? 0);
    sumLinks[p] = (sumLinks[p] ?? 0) + (sumLinks[i] ?? 0);
  }
  return { elements, index, parent, ownText, ownLinks, sumText, sumLinks };
}
