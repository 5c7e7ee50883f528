#!/usr/bin/env node
// `pnpm bench:cli`: cold start of the compiled `vigie` (bin/vigie.js → dist/) on small inputs, each
// against `node -e 0` measured in the same rounds. Rounds interleave the commands so a change in
// machine load hits them all alike; the figures are medians of wall-clock time per process.
//   node services/cli/bench/cli-start.bench.mjs [--runs 9] [--json]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { childEnv } from "@vigie/config";

const { values } = parseArgs({ options: { runs: { type: "string", default: "9" }, json: { type: "boolean", default: false } } });
const runs = Number(values.runs);
const root = fileURLToPath(new URL("../../..", import.meta.url));
const bin = join(root, "services/cli/bin/vigie.js");
if (!existsSync(join(root, "services/cli/dist/main.js"))) {
  process.stderr.write("bench:cli: run `pnpm build` first\n");
  process.exit(1);
}

const feedsDir = join(root, "packages/feeds/fixtures/classes");
const feed = join(
  feedsDir,
  readdirSync(feedsDir)
    .filter((f) => f.endsWith(".xml"))
    .sort()[0],
);
const page = join(root, "packages/extract/fixtures/kinds/consent-wall.html");
const tmp = mkdtempSync(join(tmpdir(), "vigie-bench-cli-"));
const sentence = join(tmp, "sentence.jsonl");
writeFileSync(sentence, `${JSON.stringify({ id: "1", text: "Emmanuel Macron est arrivé à Alep avec une délégation de l'ONU." })}\n`);

const cases = [
  { name: "node -e 0", args: ["-e", "0"] },
  { name: "vigie --help", args: [bin, "--help"] },
  { name: "vigie url normalize <url>", args: [bin, "url", "normalize", "https://www.Example.org/a/?utm_source=x&id=2"] },
  { name: "vigie feeds parse <file> --json", args: [bin, "feeds", "parse", feed, "--json"] },
  { name: "vigie extract <page> --json", args: [bin, "extract", page, "--json"] },
  { name: "vigie entities tag <one sentence>", args: [bin, "entities", "tag", sentence] },
  // The path every command took before the build: the TypeScript sources through tsx.
  {
    name: "vigie --help through tsx (sources, before)",
    args: ["--conditions=@vigie/source", "--import", "tsx", join(root, "services/cli/src/main.ts"), "--help"],
    cwd: join(root, "services/cli"),
  },
];

// The compiled code must not resolve to the sources: drop pnpm's NODE_OPTIONS, if any.
const env = childEnv({});
delete env.NODE_OPTIONS;

// CPU time (user + system) of waited-for children, from /proc (Linux; clock ticks of 10 ms): under
// load, wall-clock time mostly measures the wait for a core, CPU time what the command costs.
const childCpuSeconds = () => {
  if (!existsSync("/proc/self/stat")) return Number.NaN;
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100;
};

const samples = new Map(cases.map((c) => [c.name, []]));
const cpu = new Map(cases.map((c) => [c.name, []]));
const loadBefore = loadavg()[0];
for (let round = 0; round < runs; round++) {
  for (const c of cases) {
    const cpuBefore = childCpuSeconds();
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, c.args, { env, cwd: c.cwd ?? tmp, stdio: ["ignore", "ignore", "pipe"] });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0) {
      process.stderr.write(`bench:cli: ${c.name} exited ${result.status}: ${result.stderr}\n`);
      process.exit(1);
    }
    samples.get(c.name).push(seconds);
    cpu.get(c.name).push(childCpuSeconds() - cpuBefore);
  }
}
const loadAfter = loadavg()[0];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const baseline = median(samples.get("node -e 0"));
const rows = cases.map((c) => ({
  command: c.name,
  medianSeconds: Number(median(samples.get(c.name)).toFixed(3)),
  vsNode: Number((median(samples.get(c.name)) / baseline).toFixed(1)),
  medianCpuSeconds: Number(median(cpu.get(c.name)).toFixed(2)),
}));
const report = { runs, node: process.version, loadAverage1m: { before: Number(loadBefore.toFixed(2)), after: Number(loadAfter.toFixed(2)) }, rows };

if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
else {
  process.stdout.write(
    `vigie CLI cold start, median of ${runs} runs (node ${process.version}, load average ${report.loadAverage1m.before} → ${report.loadAverage1m.after})\n\n`,
  );
  process.stdout.write("| command | median wall-clock | × node -e 0 | median CPU (user + sys) |\n|---|---|---|---|\n");
  for (const r of rows) process.stdout.write(`| \`${r.command}\` | ${r.medianSeconds.toFixed(2)} s | ${r.vsNode} | ${r.medianCpuSeconds.toFixed(2)} s |\n`);
}
