/**
 * Gateway throughput and latency on loopback.
 *
 * Starts the core-banking simulator in its own process (as in production: a separate core),
 * then drives the HTTP and the TCP adapters, each through the full GatewayClient (validation,
 * breaker, transaction log, metrics), with N concurrent callers for a fixed time. The mix is
 * what an IVR mostly asks: 80% balance, 20% recent transactions (5 entries).
 *
 *   node --import=tsx bench/gateway.ts [--duration-ms 5000] [--concurrency 16] [--in-process]
 *
 * Only successful requests count in tps and latency: a failed one (breaker open, timeout,
 * connection error) is often faster than a real answer and would flatter both. Failures in the
 * measured stretch are counted, by error code, and printed.
 *
 * The last line is exactly: gateway: tps=<N> p99_ms=<P> errors=<E> adapter=tcp
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startCoreSim } from '../src/coresim/core-sim.js';
import { createHttpCoreBanking, createTcpCoreBanking } from '../src/gateway/create-core-banking.js';
import type { GatewayClient } from '../src/gateway/gateway-client.js';

const { values } = parseArgs({
  options: {
    'duration-ms': { type: 'string', default: '5000' },
    'warmup-ms': { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '16' },
    'in-process': { type: 'boolean', default: false },
  },
});
const durationMs = Number(values['duration-ms']);
const warmupMs = Number(values['warmup-ms']);
const concurrency = Number(values.concurrency);

interface Ports {
  host: string;
  httpPort: number;
  tcpPort: number;
  close(): Promise<void>;
}

async function startSimulator(): Promise<Ports> {
  if (values['in-process']) {
    const sim = await startCoreSim({ encoding: 'gb18030' });
    return { host: sim.host, httpPort: sim.httpPort, tcpPort: sim.tcpPort, close: () => sim.close() };
  }
  const entry = fileURLToPath(new URL('../src/coresim/core-sim.ts', import.meta.url));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import=tsx', '-e', `import(${JSON.stringify(entry)}).then((m) => m.runCoreSim(process.argv.slice(1)))`, '--', '--http-port', '0', '--tcp-port', '0', '--admin-port', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve(out.slice(0, newline));
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const ready = JSON.parse(line) as { host: string; httpPort: number; tcpPort: number };
  return {
    ...ready,
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

interface DriveResult {
  tps: number;
  p99: number;
  p50: number;
  errors: number;
  /** Failed requests by error code, in the measured stretch. */
  errorCodes: Map<string, number>;
}

async function drive(gw: GatewayClient): Promise<DriveResult> {
  const card = '6222020000000004';
  const verified = await gw.verifyCard({ cardNumber: card, pin: '444444' });
  if (!verified.ok) throw new Error(`verify failed: ${verified.code}`);
  const session = verified.session;
  let measuring = false;
  let stop = false;
  const latencies: number[] = [];
  const errorCodes = new Map<string, number>();
  let counter = 0;
  const failed = (code: string, counted: boolean) => {
    if (counted) errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1);
  };

  const worker = async () => {
    while (!stop) {
      // A request counts in the stretch it started in.
      const counted = measuring;
      const started = performance.now();
      try {
        const result = counter++ % 5 === 4
          ? await gw.recentTransactions({ session, account: card, count: 5 })
          : await gw.balance({ session, account: card });
        if (result.ok) {
          if (counted && measuring) latencies.push(performance.now() - started);
        } else {
          failed(result.code, counted);
        }
      } catch (err) {
        failed((err as { code?: string }).code ?? 'THROWN', counted);
      }
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  await new Promise((resolve) => setTimeout(resolve, warmupMs));
  measuring = true;
  const begin = performance.now();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  measuring = false;
  const elapsed = performance.now() - begin;
  stop = true;
  await Promise.all(workers);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  const errors = [...errorCodes.values()].reduce((a, b) => a + b, 0);
  return { tps: Math.round((latencies.length / elapsed) * 1000), p99: at(0.99), p50: at(0.5), errors, errorCodes };
}

const sim = await startSimulator();
try {
  const results: string[] = [];
  for (const adapter of ['http', 'tcp'] as const) {
    const gw =
      adapter === 'tcp'
        ? createTcpCoreBanking({ host: sim.host, port: sim.tcpPort, encoding: 'gb18030', minConnections: 4, maxConnections: 4, maxInFlightPerConnection: 64 })
        : createHttpCoreBanking({ host: sim.host, port: sim.httpPort, maxSockets: concurrency });
    const r = await drive(gw);
    await gw.close();
    const codes = [...r.errorCodes].map(([code, n]) => `${code}=${n}`).join(',');
    process.stdout.write(`gateway-detail: adapter=${adapter} p50_ms=${r.p50.toFixed(2)} errors=${r.errors}${codes ? ` (${codes})` : ''} concurrency=${concurrency} duration_ms=${durationMs}\n`);
    results.push(`gateway: tps=${r.tps} p99_ms=${r.p99.toFixed(2)} errors=${r.errors} adapter=${adapter}`);
  }
  for (const line of results) process.stdout.write(`${line}\n`);
} finally {
  await sim.close();
}
