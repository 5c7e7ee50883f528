import { load } from "cheerio";
import { classifyPage, readWallSignals } from "./classify-page.ts";
import { computeBlockStats } from "./content/block-stats.ts";
import { prune } from "./content/prune.ts";
import { renderText } from "./content/render-text.ts";
import { revealStreamedChunks } from "./content/reveal-streamed-chunks.ts";
import { DocumentIndex } from "./document-index.ts";
import { selectMain } from "./content/select-main.ts";
import { decodeHtml } from "./decode-html.ts";
import { detectLanguage } from "./detect-language.ts";
import { looksBinary, NON_HTML_TYPE } from "./looks-binary.ts";
import { nestingExceeds } from "./nesting-guard.ts";
import { readMetadata } from "./metadata/read-metadata.ts";
import { reconcileWithJsonLd } from "./reconcile-json-ld.ts";
import { countWords } from "./text-tokens.ts";
import type { ExtractedArticle, ExtractInput, ExtractOptions } from "./types.ts";

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_MAX_DEPTH = 1000;
const MIN_LIVE_DOM_WORDS = 50;
const LIVE_HINT = /live-?blog|liveblog|live-?update|live-?feed|direct-?live|en-?direct|livenews/i;

function failure(error: string): ExtractedArticle {
  return { kind: "error", error, text: "", authors: [], wordCount: 0, isLiveBlog: false };
}

/**
 * Extracts the article of an HTML page: metadata, main text, language and page kind.
 * Synchronous and total: hostile or broken input gives `kind: 'error'`, never an exception.
 */
export function extractArticle(input: ExtractInput, options: ExtractOptions = {}): ExtractedArticle {
  try {
    return extract(input, options);
  } catch (err) {
    return failure(`internal: ${err instanceof Error ? err.name : "unknown"}`);
  }
}

function extract(input: ExtractInput, options: ExtractOptions): ExtractedArticle {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const raw = input.html;
  const size = typeof raw === "string" ? raw.length : raw.byteLength;
  if (size > maxBytes) return failure("too-large");
  if (input.contentType !== undefined && NON_HTML_TYPE.test(input.contentType)) return failure("binary");
  if (looksBinary(raw)) return failure("binary");
  const html = typeof raw === "string" ? raw : decodeHtml(raw, input.contentType);
  if (html.trim() === "") return failure("empty");

  const depthLimit = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  // Unclosed tags make the raw count an overestimate, hence the slack before the exact check.
  if (nestingExceeds(html, 2 * depthLimit)) return failure("too-deep");
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  const document = $.root()[0];
  if (document === undefined) return failure("empty");
  const index = new DocumentIndex(document);
  if (index.maxDepth > depthLimit) return failure("too-deep");

  const meta = readMetadata($, index, input.url);
  const signals = readWallSignals($, index);
  const liveHint = index.withClassOrId.some((el) => LIVE_HINT.test(`${el.attribs.class ?? ""} ${el.attribs.id ?? ""}`));
  const body = index.tag("body")[0] ?? document;
  revealStreamedChunks($, index);
  prune(body);
  const stats = computeBlockStats(body);
  const main = selectMain(stats);
  const container = main.best >= 0 ? stats.elements[main.best] : undefined;
  let text = container === undefined ? "" : renderText(container, stats, { title: meta.title });
  text = reconcileWithJsonLd(text, meta.jsonLd.articleBody);

  const isLiveBlog = meta.jsonLd.isLiveBlog || (liveHint && meta.jsonLd.type === undefined && /live|direct/i.test(`${input.url} ${meta.title ?? ""}`));
  const updates = meta.jsonLd.liveUpdates.join("\n");
  // Structured updates replace a DOM text that shows less of the live blog, but not when they are
  // the whole history of the blog (or of several) behind a page that shows its current posts.
  if (updates.length > 1.2 * text.length && (updates.length < 3 * text.length || countWords(text) < MIN_LIVE_DOM_WORDS)) text = updates;

  let wordCount = countWords(text);
  const kind = classifyPage(meta, signals, wordCount);
  if (kind === "listing") {
    text = "";
    wordCount = 0;
  }
  const language = meta.language ?? detectLanguage(text === "" ? (meta.title ?? "") + " " + (meta.lead ?? "") : text);
  return {
    kind,
    title: meta.title,
    text,
    lead: meta.lead,
    authors: meta.authors,
    publishedAt: meta.publishedAt,
    modifiedAt: meta.modifiedAt,
    language,
    canonicalUrl: meta.canonicalUrl,
    siteName: meta.siteName,
    imageUrl: meta.imageUrl,
    wordCount,
    isLiveBlog,
  };
}
