/** Least-squares slope of `y` over `x` (0 when fewer than two distinct x). */
export function slope(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length);
  if (n < 2) return 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i] ?? 0;
    sy += y[i] ?? 0;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] ?? 0) - mx;
    num += dx * ((y[i] ?? 0) - my);
    den += dx * dx;
  }
  return den === 0 ? 0 : num / den;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? 0 : sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** A metric's bound: the growth allowed over the analysed window, absolute or relative to its median. */
export interface GrowthBound {
  /** Allowed growth in the metric's unit, whatever its level. */
  absolute: number;
  /** Allowed growth as a fraction of the metric's median over the window. */
  relative: number;
}

export interface GrowthVerdict {
  median: number;
  /** Regression slope, per minute. */
  perMinute: number;
  /** Slope × window length: how much the trend grew over the analysed window. */
  growth: number;
  allowed: number;
  ok: boolean;
}

/**
 * Judges one metric on the samples after warm-up: the least-squares trend over the window,
 * projected over the window's length, must stay within max(absolute, relative × median).
 * A trend is used rather than last − first so that GC saw-teeth and single spikes do not count.
 */
export function judgeGrowth(minutes: readonly number[], values: readonly number[], bound: GrowthBound): GrowthVerdict {
  const perMinute = slope(minutes, values);
  const span = (minutes.at(-1) ?? 0) - (minutes[0] ?? 0);
  const m = median(values);
  const growth = perMinute * span;
  const allowed = Math.max(bound.absolute, bound.relative * Math.abs(m));
  return { median: m, perMinute, growth, allowed, ok: growth <= allowed };
}
