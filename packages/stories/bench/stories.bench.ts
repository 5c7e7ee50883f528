// pnpm bench:stories [--open N] [--decisions N] [--baseline N] [--json]
// Decisions per second of the story model with N open stories (default 100,000), against the
// exhaustive scan (every open story scored) in the same run. Synthetic signatures: each event has
// its own rare entities, words and cross-lingual keys plus common ones drawn from a Zipf-like law.
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { seededRandom } from "@vigie/fixture-site/seeded-random";
import { StoryModel, type Signature } from "../src/index.ts";

const { values: args } = parseArgs({
  options: {
    open: { type: "string", default: "100000" },
    decisions: { type: "string", default: "5000" },
    baseline: { type: "string", default: "10" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
  // `pnpm bench:stories -- --open N` passes the `--` through: ignore it rather than fail.
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
});
if (args.help) {
  process.stdout.write(
    "pnpm bench:stories [--open N] [--decisions N] [--baseline N] [--json]\n  decisions/s of the story model (inverted index) vs an exhaustive scan (--baseline decisions, 0: none), N open stories\n",
  );
  process.exit(0);
}
const open = Number(args.open);
const decisions = Number(args.decisions);

const random = seededRandom(42);
/** Rank in 1..n with P(k) ∝ 1/k (common features are shared by many events). */
const zipf = (n: number) => Math.max(1, Math.floor(Math.exp(random() * Math.log(n))));
const HOUR = 3_600_000;
const start = Date.UTC(2026, 0, 1);

interface Event {
  features: string[];
  language: string;
}
function event(id: number): Event {
  const language = random() < 0.5 ? "fr" : "en";
  const own = [
    ...Array.from({ length: 4 }, (_, i) => `e:ev${id}-${i}`),
    ...Array.from({ length: 8 }, (_, i) => `t:${language}:w${id}-${i}`),
    ...Array.from({ length: 4 }, (_, i) => `x:n:${id}${i}`),
  ];
  const common = [
    ...Array.from({ length: 4 }, () => `e:Q${zipf(20_000)}`),
    ...Array.from({ length: 8 }, () => `t:${language}:c${zipf(50_000)}`),
    ...Array.from({ length: 4 }, () => `x:c:${zipf(300)}`),
  ];
  return { features: [...own, ...common], language };
}
function article(e: Event, at: number): Signature {
  const features: Record<string, number> = {};
  for (const f of e.features) if (random() < 0.7) features[f] = 1 + Math.round(random() * 1000) / 1000;
  for (let i = 0; i < 6; i++) features[`t:${e.language}:c${zipf(50_000)}`] = 1;
  return { language: e.language, publishedAt: at, features };
}

function fill(model: StoryModel, events: Event[]): void {
  events.forEach((e, i) => model.start(`s${i}`, `fill${i}`, article(e, start + (i / events.length) * 48 * HOUR)));
}

const events = Array.from({ length: open }, (_, i) => event(i));
const workload = Array.from({ length: decisions }, (_, i) => {
  const known = random() < 0.5;
  const e = known ? (events[Math.floor(random() * events.length)] ?? event(open + i)) : event(open + i);
  return { id: `a${i}`, signature: article(e, start + 48 * HOUR + (i / decisions) * HOUR) };
});

/** Decisions per second of CPU time (user + system) of this process, and per wall-clock second: the machine is shared. */
function measure(model: StoryModel, count: number): { perSecond: number; perWallSecond: number; joined: number } {
  let joined = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const { id, signature } of workload.slice(0, count)) {
    const d = model.decide(id, signature, `n-${id}`);
    if (d.kind === "join") {
      joined++;
      model.join(d.storyId, id, signature);
    } else model.start(d.storyId, id, signature);
  }
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: count / ((cpu.user + cpu.system) / 1e6), perWallSecond: count / ((performance.now() - t0) / 1000), joined };
}

const heapBefore = process.memoryUsage().heapUsed;
const indexed = new StoryModel();
const t0 = performance.now();
fill(indexed, events);
const fillSeconds = (performance.now() - t0) / 1000;
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
const fast = measure(indexed, decisions);
const baselineCount = Math.min(decisions, Number(args.baseline));
let slow = { perSecond: Number.NaN, perWallSecond: Number.NaN, joined: 0 };
if (baselineCount > 0) {
  const scan = new StoryModel({ exhaustive: true });
  fill(scan, events);
  slow = measure(scan, baselineCount);
}
const result = {
  openStories: open,
  decisions,
  indexedPerSecond: Math.round(fast.perSecond),
  indexedPerWallSecond: Math.round(fast.perWallSecond),
  joinedShare: fast.joined / decisions,
  exhaustivePerSecond: baselineCount > 0 ? Math.round(slow.perSecond * 10) / 10 : null,
  exhaustiveDecisions: baselineCount,
  speedup: baselineCount > 0 ? Math.round(fast.perSecond / slow.perSecond) : null,
  fillSeconds: Math.round(fillSeconds * 10) / 10,
  heapMbAfterFill: Math.round(heapMb),
  loadAverage: loadavg().map((x) => Math.round(x * 10) / 10),
};
if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else
  process.stdout.write(
    `${open} open stories: ${result.indexedPerSecond} decisions per CPU second (${result.indexedPerWallSecond} per wall second) with the inverted index (${(result.joinedShare * 100).toFixed(0)} % joined)${
      baselineCount > 0
        ? ` vs ${result.exhaustivePerSecond}/s per CPU second scanning every story (${baselineCount} decisions): ×${result.speedup}`
        : " (exhaustive scan skipped: --baseline 0)"
    }\n` + `fill ${result.fillSeconds} s, heap ≈ ${result.heapMbAfterFill} MB; load average ${result.loadAverage.join(" ")}\n`,
  );
