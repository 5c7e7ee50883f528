/** Content types that are never HTML, whatever the body looks like. */
export const NON_HTML_TYPE = /^\s*(image|audio|video|font)\/|^\s*application\/(pdf|zip|gzip|x-gzip|octet-stream|x-tar|x-7z|vnd\.|msword|x-shockwave)/i;

const SAMPLE = 4096;

/**
 * True for bytes (or a string) that are not text: a NUL or many control characters in the first
 * 4 KiB. Catches images, PDFs and archives served as text/html before any parsing cost is paid.
 */
export function looksBinary(input: string | Uint8Array): boolean {
  const n = Math.min(input.length, SAMPLE);
  if (n === 0) return false;
  let control = 0;
  if (typeof input === "string") {
    for (let i = 0; i < n; i++) {
      const c = input.charCodeAt(i);
      if (c === 0) return true;
      if (c < 9 || (c > 13 && c < 32) || c === 0xfffd) control++;
    }
  } else {
    // UTF-16 text starts with a BOM and has NULs by design; leave it to the decoder.
    if ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff)) return false;
    for (let i = 0; i < n; i++) {
      const c = input[i] ?? 0;
      if (c === 0) return true;
      if (c < 9 || (c > 13 && c < 32)) control++;
    }
  }
  return control / n > 0.1;
}
