import { getEncoding } from "encoding-sniffer";

/** Labels TextDecoder refuses (or WHATWG maps to 'replacement') fall back to this. */
const FALLBACK = "windows-1252";

function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const match = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType);
  return match?.[1]?.toLowerCase();
}

function makeDecoder(label: string): { decode(bytes: Uint8Array): string } {
  try {
    return new TextDecoder(label);
  } catch {
    return new TextDecoder(FALLBACK);
  }
}

/** True when the bytes are valid UTF-8 (decoding fails fast on the first bad sequence). */
function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes HTML bytes to a string following the WHATWG order: BOM, then the HTTP charset, then
 * `<meta charset>` / `http-equiv` in the first 1024 bytes. Without any declaration the bytes are
 * sniffed: valid UTF-8 is read as UTF-8, anything else as windows-1252 (what browsers do for
 * Western pages). Invalid sequences become U+FFFD; never throws.
 */
export function decodeHtml(bytes: Uint8Array, contentType?: string): string {
  const transport = charsetFromContentType(contentType);
  let label: string;
  try {
    // Asking twice with different defaults tells "nothing declared" apart from a declaration
    // (the sniffer does not expose which rule decided); each call reads at most 1024 bytes.
    const options = { transportLayerEncodingLabel: transport };
    const a = getEncoding(bytes, { ...options, defaultEncoding: "utf-8" });
    const b = getEncoding(bytes, { ...options, defaultEncoding: FALLBACK });
    label = a === b ? a : isUtf8(bytes) ? "utf-8" : FALLBACK;
  } catch {
    label = isUtf8(bytes) ? "utf-8" : FALLBACK;
  }
  return makeDecoder(label).decode(bytes);
}
