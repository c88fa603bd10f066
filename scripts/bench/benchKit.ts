// What the HTTP benchmarks share: output, rounding, a free loopback port, the open-loop pacer that
// measures latency as a client arriving on schedule feels it, the closed-loop (saturating) load, and the
// saturated comparison of the product with the bare endpoint in alternating runs of equal duration.
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import autocannon from "autocannon";

export const log = (msg: string) => process.stdout.write(`${msg}\n`);
export const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** One POST: path, headers and body. */
export type Req = { path: string; headers: Record<string, string>; body: string };

/**
 * CPU seconds (user + system, every thread) another process has used so far, from /proc/PID/stat
 * (Linux: utime and stime, fields 14 and 15, in USER_HZ = 100 ticks a second); undefined elsewhere.
 * With the load generator and the server on the same 2 cores, a server's CPU time per request says
 * what it costs regardless of what else the machine is running.
 */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / 100 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds the whole machine has been busy so far (all cores: user, nice, system, irq, softirq,
 * steal from the first line of /proc/stat, in USER_HZ); undefined elsewhere. Over a run, this minus the
 * server's and the load generator's CPU is what other processes took meanwhile.
 */
export function machineBusyCpuSeconds(): number | undefined {
  try {
    const [user, nice, system, , , irq, softirq, steal] = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
    const ticks = [user, nice, system, irq, softirq, steal].reduce<number>((n, x) => n + (x ?? 0), 0);
    return Number.isFinite(ticks) ? ticks / 100 : undefined;
  } catch {
    return undefined;
  }
}

/** This process's CPU seconds so far (user + system). */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export type PacedResult = {
  /** Requests answered. */
  requests: number;
  /** Requests sent. */
  built: number;
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
  statuses: Record<string, number>;
  non2xx: number;
  /** Connection errors. */
  errors: number;
};

/**
 * Open loop: request i is sent at start + i / rate seconds, whatever the answers before it, over a
 * keep-alive agent of up to `connections` sockets; latency is measured from its send to its last byte.
 */
export async function paced(url: string, amount: number, rate: number, connections: number, build: (i: number) => Req): Promise<PacedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const start = performance.now();
  await Promise.all(
    Array.from(
      { length: amount },
      (_, i) =>
        new Promise<void>((resolve) => {
          setTimeout(() => {
            const r = build(i);
            const sent = performance.now();
            const req = http.request(
              `${url}${r.path}`,
              { method: "POST", agent, headers: { ...r.headers, "content-length": String(Buffer.byteLength(r.body)) } },
              (res) => {
                res.resume();
                res.on("end", () => {
                  latencies.push(performance.now() - sent);
                  statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
                  resolve();
                });
              },
            );
            req.on("error", () => {
              errors += 1;
              resolve();
            });
            req.end(r.body);
          }, Math.max(0, start + (i * 1000) / rate - performance.now()));
        }),
    ),
  );
  agent.destroy();
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0, 1);
  return {
    requests: latencies.length,
    built: amount,
    seconds: round(seconds, 3),
    throughput: round(latencies.length / seconds, 1),
    p50: at(0.5),
    p99: at(0.99),
    mean: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length), 1),
    max: round(latencies[latencies.length - 1] ?? 0, 1),
    statuses,
    non2xx: Object.entries(statuses).reduce((n, [s, c]) => (s.startsWith("2") ? n : n + c), 0),
    errors,
  };
}

/** Polls `url` until it answers 2xx (a server process starting, migrating and seeding); fails at once if `child` exits. */
export async function waitReady(url: string, child?: ChildProcess, attempts = 600): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    }
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Sends SIGTERM and waits for the exit (SIGKILL after `ms`). */
export async function stop(child: ChildProcess, ms = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), ms);
  await exited;
  clearTimeout(timer);
}

