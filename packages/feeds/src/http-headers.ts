/** `Cache-Control: max-age` in seconds, unless `no-store`/`no-cache` forbid reuse. */
export function maxAgeSeconds(cacheControl: string | null): number | undefined {
  if (!cacheControl) return undefined;
  const directives = cacheControl.toLowerCase();
  if (/\bno-(store|cache)\b/.test(directives)) return undefined;
  const match = /(?:^|[,\s])max-age\s*=\s*"?(\d+)/.exec(directives);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** `Retry-After` (delta-seconds or HTTP date) in seconds from `now`; undefined if absent or unparseable. */
export function retryAfterSeconds(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
