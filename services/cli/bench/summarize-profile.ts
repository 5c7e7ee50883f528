// tsx bench/summarize-profile.ts <file.cpuprofile> [top] — self time by function and by package of a
// `node --cpu-prof` profile (what docs/performance.md quotes), and the folded stacks
// (`<file>.folded`, one `frame;frame;… samples` line per stack) that flame-graph viewers read.
import { readFileSync, writeFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error("usage: summarize-profile <file.cpuprofile> [top]");
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

/** The package a frame belongs to: `@vigie/x` for workspace code, the npm name, or node/(program). */
function packageOf(url: string): string {
  if (!url) return "(native/idle)";
  if (url.startsWith("node:")) return "node";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1] ?? ""}` : (rest[0] ?? "?");
  }
  const ws = /\/(packages|services)\/([^/]+)\//.exec(url);
  return ws ? `@vigie/${ws[2] ?? ""}` : url;
}
const label = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"} ${packageOf(n.callFrame.url)}`;

const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
const folded = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  if (!node) continue;
  byFunction.set(label(node), (byFunction.get(label(node)) ?? 0) + us);
  const pkg = packageOf(node.callFrame.url);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  const stack: string[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const n = byId.get(at);
    if (n) stack.unshift(label(n).replace(/;/g, ","));
  }
  const key = stack.join(";");
  folded.set(key, (folded.get(key) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / total).toFixed(1)} %`;
const show = (title: string, m: Map<string, number>) => {
  process.stdout.write(`${title}\n`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${pct(us).padStart(7)}  ${k}\n`);
};
show(`self time by package (${(total / 1e6).toFixed(1)} s sampled)`, byPackage);
show("self time by function", byFunction);
writeFileSync(`${file}.folded`, [...folded].map(([k, us]) => `${k} ${Math.round(us / 1000)}`).join("\n"));
