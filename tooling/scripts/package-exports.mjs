#!/usr/bin/env node
// Keeps every workspace package buildable and consumable in two ways (see docs/build.md):
// - in the workspace, the `@vigie/source` export condition resolves `@vigie/*` to the TypeScript
//   sources (tsc via `customConditions`, vitest via `resolve.conditions`, tsx via `--conditions`);
// - everywhere else (the compiled `vigie` bin, the deployable), `types`/`default` point at `dist/`.
//
// `node tooling/scripts/package-exports.mjs --check` (in `pnpm lint`) fails when a package is not
// in that shape; `--write` rewrites it. Idempotent, and it edits only the `exports`, `scripts`
// and `files` values of each package.json, so re-running it after a merge gives a small diff.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const CONDITION = "@vigie/source";
const TSX_FLAG = `--conditions=${CONDITION}`;
const BUILD = "tsc -p tsconfig.build.json";
const BUILD_TSCONFIG = '{ "extends": "@vigie/tsconfig/build.json" }\n';

const mode = process.argv.includes("--write") ? "write" : process.argv.includes("--check") ? "check" : undefined;
if (mode === undefined) {
  process.stderr.write("usage: package-exports.mjs --check | --write\n");
  process.exit(2);
}

/** Workspace package folders, from the globs of pnpm-workspace.yaml (`dir/*` or `dir`). */
function workspaceDirs() {
  const yaml = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const block = yaml.split(/^packages:\s*$/m)[1]?.split(/^\S/m)[0] ?? "";
  const globs = [...block.matchAll(/^\s+-\s+["']?([^"'\s]+)["']?\s*$/gm)].map((m) => m[1]);
  const dirs = [];
  for (const glob of globs) {
    if (glob.endsWith("/*")) {
      const parent = join(root, glob.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const name of readdirSync(parent).sort()) dirs.push(join(parent, name));
    } else dirs.push(join(root, glob));
  }
  return dirs.filter((dir) => existsSync(join(dir, "package.json")));
}

/** `./src/a/b.ts` → `./dist/a/b` (without extension); undefined when not a source path. */
function distBase(target) {
  const m = /^\.\/src\/(.+)\.ts$/.exec(target);
  return m ? `./dist/${m[1]}` : undefined;
}

/** The source path an export entry stands for, whether still a string or already rewritten. */
function sourceOf(entry) {
  if (typeof entry === "string") return entry;
  if (entry !== null && typeof entry === "object" && typeof entry[CONDITION] === "string") return entry[CONDITION];
  return undefined;
}

function rewriteExports(exportsField) {
  const out = {};
  let compiled = false;
  for (const [key, entry] of Object.entries(exportsField)) {
    const source = sourceOf(entry);
    const base = source === undefined ? undefined : distBase(source);
    if (base === undefined) {
      out[key] = entry;
      continue;
    }
    compiled = true;
    out[key] = { [CONDITION]: source, types: `${base}.d.ts`, default: `${base}.js` };
  }
  return { exports: out, compiled };
}

function rewriteScripts(scripts, compiled) {
  const out = {};
  for (const [name, command] of Object.entries(scripts)) {
    // tsx runs the sources: it must pick the `@vigie/source` condition too.
    out[name] = command.replace(/(^|&&\s*|;\s*)tsx (?!--conditions)/g, `$1tsx ${TSX_FLAG} `);
  }
  if (compiled && out.build === undefined) return { build: BUILD, ...out };
  return out;
}

/** Replaces the JSON value of a top-level key in the text, keeping the rest byte for byte. */
function replaceValue(text, key, value) {
  const keyAt = text.indexOf(`\n  "${key}":`);
  const oneLine = JSON.stringify(value)
    .replace(/([{,])"/g, '$1 "')
    .replace(/":/g, '": ')
    .replace(/}/g, " }");
  const rendered = JSON.stringify(value, null, 2).replace(/\n/g, "\n  ");
  if (keyAt === -1) {
    // A new key goes after "type" (every package has one).
    const typeLine = /\n {2}"type": "[^"]*",?/.exec(text);
    if (typeLine === null) throw new Error(`no "type" key to insert "${key}" after`);
    const at = typeLine.index + typeLine[0].length;
    // Expanded, as Biome formats package.json files.
    const entry = `\n  "${key}": ${rendered}`;
    return typeLine[0].endsWith(",") ? `${text.slice(0, at)}${entry},${text.slice(at)}` : `${text.slice(0, at)},${entry}${text.slice(at)}`;
  }
  let i = text.indexOf(":", keyAt + key.length + 4) + 1;
  while (text[i] === " ") i++;
  const start = i;
  let depth = 0;
  let inString = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) break;
    }
  }
  const old = JSON.parse(text.slice(start, i + 1));
  if (JSON.stringify(old) === JSON.stringify(value)) return text;
  // Keep one-line values on one line when they stay short.
  const compact = !text.slice(start, i + 1).includes("\n") && oneLine.length + key.length < 100;
  return text.slice(0, start) + (compact ? oneLine : rendered) + text.slice(i + 1);
}

const problems = [];
for (const dir of workspaceDirs()) {
  const file = join(dir, "package.json");
  const name = relative(root, dir);
  const before = readFileSync(file, "utf8");
  const pkg = JSON.parse(before);
  let text = before;
  let compiled = false;
  if (pkg.exports !== undefined && typeof pkg.exports === "object") {
    const result = rewriteExports(pkg.exports);
    compiled = result.compiled;
    text = replaceValue(text, "exports", result.exports);
  }
  if (name === "services/cli") compiled = true; // the bin runs dist/main.js
  if (pkg.scripts !== undefined) text = replaceValue(text, "scripts", rewriteScripts(pkg.scripts, compiled));
  if (compiled) {
    // The deployable copies only what `files` lists (plus package.json/README): dist and the
    // data folders the code reads at run time, which are kept as they are.
    const files = [...new Set(["dist", ...(pkg.files ?? [])])];
    text = replaceValue(text, "files", files);
    const tsconfig = join(dir, "tsconfig.build.json");
    if (!existsSync(tsconfig)) {
      problems.push(`${name}/tsconfig.build.json missing`);
      if (mode === "write") writeFileSync(tsconfig, BUILD_TSCONFIG);
    }
  }
  JSON.parse(text); // never write a broken file
  if (text !== before) {
    problems.push(`${name}/package.json not in the build shape`);
    if (mode === "write") writeFileSync(file, text);
  }
}

if (problems.length > 0 && mode === "check") {
  process.stderr.write(`${problems.map((p) => `package-exports: ${p}`).join("\n")}\nrun: node tooling/scripts/package-exports.mjs --write\n`);
  process.exit(1);
}
process.stdout.write(mode === "write" ? `package-exports: ${problems.length} change(s) written\n` : "package-exports: ok\n");
