import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram, commandTable, requestedCommand } from "./program.ts";

describe("the lazy command table", () => {
  it("lists each loaded command under its own name, with the first line of its description", async () => {
    for (const entry of commandTable) {
      const command = await entry.load();
      expect(command.name()).toBe(entry.name);
      expect(command.description().split("\n")[0]).toBe(entry.summary);
    }
  });

  it("loads only the requested command; the others are placeholders with the same summary", async () => {
    const program = await buildProgram(["url", "normalize", "https://example.org/"]);
    const url = program.commands.find((c) => c.name() === "url");
    const feeds = program.commands.find((c) => c.name() === "feeds");
    expect(url?.commands.map((c) => c.name())).toContain("normalize");
    expect(feeds?.commands).toEqual([]);
    expect(feeds?.summary()).toBe("manage and inspect feeds");
    expect(program.commands.map((c) => c.name()).sort()).toEqual(commandTable.map((e) => e.name).sort());
  });

  it("finds the command in `vigie <command> …` and in `vigie help <command>`", () => {
    expect(requestedCommand(["feeds", "parse", "x.xml"])).toBe("feeds");
    expect(requestedCommand(["help", "extract"])).toBe("extract");
    expect(requestedCommand(["--help"])).toBe("--help");
    expect(requestedCommand([])).toBeUndefined();
  });
});

describe("vigie feeds parse", () => {
  it("loads the same parse command as the full feeds tree", async () => {
    const light = (await buildProgram(["feeds", "parse", "x.xml"])).commands.find((c) => c.name() === "feeds");
    const full = (await buildProgram()).commands.find((c) => c.name() === "feeds");
    const parse = (c: typeof light) => c?.commands.find((s) => s.name() === "parse");
    expect(parse(light)?.helpInformation()).toBe(parse(full)?.helpInformation());
    expect(light?.commands.map((c) => c.name())).toEqual(["parse"]);
  });
});

describe("every command", () => {
  /** The commands a person runs: those without subcommands (a group only prints its help). */
  function runnable(command: Command, path: string[] = []): { path: string; command: Command }[] {
    return command.commands.flatMap((sub) => {
      const here = [...path, sub.name()];
      return sub.commands.length === 0 ? [{ path: here.join(" "), command: sub }] : runnable(sub, here);
    });
  }

  it("accepts --json and --help", async () => {
    const commands = runnable(await buildProgram());
    expect(commands.map((c) => c.path)).toEqual(expect.arrayContaining(["watches add", "entities train", "feeds parse", "url normalize", "worker"]));
    const withoutJson = commands.filter((c) => !c.command.options.some((o) => o.long === "--json")).map((c) => c.path);
    expect(withoutJson).toEqual([]);
    for (const { path, command } of commands) expect(command.helpInformation(), path).toContain("--help");
  });
});
