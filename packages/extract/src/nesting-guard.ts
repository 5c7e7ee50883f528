/** Void elements and elements whose end tag HTML lets authors omit: they do not nest. */
const NON_NESTING = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen", "p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp", "html", "head", "body", "!doctype"]);

const TAG = /<(\/?)([a-zA-Z][\w:-]*|!doctype)[^>]*?(\/?)>/g;

/**
 * Cheap upper bound of the element nesting of raw HTML, computed before parsing: htmlparser2's
 * cost grows with the square of the depth (100k nested divs take seconds), so hostile nesting
 * must be refused before the parser sees it. Stops counting once `limit` is passed.
 */
export function nestingExceeds(html: string, limit: number): boolean {
  let depth = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m !== null; m = TAG.exec(html)) {
    const name = (m[2] ?? "").toLowerCase();
    if (NON_NESTING.has(name) || m[3] === "/") continue;
    if (m[1] === "/") {
      if (depth > 0) depth--;
    } else if (++depth > limit) {
      return true;
    }
  }
  return false;
}
