// pnpm bench:stories [--open N] [--decisions N] [--baseline N] [--previous FILE] [--snapshot] [--json]
// Decisions per second of the story model with N open stories (default 100,000), against the
// exhaustive scan (every open story scored) in the same run. Synthetic signatures: each event has
// its own rare entities, words and cross-lingual keys plus common ones drawn from a Zipf-like law.
// --previous FILE: a module exporting another StoryModel (e.g. the one of main, extracted with
// `git archive main packages/stories/src | tar -x -C /tmp/previous`), filled with the same stories
// and fed the same decisions in alternating chunks: its speed, the ratio, and the decisions that differ.
// --snapshot: also the time of each synchronous step of a snapshot as the story stage writes and
// reads it (snapshot(), JSON.stringify, gzip; gunzip, JSON.parse, restore) after the decisions.
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { parseArgs } from "node:util";
import { seededRandom } from "@vigie/fixture-site/seeded-random";
import { type Signature, type StoryDecision, StoryModel, type StoryModelSnapshot } from "../src/index.ts";

const { values: args } = parseArgs({
  options: {
    open: { type: "string", default: "100000" },
    decisions: { type: "string", default: "5000" },
    baseline: { type: "string", default: "10" },
    previous: { type: "string" },
    snapshot: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
  // `pnpm bench:stories -- --open N` passes the `--` through: ignore it rather than fail.
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
});
if (args.help) {
  process.stdout.write(
    "pnpm bench:stories [--open N] [--decisions N] [--baseline N] [--previous FILE] [--snapshot] [--json]\n  decisions/s of the story model (inverted index) vs an exhaustive scan (--baseline decisions, 0: none), N open stories\n  --previous FILE  also another StoryModel module (e.g. main's story-model.ts), interleaved: ratio and decisions that differ\n  --snapshot       also the time of each step of writing and reading a snapshot\n",
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

/** What the bench drives of a story model: another version of it (`--previous`) has the same shape. */
type Model = Pick<StoryModel, "decide" | "start" | "join">;

function fill(model: Model, signatures: Signature[]): void {
  signatures.forEach((signature, i) => model.start(`s${i}`, `fill${i}`, signature));
}

const events = Array.from({ length: open }, (_, i) => event(i));
const workload = Array.from({ length: decisions }, (_, i) => {
  const known = random() < 0.5;
  const e = known ? (events[Math.floor(random() * events.length)] ?? event(open + i)) : event(open + i);
  return { id: `a${i}`, signature: article(e, start + 48 * HOUR + (i / decisions) * HOUR) };
});

interface Run {
  decisions: StoryDecision[];
  cpuSeconds: number;
  wallSeconds: number;
}

/** Feeds `items` to the model (each decision applied); CPU time (user + system) of this process and wall-clock time: the machine is shared. */
function feed(model: Model, items: typeof workload): Run {
  const made: StoryDecision[] = [];
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const { id, signature } of items) {
    const d = model.decide(id, signature, `n-${id}`);
    if (d.kind === "join") model.join(d.storyId, id, signature);
    else model.start(d.storyId, id, signature);
    made.push(d);
  }
  const cpu = process.cpuUsage(cpu0);
  return { decisions: made, cpuSeconds: (cpu.user + cpu.system) / 1e6, wallSeconds: (performance.now() - t0) / 1000 };
}

function measure(model: Model, count: number): { perSecond: number; perWallSecond: number; joined: number } {
  const run = feed(model, workload.slice(0, count));
  return { perSecond: count / run.cpuSeconds, perWallSecond: count / run.wallSeconds, joined: run.decisions.filter((d) => d.kind === "join").length };
}

/**
 * This model and the previous one fed the same decisions in alternating chunks (each first in
 * every other chunk), so that the load of a shared machine falls on both alike.
 */
function compare(model: Model, previous: Model, chunk = 250) {
  const totals = { cpu: 0, wall: 0, previousCpu: 0, previousWall: 0, joined: 0, differ: 0 };
  for (let at = 0, round = 0; at < decisions; at += chunk, round++) {
    const items = workload.slice(at, at + chunk);
    let mine: Run;
    let theirs: Run;
    if (round % 2 === 0) {
      mine = feed(model, items);
      theirs = feed(previous, items);
    } else {
      theirs = feed(previous, items);
      mine = feed(model, items);
    }
    totals.cpu += mine.cpuSeconds;
    totals.wall += mine.wallSeconds;
    totals.previousCpu += theirs.cpuSeconds;
    totals.previousWall += theirs.wallSeconds;
    totals.joined += mine.decisions.filter((d) => d.kind === "join").length;
    totals.differ += mine.decisions.filter((d, i) => JSON.stringify(d) !== JSON.stringify(theirs.decisions[i])).length;
  }
  return {
    fast: { perSecond: decisions / totals.cpu, perWallSecond: decisions / totals.wall, joined: totals.joined },
    previous: { perSecond: decisions / totals.previousCpu, perWallSecond: decisions / totals.previousWall },
    differ: totals.differ,
  };
}
const heapBefore = process.memoryUsage().heapUsed;
// Drawn once (after the workload, as before), so that every model filled holds the same stories.
const filling = events.map((e, i) => article(e, start + (i / events.length) * 48 * HOUR));
const indexed = new StoryModel();
const t0 = performance.now();
fill(indexed, filling);
const fillSeconds = (performance.now() - t0) / 1000;
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
let comparison: ReturnType<typeof compare> | undefined;
if (args.previous) {
  const module = (await import(pathToFileURL(resolve(args.previous)).href)) as { StoryModel: new () => Model };
  const previous = new module.StoryModel();
  fill(previous, filling);
  comparison = compare(indexed, previous);
}
const fast = comparison?.fast ?? measure(indexed, decisions);
/** Milliseconds of each synchronous step the story stage takes to write, then read, a snapshot of the model. */
function timeSnapshot(model: StoryModel) {
  const ms = (t: number) => Math.round(performance.now() - t);
  let t = performance.now();
  const snapshot = model.snapshot();
  const take = ms(t);
  t = performance.now();
  const json = JSON.stringify(snapshot);
  const stringify = ms(t);
  t = performance.now();
  const body = gzipSync(json);
  const gzip = ms(t);
  t = performance.now();
  const text = gunzipSync(body).toString("utf8");
  const gunzip = ms(t);
  t = performance.now();
  const parsed = JSON.parse(text) as StoryModelSnapshot;
  const parse = ms(t);
  t = performance.now();
  StoryModel.restore(parsed);
  const restore = ms(t);
  return { take, stringify, gzip, jsonMb: Math.round(json.length / 2 ** 20), gzipMb: Math.round(body.length / 2 ** 20), gunzip, parse, restore };
}
const snapshotTimes = args.snapshot ? timeSnapshot(indexed) : null;
const baselineCount = Math.min(decisions, Number(args.baseline));
let slow = { perSecond: Number.NaN, perWallSecond: Number.NaN, joined: 0 };
if (baselineCount > 0) {
  const scan = new StoryModel({ exhaustive: true });
  fill(scan, filling);
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
  snapshotMs: snapshotTimes,
  previous: comparison
    ? {
        perSecond: Math.round(comparison.previous.perSecond),
        perWallSecond: Math.round(comparison.previous.perWallSecond),
        ratio: Math.round((fast.perSecond / comparison.previous.perSecond) * 100) / 100,
        decisionsDiffering: comparison.differ,
      }
    : null,
  loadAverage: loadavg().map((x) => Math.round(x * 10) / 10),
};
if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else
  process.stdout.write(
    `${open} open stories: ${result.indexedPerSecond} decisions per CPU second (${result.indexedPerWallSecond} per wall second) with the inverted index (${(result.joinedShare * 100).toFixed(0)} % joined)${
      baselineCount > 0
        ? ` vs ${result.exhaustivePerSecond}/s per CPU second scanning every story (${baselineCount} decisions): ×${result.speedup}`
        : " (exhaustive scan skipped: --baseline 0)"
    }\n${
      result.previous
        ? `previous model (${args.previous}), interleaved: ${result.previous.perSecond} per CPU second (${result.previous.perWallSecond} per wall second): ×${result.previous.ratio}; decisions that differ: ${result.previous.decisionsDiffering} of ${decisions}\n`
        : ""
    }${
      snapshotTimes
        ? `snapshot of ${indexed.openStories} stories, ms: snapshot() ${snapshotTimes.take}, JSON.stringify ${snapshotTimes.stringify} (${snapshotTimes.jsonMb} MB), gzip ${snapshotTimes.gzip} (${snapshotTimes.gzipMb} MB); gunzip ${snapshotTimes.gunzip}, JSON.parse ${snapshotTimes.parse}, restore ${snapshotTimes.restore}\n`
        : ""
    }` + `fill ${result.fillSeconds} s, heap ≈ ${result.heapMbAfterFill} MB; load average ${result.loadAverage.join(" ")}\n`,
  );
