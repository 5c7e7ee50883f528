// Preloaded into the soaked `vigie start` process (`node --import tsx --import <this> …`):
// answers the soak runner's "usage" messages over the IPC channel with what only the process
// itself can see. It changes nothing else, and does not keep the process alive.
process.on("message", (message) => {
  if (message !== "usage") return;
  const memory = process.memoryUsage();
  process.send?.({ rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, handles: process.getActiveResourcesInfo().length });
});
process.channel?.unref();
