/**
 * For bench/save-path.ts (BENCH_WORKERS > 1): runs `next start` in N worker processes that share
 * one port through Node's `cluster` module, the way several app instances sit behind one load
 * balancer. One load generator then measures them together, with exact latency percentiles.
 *
 *   node bench/lib/next-cluster.mjs <workers> start -p <port> -H <host>
 *
 * Not part of the app: `npm start` runs one process; deployments scale out with more instances.
 */
import cluster from "node:cluster";
import path from "node:path";

const [count, ...args] = process.argv.slice(2);
const workers = Number(count);
if (!Number.isInteger(workers) || workers < 1) {
  console.error("next-cluster: the first argument is the number of workers");
  process.exit(2);
}
cluster.setupPrimary({ exec: path.resolve("node_modules/next/dist/bin/next"), args, execArgv: process.execArgv });
for (let i = 0; i < workers; i++) cluster.fork();
let stopping = false;
cluster.on("exit", (worker, code) => {
  if (!stopping) console.error(`next-cluster: worker ${worker.process.pid} exited (${code}) before the bench stopped it`);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill(signal);
    setTimeout(() => process.exit(0), 2000).unref();
    cluster.on("exit", () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  });
}
