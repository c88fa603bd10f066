// What the HTTP benchmarks share: output, rounding, a free loopback port, and the open-loop pacer that
// measures latency as a client arriving on schedule feels it.
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";

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
