import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback server that must never be contacted: it records every request it gets. */
export interface Canary {
  /** `http://127.0.0.1:<port>`; the same port also listens on [::1] when IPv6 is there. */
  base: string;
  port: number;
  /** Paths requested, in order (empty when nothing reached it). */
  hits: string[];
  close(): Promise<void>;
}

export async function startCanary(): Promise<Canary> {
  const hits: string[] = [];
  const handler = (req: { url?: string }, res: { writeHead(s: number): unknown; end(b: string): void }) => {
    hits.push(req.url ?? "/");
    res.writeHead(200);
    res.end("root:x:0:0:canary secret");
  };
  const servers: Server[] = [createServer(handler)];
  const v4 = servers[0] as Server;
  await new Promise<void>((r) => v4.listen(0, "127.0.0.1", r));
  const { port } = v4.address() as AddressInfo;
  const v6 = createServer(handler);
  await new Promise<void>((r) => {
    v6.once("error", () => r()); // no IPv6 loopback here: the [::1] target is refused all the same
    v6.listen(port, "::1", () => {
      servers.push(v6);
      r();
    });
  });
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    hits,
    async close() {
      for (const s of servers) s.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    },
  };
}
