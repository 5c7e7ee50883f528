import chardet from "chardet";
import iconv from "iconv-lite";

/** Where the charset used to decode a feed came from. */
export type CharsetSource = "bom" | "header" | "prolog" | "utf8-valid" | "sniffed" | "default";

export interface DecodedFeed {
  text: string;
  /** Lower-case charset label actually used, e.g. `utf-8`, `windows-1252`. */
  charset: string;
  source: CharsetSource;
}

// WHATWG Encoding: these labels mean windows-1252 on the web, and C1 bytes in "Latin-1" feeds
// are nearly always Windows-1252 punctuation (curly quotes, dashes, euro sign).
const WINDOWS_1252_ALIASES = new Set([
  "iso-8859-1",
  "iso8859-1",
  "latin1",
  "latin-1",
  "l1",
  "us-ascii",
  "ascii",
  "cp1252",
  "windows-1252",
  "x-cp1252",
  "iso_8859-1",
]);
const UTF8_ALIASES = new Set(["utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8"]);
// Single-byte Western/Central/Cyrillic declarations that are often wrong when the bytes are UTF-8.
const OFTEN_MISLABELLED = /^(windows-125\d|iso-8859-\d+|koi8-[ru])$/;

const utf8Strict = new TextDecoder("utf-8", { fatal: true });
const utf8Lenient = new TextDecoder("utf-8");

/** Normalises a charset label to one iconv-lite knows, or undefined. */
export function normaliseCharset(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const l = label
    .trim()
    .replace(/^["']|["']$/g, "")
    .toLowerCase();
  if (UTF8_ALIASES.has(l)) return "utf-8";
  if (WINDOWS_1252_ALIASES.has(l)) return "windows-1252";
  if (l === "utf-16" || l === "utf-16le" || l === "utf-16be" || l === "utf-32le" || l === "utf-32be") return l;
  if (l === "utf-32") return "utf-32be";
  return iconv.encodingExists(l) ? l : undefined;
}

function charsetFromContentType(contentType: string | undefined): string | undefined {
  const match = contentType ? /charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType) : null;
  return match?.[1];
}

function charsetFromProlog(bytes: Uint8Array): string | undefined {
  // The prolog is ASCII in every ASCII-compatible encoding; latin1 maps bytes 1:1.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 512)).toString("latin1");
  return /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
}

function bomCharset(b: Uint8Array): [string, number] | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return ["utf-8", 3];
  // UTF-32 first: its little-endian BOM starts like UTF-16's.
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0x00 && b[3] === 0x00) return ["utf-32le", 4];
  if (b[0] === 0x00 && b[1] === 0x00 && b[2] === 0xfe && b[3] === 0xff) return ["utf-32be", 4];
  if (b[0] === 0xff && b[1] === 0xfe) return ["utf-16le", 2];
  if (b[0] === 0xfe && b[1] === 0xff) return ["utf-16be", 2];
  return wideWithoutBom(b);
}

/**
 * UTF-16/32 without a BOM (and often without a declaration) is recognised from the zero bytes
 * that ASCII markup (`<`, `<?xml`, leading blanks) leaves in its first code units.
 */
function wideWithoutBom(b: Uint8Array): [string, number] | undefined {
  const n = Math.min(b.byteLength, 32) & ~3;
  if (n < 8) return undefined;
  const zeroAt = (offset: number, step: number): boolean => {
    for (let i = offset; i < n; i += step) if (b[i] !== 0) return false;
    return true;
  };
  const nonZeroAt = (offset: number, step: number): boolean => {
    for (let i = offset; i < n; i += step) if (b[i] === 0) return false;
    return true;
  };
  if (zeroAt(1, 4) && zeroAt(2, 4) && zeroAt(3, 4) && nonZeroAt(0, 4)) return ["utf-32le", 0];
  if (zeroAt(0, 4) && zeroAt(1, 4) && zeroAt(2, 4) && nonZeroAt(3, 4)) return ["utf-32be", 0];
  if (zeroAt(1, 2) && nonZeroAt(0, 2)) return ["utf-16le", 0];
  if (zeroAt(0, 2) && nonZeroAt(1, 2)) return ["utf-16be", 0];
  return undefined;
}

