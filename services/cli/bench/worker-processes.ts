// `vigie worker <stage>` processes for bench:pipeline --workers N: N per stage, each its own Node
// process on the bench's database, Redis prefix and fixture site, as a scaled-out deployment runs.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type PipelineQueues, stageNames } from "@vigie/queue";
import { processCpuMs } from "./cost-model.ts";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));

export interface WorkerProcesses {
  /** CPU ms the processes spent since `ready` resolved. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Starts the processes and resolves once every stage's queue sees its N workers. */
export async function startWorkerProcesses(n: number, env: Record<string, string>, queues: PipelineQueues, concurrency: number): Promise<WorkerProcesses> {
  const children: ChildProcess[] = [];
  for (const stage of stageNames) {
    for (let i = 0; i < n; i++) {
      const child = spawn(
        process.execPath,
        ["--conditions=@vigie/source", "--import", "tsx", MAIN, "worker", stage, "--concurrency", String(concurrency), "--json"],
        {
          // Only the bench's settings: the workers must not pick up a developer's own .env values.
          env,
          stdio: ["ignore", "ignore", "inherit"],
        },
      );
      children.push(child);
    }
  }
  const cpu = () => children.reduce((s, c) => s + (c.pid === undefined || c.exitCode !== null ? 0 : processCpuMs(c.pid)), 0);
  for (;;) {
    const counts = await Promise.all(stageNames.map((s) => queues.byStage[s].getWorkersCount()));
    if (counts.every((c) => c >= n)) break;
    if (children.some((c) => c.exitCode !== null)) throw new Error("a worker process exited during start-up");
    await new Promise((r) => setTimeout(r, 500));
  }
  // Start-up (tsx compiling the sources) is not the pipeline's work.
  const startCpu = cpu();
  let lastCpu = startCpu;
  return {
    cpuMs: () => {
      lastCpu = cpu();
      return lastCpu - startCpu;
    },
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null) return resolve();
              c.once("exit", () => resolve());
              c.kill("SIGTERM");
            }),
        ),
      );
    },
  };
}
