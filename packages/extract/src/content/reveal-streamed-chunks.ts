import type { CheerioAPI } from "cheerio";
import type { DocumentIndex } from "../document-index.ts";

// More chunks than this is not a page a framework streamed; leave it alone.
const MAX_CHUNKS = 500;
const SWAP_CALL = /\$R[CX]?\(\s*["'](B:[\w-]+)["']\s*,\s*["'](S:[\w-]+)["']/g;

/**
 * React/Next.js streaming renders late content into `<div hidden id="S:n">` at the end of the
 * body and moves it into its `<template id="B:n">` placeholder with a script (`$RC("B:n","S:n")`).
 * Without JavaScript the article body stays hidden (and pruned as hidden); do the move here.
 */
export function revealStreamedChunks($: CheerioAPI, index: DocumentIndex): void {
  // The selector `div[hidden][id^="S:"]`, from the index (read before anything moved).
  const chunks = $(index.tag("div").filter((el) => el.attribs.hidden !== undefined && el.attribs.id?.startsWith("S:") === true));
  if (chunks.length === 0 || chunks.length > MAX_CHUNKS) return;
  const placeholderOf = new Map<string, string>();
  for (const el of index.tag("script")) {
    const code = $(el).text();
    if (!code.includes("$R")) continue;
    for (const m of code.matchAll(SWAP_CALL)) if (m[1] !== undefined && m[2] !== undefined) placeholderOf.set(m[2], m[1]);
  }
  chunks.each((_i, el) => {
    const id = el.attribs.id ?? "";
    const target = placeholderOf.get(id) ?? `B:${id.slice(2)}`;
    const placeholder = $("template").filter((_j, t) => t.attribs.id === target);
    const chunk = $(el);
    if (placeholder.length > 0) {
      placeholder.first().replaceWith(chunk.contents());
      chunk.remove();
    } else {
      chunk.removeAttr("hidden");
    }
  });
}