/** The text when the bytes are valid UTF-8 (validated and decoded in one pass), else undefined. */
function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return undefined;
  }
}

function decodeWith(bytes: Uint8Array, charset: string, skip = 0): string {
  const view = skip === 0 ? bytes : bytes.subarray(skip);
  if (charset === "utf-8") return utf8Lenient.decode(view);
  return iconv.decode(Buffer.from(view.buffer, view.byteOffset, view.byteLength), charset);
}

function sniff(bytes: Uint8Array): string {
  // chardet's guesses for Western texts scatter over the ISO-8859 family and its confidences are
  // low (28 for a clear Russian windows-1251 sample): only trust its top guess when it names a
  // script a Western default would garble, otherwise use the web's default.
  // Markup and URLs are ASCII and drown the statistics: analyse the text between tags only.
  const head = bytes.subarray(0, 256 * 1024);
  const textOnly = Buffer.from(
    Buffer.from(head.buffer, head.byteOffset, head.byteLength)
      .toString("latin1")
      .replace(/<[^>]*>/g, " "),
    "latin1",
  );
  const best = chardet.analyse(textOnly)[0];
  const name = normaliseCharset(best?.name);
  if (best && name && best.confidence >= 20 && /^(windows-125[01]|koi8-r|iso-8859-[57]|shift_jis|euc-jp|euc-kr|gb18030|big5|iso-2022-jp)$/.test(name))
    return name;
  return "windows-1252";
}

/**
 * Decodes feed bytes. Order: BOM; then a declared charset (HTTP header first, XML prolog second)
 * unless the bytes are valid non-ASCII UTF-8 and the declaration is a single-byte charset (the
 * most common lie); then valid UTF-8; then content sniffing, defaulting to Windows-1252.
 */
export function decodeFeed(body: Uint8Array | string, contentType?: string): DecodedFeed {
  if (typeof body === "string") return { text: body.replace(/^\uFEFF/, ""), charset: "utf-16", source: "default" };
  const bom = bomCharset(body);
  if (bom) return { text: decodeWith(body, bom[0], bom[1]).replace(/^\uFEFF/, ""), charset: bom[0], source: "bom" };

  const header = normaliseCharset(charsetFromContentType(contentType));
  const prolog = normaliseCharset(charsetFromProlog(body));
  const utf8Text = strictUtf8(body);
  const utf8 = utf8Text !== undefined;
  // ASCII is valid UTF-8 with one char per byte, so this tells whether any byte is >= 0x80.
  const high = !utf8 || utf8Text.length !== body.byteLength;
  const asUtf8 = (): string => utf8Text ?? decodeWith(body, "utf-8");

  for (const [declared, source] of [
    [header, "header"],
    [prolog, "prolog"],
  ] as const) {
    if (!declared) continue;
    // Wide encodings were recognised from the bytes above; a claim of one on narrow bytes is a
    // template's leftover (and decoding ASCII as UTF-16 would produce only CJK garbage).
    if (declared.startsWith("utf-16") || declared.startsWith("utf-32")) continue;
    if (declared === "utf-8") {
      if (utf8) return { text: asUtf8(), charset: "utf-8", source };
      continue; // a UTF-8 claim on invalid bytes: try the other declaration, then sniff
    }
    if (high && utf8 && OFTEN_MISLABELLED.test(declared)) return { text: asUtf8(), charset: "utf-8", source: "utf8-valid" };
    return { text: decodeWith(body, declared), charset: declared, source };
  }
  if (utf8) return { text: asUtf8(), charset: "utf-8", source: high ? "utf8-valid" : "default" };
  const sniffed = sniff(body);
  return { text: decodeWith(body, sniffed), charset: sniffed, source: sniffed === "windows-1252" ? "default" : "sniffed" };
}
