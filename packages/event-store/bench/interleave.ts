import { cpuPerEvent, type CpuSample } from "./cpu-usage.ts";

export interface Side {
  label: string;
  run: () => Promise<void>;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface InterleavedResult {
  baseline: Spread;
  candidate: Spread;
  /** candidate / baseline, computed per round (both sides measured close in time), then summarised. */
  ratio: Spread;
  /** Median CPU microseconds per event over the rounds. */
  cpu: { baseline: CpuSample; candidate: CpuSample };
}

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}

const medianOf = (values: (number | null)[]): number | null => (values.some((v) => v === null) ? null : spread(values as number[]).median);

/**
 * Runs baseline and candidate alternately for `rounds` rounds, swapping which goes first each
 * round (AB, BA, AB…) so that drift in the machine's load hits both sides alike, and returns the
 * per-round rates summarised as median and range.
 */
export async function interleaved(
  rounds: number,
  events: number,
  baseline: Side,
  candidate: Side,
  sample: () => Promise<CpuSample>,
  log: (msg: string) => void,
): Promise<InterleavedResult> {
  const measure = async (side: Side) => {
    const before = await sample();
    const start = performance.now();
    await side.run();
    const seconds = (performance.now() - start) / 1000;
    return { rate: events / seconds, cpu: cpuPerEvent(before, await sample(), events) };
  };
  const base: { rate: number; cpu: CpuSample }[] = [];
  const cand: { rate: number; cpu: CpuSample }[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      base.push(await measure(baseline));
      cand.push(await measure(candidate));
    } else {
      cand.push(await measure(candidate));
      base.push(await measure(baseline));
    }
    const b = base[r];
    const c = cand[r];
    if (b && c)
      log(`  round ${r + 1}/${rounds}: ${baseline.label} ${fmt(b.rate)}/s, ${candidate.label} ${fmt(c.rate)}/s, ratio ${(c.rate / b.rate).toFixed(2)}`);
  }
  const ratio = spread(base.map((b, i) => (cand[i]?.rate ?? 0) / b.rate));
  const cpu = (side: { cpu: CpuSample }[]): CpuSample => ({
    node: medianOf(side.map((s) => s.cpu.node)) ?? 0,
    server: medianOf(side.map((s) => s.cpu.server)),
  });
  const result = {
    baseline: spread(base.map((b) => b.rate)),
    candidate: spread(cand.map((c) => c.rate)),
    ratio,
    cpu: { baseline: cpu(base), candidate: cpu(cand) },
  };
  log(
    `  median ${baseline.label} ${fmt(result.baseline.median)}/s, ${candidate.label} ${fmt(result.candidate.median)}/s; ` +
      `ratio median ${ratio.median.toFixed(2)} (range ${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}); ` +
      `CPU µs/event node+server ${cpuText(result.cpu.baseline)} vs ${cpuText(result.cpu.candidate)}`,
  );
  return result;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en");
const cpuText = (c: CpuSample) => `${c.node.toFixed(0)}+${c.server === null ? "?" : c.server.toFixed(0)}`;