/** A closed-loop run: the open loop's figures plus timeouts and CPU. `built` counts requests answered, unanswered within the timeout, or cut off in flight at the end; `errors` excludes timeouts. */
export type LoadResult = PacedResult & {
  /** Requests not answered within autocannon's 10 s (the connection is then replaced). */
  timeouts: number;
  /** CPU seconds the server used during the run (every thread; undefined off Linux). */
  serverCpuS?: number;
  /** Server CPU microseconds per answered request. */
  serverCpuUsPerReq?: number;
  /** CPU seconds the load generator (this process) used during the run. */
  clientCpuS?: number;
  /** CPU seconds the rest of the machine (other processes) used during the run: contention. */
  othersCpuS?: number;
};

/**
 * Closed loop (autocannon, in this process): `connections` connections each send the next request as
 * soon as the last is answered, for `duration` seconds or `amount` requests. `build(i)` gives the i-th
 * request sent; with `serverPid`, the server process's CPU time over the run is reported too.
 */
export function load(
  url: string,
  connections: number,
  limit: { duration: number } | { amount: number },
  build: (i: number) => Req,
  serverPid?: number,
): Promise<LoadResult> {
  let next = 0;
  const statuses: Record<string, number> = {};
  const serverCpuBefore = cpuSecondsOf(serverPid);
  const clientCpuBefore = ownCpuSeconds();
  const machineBefore = machineBusyCpuSeconds();
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        ...limit,
        method: "POST",
        requests: [
          {
            setupRequest: (req) => {
              const r = build(next++);
              return { ...req, method: "POST", path: r.path, headers: r.headers, body: r.body };
            },
            onResponse: (status) => {
              statuses[status] = (statuses[status] ?? 0) + 1;
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        const seconds = result.duration;
        const serverCpuAfter = cpuSecondsOf(serverPid);
        const serverCpuS = serverCpuBefore === undefined || serverCpuAfter === undefined ? undefined : round(serverCpuAfter - serverCpuBefore, 2);
        const clientCpuS = round(ownCpuSeconds() - clientCpuBefore, 2);
        const machineAfter = machineBusyCpuSeconds();
        const othersCpuS =
          machineBefore === undefined || machineAfter === undefined || serverCpuS === undefined ? undefined : round(Math.max(0, machineAfter - machineBefore - serverCpuS - clientCpuS), 2);
        resolve({
          requests: result.requests.total,
          built: next,
          seconds: round(seconds, 3),
          throughput: round(result.requests.total / seconds, 1),
          p50: result.latency.p50,
          p99: result.latency.p99,
          mean: round(result.latency.average, 1),
          max: result.latency.max,
          statuses,
          non2xx: result.non2xx,
          errors: result.errors - result.timeouts,
          timeouts: result.timeouts,
          serverCpuS,
          serverCpuUsPerReq: serverCpuS === undefined ? undefined : Math.round((serverCpuS * 1e6) / Math.max(1, result.requests.total)),
          clientCpuS,
          othersCpuS,
        });
      },
    );
  });
}

/** One line of a run's figures, for the log. */
export function describeLoad(r: LoadResult): string {
  return (
    `${r.requests} requests in ${r.seconds} s = ${r.throughput} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms, ` +
    `statuses ${JSON.stringify(r.statuses)}, non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}` +
    (r.serverCpuS === undefined ? "" : `; CPU: server ${r.serverCpuS} s (${r.serverCpuUsPerReq} µs a request), load generator ${r.clientCpuS} s`) +
    (r.othersCpuS === undefined ? "" : `, other processes ${r.othersCpuS} s`)
  );
}

/** Several closed-loop runs against one server taken as one: throughput = all requests ÷ all seconds. */
export type PooledLoad = LoadResult & { rounds: LoadResult[] };

/**
 * Pools runs of equal duration: sums requests, seconds, statuses, errors and CPU; throughput is the
 * total over the total time; p50 is the median of the runs' p50s, p99 and max the worst run's.
 */
