/**
 * The core-banking simulator in its own process, as a bank's core is: the soak and the chaos
 * run can stop it (kill), start it again on the same ports, and set its faults through its
 * admin port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface CoreSimPorts {
  host: string;
  httpPort: number;
  tcpPort: number;
  adminPort: number;
}

export interface CoreSimProcess extends CoreSimPorts {
  readonly pid: number | undefined;
  /** Whether the process is running. */
  readonly running: boolean;
  /** Sets faults on the admin port (`{ latencyMs }`, `{ down: 'refuse' }`, ...). */
  setFaults(faults: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  /** Stops the process: SIGKILL by default (a crash), SIGTERM for a clean stop. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same ports. */
  start(): Promise<void>;
}

const entry = fileURLToPath(new URL('../../src/coresim/core-sim.ts', import.meta.url));

function launch(ports: { httpPort: number; tcpPort: number; adminPort: number }, today: string | undefined): Promise<{ child: ChildProcess; ready: CoreSimPorts }> {
  const args = ['--http-port', String(ports.httpPort), '--tcp-port', String(ports.tcpPort), '--admin-port', String(ports.adminPort), '--parent-pid', String(process.pid)];
  if (today) args.push('--today', today);
  const child = spawn(process.execPath, ['--import=tsx', '-e', `import(${JSON.stringify(entry)}).then((m) => m.runCoreSim(process.argv.slice(1)))`, '--', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      // Keep reading so the pipe never fills.
      child.stdout!.resume();
      resolve({ child, ready: JSON.parse(out.slice(0, newline)) as CoreSimPorts });
    };
    const onExit = (code: number | null) => reject(new Error(`the core-banking simulator exited (code ${code}) before listening`));
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Starts the simulator on free ports (or the given ones). */
export async function startCoreSimProcess(options: { today?: string; ports?: Partial<CoreSimPorts> } = {}): Promise<CoreSimProcess> {
  let { child, ready } = await launch({ httpPort: options.ports?.httpPort ?? 0, tcpPort: options.ports?.tcpPort ?? 0, adminPort: options.ports?.adminPort ?? 0 }, options.today);
  let running = true;
  const watch = (c: ChildProcess) => c.once('exit', () => {
    if (c === child) running = false;
  });
  watch(child);
  const admin = async (method: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${ready.adminPort}/faults`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`core-sim admin ${method} /faults: ${res.status} ${await res.text()}`);
  };
  return {
    get host() { return ready.host; },
    get httpPort() { return ready.httpPort; },
    get tcpPort() { return ready.tcpPort; },
    get adminPort() { return ready.adminPort; },
    get pid() { return child.pid; },
    get running() { return running; },
    setFaults: (faults) => admin('PUT', faults),
    clearFaults: () => admin('DELETE'),
    async stop(signal: NodeJS.Signals = 'SIGKILL') {
      if (!running) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
    async start() {
      if (running) return;
      // The ports of a killed process can take a moment to be free again.
      for (let attempt = 0; ; attempt++) {
        try {
          ({ child, ready } = await launch(ready, options.today));
          break;
        } catch (err) {
          if (attempt >= 20) throw err;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      running = true;
      watch(child);
    },
  };
}
