import type { ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Running, and not a zombie (an exited child nobody reaped yet: the event loop may be stopped). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    // No /proc entry: gone (or no /proc at all, then ask the kernel).
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sleeps without the event loop, for the synchronous `exit` path. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Owns what a long test run starts (child processes, a Postgres by its pid file, temp folders)
 * and takes it all down however the run ends: normal exit, thrown error, unhandled rejection,
 * SIGINT/SIGTERM/SIGHUP. The teardown is synchronous, so it also works from `process.on('exit')`,
 * where no promise can be awaited. (A SIGKILL of the runner itself cannot be caught.)
 */
export class ProcessJanitor {
  readonly #children = new Set<ChildProcess>();
  readonly #pidFiles = new Set<string>();
  readonly #dirs = new Set<string>();
  readonly #log: (msg: string) => void;
  #stopping = false;

  constructor(log: (msg: string) => void = () => {}) {
    this.#log = log;
  }

  /** True once a teardown started: spawn nothing more. */
  get stopping(): boolean {
    return this.#stopping;
  }

  /** A child to kill (SIGKILL) at teardown if it still runs. */
  track<T extends ChildProcess>(child: T): T {
    this.#children.add(child);
    child.once("exit", () => this.#children.delete(child));
    return child;
  }

  /** A server known by its pid file (Postgres' `postmaster.pid`): SIGQUIT, then SIGKILL. */
  trackPidFile(path: string): void {
    this.#pidFiles.add(path);
  }

  /** A folder removed at teardown, after the processes are gone. */
  trackDir(path: string): void {
    this.#dirs.add(path);
  }

  /** Installs the handlers: signals and crashes tear down and exit non-zero. */
  install(): void {
    process.on("exit", () => this.teardown());
    for (const signal of SIGNALS) {
      process.on(signal, () => {
        this.#log(`${signal}: stopping every child process`);
        this.teardown();
        process.exit(signal === "SIGINT" ? 130 : 143);
      });
    }
    const crash = (err: unknown) => {
      this.#log(`crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      this.teardown();
      process.exit(2);
    };
    process.on("uncaughtException", crash);
    process.on("unhandledRejection", crash);
  }

  /** Kills every tracked process, waits (≤ 5 s) for them to be gone, removes the folders. Idempotent. */
  teardown(): void {
    this.#stopping = true;
    const pids: number[] = [];
    for (const child of this.#children) {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        pids.push(child.pid);
        try {
          child.kill("SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    this.#children.clear();
    for (const file of this.#pidFiles) {
      const pid = Number(readPidFile(file));
      if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) continue;
      pids.push(pid);
      // SIGQUIT: immediate shutdown, the postmaster takes its backends down with it.
      process.kill(pid, "SIGQUIT");
    }
    const deadline = Date.now() + 5000;
    while (pids.some(alive) && Date.now() < deadline) sleepSync(50);
    for (const pid of pids.filter(alive)) process.kill(pid, "SIGKILL");
    for (const dir of this.#dirs) rmSync(dir, { recursive: true, force: true });
    this.#dirs.clear();
    this.#pidFiles.clear();
  }
}

function readPidFile(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8").split("\n")[0]?.trim();
  } catch {
    return undefined;
  }
}
