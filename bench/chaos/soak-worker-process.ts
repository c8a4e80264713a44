/** The chaos run's handle on its server process (soak-worker.ts): start, commands, restart. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerCommand, WorkerSetup } from './soak-worker.js';
import { killHard } from './faults/kill-hard.js';

const entry = fileURLToPath(new URL('./soak-worker.ts', import.meta.url));

/** A command to the server that did not finish within its time limit. */
export class CommandTimeout extends Error {}

type Reply = { id: number; ok: boolean; result?: unknown; error?: string };
type Ready = { type: 'ready'; url: string; simUrl: string; simToken: string; pid: number };
type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

export class SoakWorkerProcess {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private ready: Ready | undefined;
  private instance = 0;

  constructor(private readonly setup: Omit<WorkerSetup, 'instance'>) {}

  get pid(): number | undefined {
    return this.ready ? this.child?.pid : undefined;
  }

  get simUrl(): string {
    if (!this.ready) throw new Error('the server is not running');
    return this.ready.simUrl;
  }

  /** The simulator's control API and its token (both new at every start). */
  get sim(): { url: string; token: string } {
    if (!this.ready) throw new Error('the server is not running');
    return { url: this.ready.simUrl, token: this.ready.simToken };
  }

  async start(): Promise<void> {
    const setup: WorkerSetup = { ...this.setup, instance: this.instance++ };
    const child = fork(entry, [], {
      execArgv: ['--import=tsx'],
      env: { ...process.env, CHAOS_WORKER: JSON.stringify(setup) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    this.ready = undefined;
    child.on('message', (msg: Reply | Ready) => {
      if ('type' in msg) return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(msg.error));
    });
    child.once('exit', (code, signal) => {
      for (const p of this.pending.values()) p.reject(new Error(`the server exited (${signal ?? code})`));
      this.pending.clear();
      if (this.child === child) this.ready = undefined;
    });
    this.ready = await new Promise<Ready>((resolve, reject) => {
      const onMessage = (msg: Reply | Ready) => {
        if ('type' in msg && msg.type === 'ready') {
          child.off('exit', onExit);
          child.off('message', onMessage);
          resolve(msg);
        }
      };
      const onExit = (code: number | null, signal: string | null) => reject(new Error(`the server exited (${signal ?? code}) before it was ready`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  }

  /** Starts it again, retrying while it cannot start (a database or disk still away). */
  async restart(attempts = 30): Promise<void> {
    for (let i = 1; ; i++) {
      try {
        await this.start();
        return;
      } catch (err) {
        if (i >= attempts) throw err;
        console.log(`chaos: restart attempt ${i} failed (${(err as Error).message}); trying again`);
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  /**
   * One command; with `timeoutMs`, a command not answered by then is rejected with a
   * CommandTimeout (its late answer is ignored): the chaos run reports it, never waits forever.
   */
  request<T = unknown>(command: Distribute<WorkerCommand>, timeoutMs?: number): Promise<T> {
    const child = this.child;
    if (!child || !this.ready) return Promise.reject(new Error('the server is not running'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
        this.pending.delete(id);
        reject(new CommandTimeout(`${command.cmd} did not finish within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const settle = <V>(fn: (v: V) => void) => (v: V) => {
        clearTimeout(timer);
        fn(v);
      };
      this.pending.set(id, { resolve: settle(resolve as (v: unknown) => void), reject: settle(reject) });
      child.send({ ...command, id });
    });
  }

  /** kill -9, for a server that does not stop when asked. */
  async kill(): Promise<void> {
    const pid = this.child?.pid;
    if (pid !== undefined) await killHard(pid);
  }

  /** A clean stop (the worker stops its calls and its server when the channel closes). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.disconnect();
    await exited;
  }
}
