/** `Cache-Control: max-age` in seconds, unless `no-store`/`no-cache` forbid reuse. */
export function maxAgeSeconds(cacheControl: string | null): number | undefined {
  if (!cacheControl) return undefined;
  const directives = cacheControl.toLowerCase();
  if (/\bno-(store|cache)\b/.test(directives)) return undefined;
  const match = /(?:^|[,\s])max-age\s*=\s*"?(\d+)/.exec(directives);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
