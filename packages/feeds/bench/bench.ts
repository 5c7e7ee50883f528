// Share of the fixture corpus parsed and parsing throughput, vigie's parseFeed against rss-parser
// alone (what `parser.parseURL` does: bytes decoded as UTF-8, default options), same process,
// interleaved rounds. Run: pnpm --filter @vigie/feeds bench
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Parser from "rss-parser";
import { parseFeed } from "../src/index.ts";

interface Doc {
  set: "synthetic" | "real" | "classes";
  name: string;
  bytes: Buffer;
  /** undefined: must be rejected (not a feed). */
  expect?: { title?: string; items?: number; firstTitle?: string };
}

const root = join(import.meta.dirname, "..", "fixtures");
const expected = JSON.parse(readFileSync(join(root, "corpus", "expected.json"), "utf8")) as Record<
  string,
  { title: string; items: number; firstTitle: string } | { error: string } | string
>;
const docs: Doc[] = [];
for (const [name, want] of Object.entries(expected)) {
  if (typeof want === "string") continue;
  docs.push({ set: "synthetic", name, bytes: readFileSync(join(root, "corpus", name)), ...("error" in want ? {} : { expect: want }) });
}
// rss-parser's own real-world test feeds (MIT, see fixtures/real/SOURCE.md): one is an HTML redirect page.
const realExpected = JSON.parse(readFileSync(join(root, "real", "expected.json"), "utf8")) as typeof expected;
for (const [name, want] of Object.entries(realExpected)) {
  if (typeof want === "string") continue;
  docs.push({ set: "real", name, bytes: readFileSync(join(root, "real", name)), ...("error" in want ? {} : { expect: want }) });
}

// One feed per failure class and site (fixtures/classes, written for this project).
const classExpected = JSON.parse(readFileSync(join(root, "classes", "expected.json"), "utf8")) as Record<
  string,
  { title?: string; items: number; firstTitle?: string } | string
>;
for (const [name, want] of Object.entries(classExpected)) {
  if (typeof want === "string") continue;
  docs.push({ set: "classes", name, bytes: readFileSync(join(root, "classes", name)), expect: want });
}

type Outcome = { ok: true; title: unknown; items: number; firstTitle: unknown } | { ok: false };

async function ours(doc: Doc): Promise<Outcome> {
  try {
    const feed = await parseFeed(doc.bytes, { url: `https://bench.example/${doc.name}` });
    return { ok: true, title: feed.title, items: feed.items.length, firstTitle: feed.items[0]?.title };
  } catch {
    return { ok: false };
  }
}

async function baseline(doc: Doc): Promise<Outcome> {
  try {
    const feed = await new Parser().parseString(doc.bytes.toString("utf8"));
    return { ok: true, title: feed.title, items: feed.items.length, firstTitle: feed.items[0]?.title };
  } catch {
    return { ok: false };
  }
}

// Whitespace differences are not held against rss-parser (it does not trim titles).
const same = (got: unknown, want: string | undefined): boolean => want === undefined || (typeof got === "string" && got.replace(/\s+/g, " ").trim() === want);

function correct(doc: Doc, o: Outcome): boolean {
  if (doc.expect === undefined) return !o.ok;
  if (!o.ok) return false;
  const e = doc.expect;
  return same(o.title, e.title) && (e.items === undefined || o.items === e.items) && same(o.firstTitle, e.firstTitle);
}

async function score(name: string, run: (d: Doc) => Promise<Outcome>): Promise<void> {
  for (const set of ["synthetic", "real", "classes"] as const) {
    const feeds = docs.filter((d) => d.set === set && d.expect !== undefined);
    const junk = docs.filter((d) => d.set === set && d.expect === undefined);
    let parsed = 0;
    let right = 0;
    const failed: string[] = [];
    for (const d of feeds) {
      const o = await run(d);
      if (o.ok) parsed += 1;
      if (correct(d, o)) right += 1;
      else failed.push(d.name);
    }
    let rejected = 0;
    for (const d of junk) if (!(await run(d)).ok) rejected += 1;
    const pct = (n: number): string => `${((100 * n) / feeds.length).toFixed(1)}%`;
    console.log(
      `${name.padEnd(11)} ${set.padEnd(9)} parsed ${parsed}/${feeds.length} (${pct(parsed)}), correct ${right}/${feeds.length} (${pct(right)}), non-feeds rejected ${rejected}/${junk.length}` +
        (failed.length > 0 ? `\n${" ".repeat(22)}wrong or lost: ${failed.join(", ")}` : ""),
    );
  }
}

async function throughput(run: (d: Doc) => Promise<Outcome>, set: Doc[]): Promise<number> {
  const started = performance.now();
  for (const d of set) await run(d);
  return set.length / ((performance.now() - started) / 1000);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

await score("vigie", ours);
await score("rss-parser", baseline);

// Throughput over every corpus document (failures included: a throw costs time too).
const rounds = 7;
const mine: number[] = [];
const theirs: number[] = [];
await throughput(ours, docs);
await throughput(baseline, docs);
for (let r = 0; r < rounds; r++) {
  mine.push(await throughput(ours, docs));
  theirs.push(await throughput(baseline, docs));
}
const megabytes = docs.reduce((n, d) => n + d.bytes.byteLength, 0) / 1e6;
const m = median(mine);
const t = median(theirs);
console.log(`throughput over ${docs.length} documents (${megabytes.toFixed(2)} MB), median of ${rounds} interleaved rounds:`);
console.log(`  vigie parseFeed      ${m.toFixed(0)} feeds/s (${((m * megabytes) / docs.length).toFixed(1)} MB/s)`);
console.log(`  rss-parser alone     ${t.toFixed(0)} feeds/s (${((t * megabytes) / docs.length).toFixed(1)} MB/s)`);
console.log(`  ratio vigie / rss-parser = ${(m / t).toFixed(2)}`);

// One huge feed, generated: 5,000 items with HTML descriptions.
const hugeItems = Array.from(
  { length: 5_000 },
  (_, i) =>
    `<item><title>Item ${i} &amp; more</title><link>https://huge.example/a/${i}</link><guid>g-${i}</guid><pubDate>Wed, 25 Nov 2026 10:${String(i % 60).padStart(2, "0")}:00 GMT</pubDate><description><![CDATA[<p>${"word ".repeat(80)}</p>]]></description></item>`,
);
const huge = Buffer.from(
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title><link>https://huge.example/</link>${hugeItems.join("")}</channel></rss>`,
);
const hugeDoc: Doc = { set: "synthetic", name: "huge", bytes: huge, expect: {} };
const hugeMine: number[] = [];
const hugeTheirs: number[] = [];
for (let r = 0; r < 5; r++) {
  let t0 = performance.now();
  await ours(hugeDoc);
  hugeMine.push(performance.now() - t0);
  t0 = performance.now();
  await baseline(hugeDoc);
  hugeTheirs.push(performance.now() - t0);
}
console.log(
  `huge feed (5,000 items, ${(huge.byteLength / 1e6).toFixed(1)} MB), median of 5: vigie ${median(hugeMine).toFixed(0)} ms, rss-parser ${median(hugeTheirs).toFixed(0)} ms, ratio ${(median(hugeMine) / median(hugeTheirs)).toFixed(2)}`,
);
