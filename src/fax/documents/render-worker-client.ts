/**
 * Server-side handle on the render worker process (render-worker.ts). This module never
 * imports sharp or anything under ./worker: see the licence note in render-worker.ts.
 *
 * - Starts the worker on first use and reuses it.
 * - Sends one request at a time (the worker is single-threaded; a queue here means a
 *   request's timeout starts when the worker starts on it, not while it waits).
 * - A request that outlives its timeout kills the worker (it may be stuck in native
 *   code) and fails with fax_doc_timeout.
 * - If the worker dies, the request in progress fails with fax_doc_worker_failed; the
 *   next request starts a fresh worker.
 * - The child is unreferenced while idle, so an idle worker never keeps the server alive.
 */

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { FaxDocumentError, deserializeError } from './errors.js';
import type { RenderRequest, RenderResults, WorkerRequestLine, WorkerResponseLine } from './render-protocol.js';

export interface RenderWorkerOptions {
  /** Default time one request may take, in ms. */
  timeoutMs?: number;
}

interface Job {
  id: number;
  request: RenderRequest;
  timeoutMs: number;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const STDERR_LINES_KEPT = 20;

/** Node arguments that start the worker: through tsx when we run as TypeScript. */
function workerArguments(): string[] {
  const self = import.meta.url;
  if (self.endsWith('.ts')) {
    // Resolve tsx from here, so the worker starts whatever the server's working directory.
    return [`--import=${import.meta.resolve('tsx')}`, fileURLToPath(new URL('./render-worker.ts', self))];
  }
  return [fileURLToPath(new URL('./render-worker.js', self))];
}

export class RenderWorkerClient {
  private readonly defaultTimeoutMs: number;
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly queue: Job[] = [];
  private current: Job | undefined;
  private timer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private stderrTail: string[] = [];
  private closed = false;

  constructor(options: RenderWorkerOptions = {}) {
    this.defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Process id of the running worker, if one is running (for health checks and tests). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  request<K extends RenderRequest['op']>(
    request: Extract<RenderRequest, { op: K }>,
    timeoutMs = this.defaultTimeoutMs,
  ): Promise<RenderResults[K]> {
    if (this.closed) {
      return Promise.reject(new FaxDocumentError('fax_doc_worker_failed', 'The fax document service has been shut down.'));
    }
    return new Promise<RenderResults[K]>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, timeoutMs, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Stops the worker; queued and running requests fail. */
  async close(): Promise<void> {
    this.closed = true;
    const failure = new FaxDocumentError('fax_doc_worker_failed', 'The fax document service has been shut down.');
    for (const job of this.queue.splice(0)) job.reject(failure);
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin.end();
    const killer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(killer);
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) return;
    const job = this.queue.shift();
    if (!job) return;
    this.current = job;
    let child: ChildProcessWithoutNullStreams;
    try {
      child = this.ensureChild();
    } catch (error) {
      this.finish(job, new FaxDocumentError('fax_doc_worker_failed', 'The fax document worker could not be started.', String(error)));
      return;
    }
    this.setReferenced(child, true);
    this.timer = setTimeout(() => this.onTimeout(job), job.timeoutMs);
    const line: WorkerRequestLine = { id: job.id, request: job.request };
    child.stdin.write(`${JSON.stringify(line)}\n`);
  }

  private ensureChild(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn(process.execPath, workerArguments(), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.stderrTail = [];
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => this.onLine(child, line));
    createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > STDERR_LINES_KEPT) this.stderrTail.shift();
    });
    child.stdin.on('error', () => undefined); // a dead worker's pipe; the exit handler reports it
    child.on('error', (error) => this.onExit(child, `spawn error: ${error.message}`));
    child.on('exit', (code, signal) => this.onExit(child, `exit code ${code ?? '-'} signal ${signal ?? '-'}`));
    return child;
  }

  private onLine(child: ChildProcessWithoutNullStreams, line: string): void {
    if (child !== this.child) return;
    let response: WorkerResponseLine;
    try {
      response = JSON.parse(line) as WorkerResponseLine;
    } catch {
      return; // not protocol output; ignore
    }
    const job = this.current;
    if (!job || response.id !== job.id) return;
    if (response.ok) this.finish(job, undefined, response.result);
    else this.finish(job, deserializeError(response.error));
  }

  private onTimeout(job: Job): void {
    if (this.current !== job) return;
    const child = this.child;
    this.child = undefined; // its exit must not fail the next job
    child?.kill('SIGKILL');
    this.finish(
      job,
      new FaxDocumentError(
        'fax_doc_timeout',
        'Preparing the fax document took too long and was stopped.',
        `no answer within ${job.timeoutMs} ms`,
      ),
    );
  }

  private onExit(child: ChildProcessWithoutNullStreams, how: string): void {
    if (child !== this.child) return;
    this.child = undefined;
    const job = this.current;
    if (job) {
      const detail = [how, ...this.stderrTail].join('\n');
      this.finish(job, new FaxDocumentError('fax_doc_worker_failed', 'The fax document worker stopped unexpectedly.', detail));
    }
  }

  private finish(job: Job, error: Error | undefined, result?: unknown): void {
    if (this.current !== job) return;
    this.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (error) job.reject(error);
    else job.resolve(result);
    if (this.child && this.queue.length === 0) this.setReferenced(this.child, false);
    this.pump();
  }

  private setReferenced(child: ChildProcessWithoutNullStreams, referenced: boolean): void {
    const streams = [child.stdin, child.stdout, child.stderr] as unknown as Array<{ ref?: () => void; unref?: () => void }>;
    if (referenced) {
      child.ref();
      for (const s of streams) s.ref?.();
    } else {
      child.unref();
      for (const s of streams) s.unref?.();
    }
  }
}
