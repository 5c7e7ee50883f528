/**
 * Rewrites selected elements of an XML string in linear time: `open` must match opening tags
 * (global, capturing the tag name in group 1 and the attributes in group 2, with no unbounded
 * overlapping quantifiers); each element's closing tag is found with `indexOf`. A tag name whose
 * closing tag is missing after some position is not searched again, so a hostile document with
 * thousands of unclosed tags cannot make this quadratic (unlike a lazy `[\s\S]*?</tag>` regex).
 */
export function mapElements(s: string, open: RegExp, rewrite: (tag: string, attrs: string, inner: string) => string | undefined): string {
  const out: string[] = [];
  const noCloseAfter = new Map<string, number>();
  let copied = 0;
  open.lastIndex = 0;
  for (let m = open.exec(s); m !== null; m = open.exec(s)) {
    const tag = m[1] ?? "";
    const attrs = m[2] ?? "";
    const innerStart = m.index + m[0].length;
    if (attrs.trimEnd().endsWith("/")) continue;
    const known = noCloseAfter.get(tag);
    if (known !== undefined && innerStart >= known) continue;
    const close = s.indexOf(`</${tag}>`, innerStart);
    if (close < 0) {
      noCloseAfter.set(tag, innerStart);
      continue;
    }
    const replacement = rewrite(tag, attrs, s.slice(innerStart, close));
    const end = close + tag.length + 3;
    if (replacement !== undefined) {
      out.push(s.slice(copied, m.index), replacement);
      copied = end;
    }
    open.lastIndex = end;
  }
  if (copied === 0) return s;
  out.push(s.slice(copied));
  return out.join("");
}