export function pooled(runs: LoadResult[]): PooledLoad {
  const sum = (f: (r: LoadResult) => number) => runs.reduce((n, r) => n + f(r), 0);
  const requests = sum((r) => r.requests);
  const seconds = sum((r) => r.seconds);
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [s, n] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
  const p50s = runs.map((r) => r.p50).sort((a, b) => a - b);
  const mid = p50s.length >> 1;
  const p50 = p50s.length % 2 ? (p50s[mid] ?? 0) : ((p50s[mid - 1] ?? 0) + (p50s[mid] ?? 0)) / 2;
  const cpu = runs.every((r) => r.serverCpuS !== undefined) ? round(sum((r) => r.serverCpuS ?? 0), 2) : undefined;
  return {
    requests,
    built: sum((r) => r.built),
    seconds: round(seconds, 3),
    throughput: round(requests / Math.max(1e-9, seconds), 1),
    p50,
    p99: Math.max(...runs.map((r) => r.p99)),
    mean: round(sum((r) => r.mean * r.requests) / Math.max(1, requests), 1),
    max: Math.max(...runs.map((r) => r.max)),
    statuses,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    serverCpuS: cpu,
    serverCpuUsPerReq: cpu === undefined ? undefined : Math.round((cpu * 1e6) / Math.max(1, requests)),
    clientCpuS: round(sum((r) => r.clientCpuS ?? 0), 2),
    othersCpuS: runs.every((r) => r.othersCpuS !== undefined) ? round(sum((r) => r.othersCpuS ?? 0), 2) : undefined,
    rounds: runs,
  };
}

/** The product and its yardstick, measured alternately by `saturatedPair`. */
export type PairResult = {
  product: PooledLoad;
  bare: PooledLoad;
  /** Pooled product throughput ÷ pooled bare throughput. */
  ratio: number;
  /** The same ratio within each round (product run ÷ bare run of that round): how far they drift apart. */
  roundRatios: number[];
  /** Bare server CPU per request ÷ product server CPU per request (pooled): the ratio in CPU cost, which other processes on the machine disturb far less than throughput. */
  cpuRatio?: number;
  /** The order the runs were made in, e.g. "bare product product bare". */
  order: string;
};

/**
 * The saturated comparison: `rounds` rounds, each one closed-loop run of `durationS` seconds against
 * the bare endpoint and one against the product, in ABBA order (bare, product | product, bare | ...),
 * so that a load on the machine that rises or falls steadily over the comparison (another process
 * compiling) weighs on both sides alike, instead of on whichever ran last. `after(side)` runs after
 * every run (e.g. waiting for the product's background work to catch up, outside the measured time).
 */
export async function saturatedPair(opts: {
  rounds: number;
  runBare: () => Promise<LoadResult>;
  runProduct: () => Promise<LoadResult>;
  after?: (side: "bare" | "product", result: LoadResult) => Promise<void> | void;
}): Promise<PairResult> {
  const product: LoadResult[] = [];
  const bare: LoadResult[] = [];
  const order: string[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    const sides: ("bare" | "product")[] = r % 2 === 0 ? ["bare", "product"] : ["product", "bare"];
    for (const side of sides) {
      const result = side === "bare" ? await opts.runBare() : await opts.runProduct();
      (side === "bare" ? bare : product).push(result);
      order.push(side);
      log(`  round ${r + 1}, ${side}: ${describeLoad(result)}`);
      await opts.after?.(side, result);
    }
  }
  const p = pooled(product);
  const b = pooled(bare);
  return {
    product: p,
    bare: b,
    ratio: round(p.throughput / b.throughput, 3),
    roundRatios: product.map((r, i) => round(r.throughput / (bare[i]?.throughput ?? NaN), 3)),
    cpuRatio: p.serverCpuUsPerReq && b.serverCpuUsPerReq ? round(b.serverCpuUsPerReq / p.serverCpuUsPerReq, 3) : undefined,
    order: order.join(" "),
  };
}
