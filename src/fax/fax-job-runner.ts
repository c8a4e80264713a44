/**
 * Runs queued outbound fax jobs: dials the number through the telephony service, sends the
 * job's document as the calling party, and retries what may go better later.
 *
 *   attempt outcome          next
 *   ok (T.30 success)        job sent
 *   busy (cause 17)          retry after retryIntervalMs, until maxAttempts
 *   no-answer (18, 19, 20)   retry
 *   call-failed (other)      retry, unless the number itself is wrong (1, 3, 22, 28): failed
 *   fax failed (T.30 error)  retry, unless the document could not even be read: failed
 *   no trunk up or free      not an attempt: tried again in LOCAL_RETRY_MS (our own lines are
 *                            down or full, e.g. at start-up before the D-channels are up)
 *
 * Every attempt is a row in `faxes` (origin job, attempt n); the job row holds the last
 * outcome, the last T.30 code and text, and the final status. Waiting is engine time (the
 * card's clock), so a free-running virtual card runs retries faster than real time. At most
 * `maxConcurrent` jobs dial at once. After a crash, jobs left running go back to the queue.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { Cause } from '../../bindings/index.js';
import type { EventBus } from '../events/bus.js';
import type { TelephonyService } from '../telephony/telephony-service.js';
import { publishFaxEvent } from './fax-events.js';
import type { FaxService } from './fax-service.js';
import { faxJobRepo, type FaxJob } from './store/fax-job-repo.js';
import type { FaxStatus } from './store/fax-repo.js';

const WRONG_NUMBER: ReadonlySet<number> = new Set([Cause.UNALLOCATED_NUMBER, Cause.NO_ROUTE_TO_DESTINATION, Cause.NUMBER_CHANGED, Cause.INVALID_NUMBER_FORMAT]);
/** When none of our own trunks could take the call, look again this soon (engine ms). */
const LOCAL_RETRY_MS = 5000;
const NO_ANSWER: ReadonlySet<number> = new Set([Cause.NO_USER_RESPONSE, Cause.NO_ANSWER, Cause.SUBSCRIBER_ABSENT]);

export interface FaxJobRunnerDeps {
  db: Knex;
  faxes: FaxService;
  telephony: TelephonyService;
  bus: EventBus;
  logger: Logger;
}

interface AttemptOutcome {
  status: Exclude<FaxStatus, 'running'> | 'no-trunk';
  faxId: string;
  error: string | null;
  t30Code: number | null;
  /** Worth another attempt. */
  retry: boolean;
}

export class FaxJobRunner {
  private readonly timers = new Map<string, () => void>();
  private readonly ready: string[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly deps: FaxJobRunnerDeps) {}

  private get clock() {
    return this.deps.telephony.card.clock;
  }

  /** Picks up the queue left in the store (after a restart, running jobs go back to it). */
  async start(): Promise<void> {
    await faxJobRepo.requeueRunning(this.deps.db, this.clock.wallTime().toISOString());
    for (const job of await faxJobRepo.pending(this.deps.db)) this.schedule(job);
  }

  /** Plans the job's next attempt at its next_attempt_at (now when none). */
  schedule(job: Pick<FaxJob, 'id' | 'nextAttemptAt'>): void {
    if (this.stopped) return;
    this.timers.get(job.id)?.();
    const due = job.nextAttemptAt ? Date.parse(job.nextAttemptAt) : 0;
    const delay = Math.max(0, due - this.clock.wallTime().getTime());
    const cancel = this.clock.setTimeout(() => {
      this.timers.delete(job.id);
      this.ready.push(job.id);
      this.pump();
    }, delay);
    this.timers.set(job.id, cancel);
  }

  /** A queued job will not run (an operator cancelled it). */
  unschedule(jobId: string): void {
    this.timers.get(jobId)?.();
    this.timers.delete(jobId);
    const i = this.ready.indexOf(jobId);
    if (i >= 0) this.ready.splice(i, 1);
  }

  get activeJobs(): number {
    return this.running.size;
  }

  /** No new attempts; waits for those in progress (the telephony drain ends their calls). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    this.ready.length = 0;
    await Promise.allSettled([...this.running.values()]);
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.deps.faxes.settings.jobs.maxConcurrent && this.ready.length > 0) {
      const id = this.ready.shift()!;
      if (this.running.has(id)) continue;
      const run = this.attempt(id)
        .catch((err: unknown) => this.deps.logger.error({ err, jobId: id }, 'fax job attempt failed'))
        .finally(() => {
          this.running.delete(id);
          this.pump();
        });
      this.running.set(id, run);
    }
  }

  private async attempt(id: string): Promise<void> {
    const db = this.deps.db;
    const job = await faxJobRepo.get(db, id);
    if (!job || job.status !== 'queued') return;
    const attempt = job.attempts + 1;
    const startedAt = this.now();
    if (!(await faxJobRepo.transition(db, id, 'queued', { status: 'running', attempts: attempt, nextAttemptAt: null, updatedAt: startedAt }))) return;
    this.publish({ ...job, status: 'running', attempts: attempt, nextAttemptAt: null });

    const outcome = await this.call(job, attempt);
    const now = this.now();
    if (outcome.status === 'no-trunk') {
      const next = new Date(this.clock.wallTime().getTime() + LOCAL_RETRY_MS).toISOString();
      await faxJobRepo.update(db, id, { status: 'queued', attempts: job.attempts, nextAttemptAt: next, lastError: outcome.error, updatedAt: now });
      const after = { ...job, status: 'queued' as const, nextAttemptAt: next, lastError: outcome.error };
      this.publish(after);
      if (!this.stopped) this.schedule(after);
      return;
    }
    const last = { lastOutcome: outcome.status as Exclude<FaxStatus, 'running'>, lastError: outcome.error, lastT30Code: outcome.t30Code, lastFaxId: outcome.faxId };
    let update: Parameters<typeof faxJobRepo.update>[2] & { status: FaxJob['status'] };
    if (outcome.status === 'ok') {
      update = { status: 'sent', ...last, finishedAt: now, updatedAt: now };
    } else if (outcome.retry && attempt < job.maxAttempts && !this.stopped) {
      const next = new Date(this.clock.wallTime().getTime() + job.retryIntervalMs).toISOString();
      update = { status: 'queued', ...last, nextAttemptAt: next, updatedAt: now };
    } else {
      update = { status: 'failed', ...last, finishedAt: now, updatedAt: now };
    }
    // The stop() at shutdown leaves a retryable job queued for the next start.
    if (outcome.status !== 'ok' && outcome.retry && this.stopped && attempt < job.maxAttempts) {
      update = { status: 'queued', ...last, nextAttemptAt: now, updatedAt: now };
    }
    await faxJobRepo.update(db, id, update);
    const after = { ...job, ...update, attempts: attempt, nextAttemptAt: update.nextAttemptAt ?? null } as FaxJob;
    this.publish(after);
    if (update.status === 'queued' && !this.stopped) this.schedule(after);
  }

  private async call(job: FaxJob, attempt: number): Promise<AttemptOutcome> {
    const { faxes, telephony } = this.deps;
    const settings = faxes.settings.jobs;
    const document = { kind: job.documentKind, label: job.documentLabel, id: job.documentId };
    let session;
    try {
      session = await telephony.dial({
        number: job.number,
        tenantId: job.tenantId,
        ringTimeoutMs: settings.ringTimeoutMs,
        ...(settings.callingNumber ? { calling: settings.callingNumber } : {}),
      });
    } catch (err) {
      const cause = typeof (err as { cause?: unknown }).cause === 'number' ? ((err as { cause: number }).cause) : null;
      // No call was placed (no call leg) because our own trunks are down or full.
      if (!(err as { legId?: unknown }).legId && (cause === Cause.NO_CIRCUIT_AVAILABLE || cause === Cause.NETWORK_OUT_OF_ORDER)) {
        return { status: 'no-trunk', faxId: '', error: `not dialled: ${(err instanceof Error ? err.message : String(err)).slice(0, 150)}`, t30Code: null, retry: true };
      }
      const status = cause === Cause.USER_BUSY ? 'busy' : cause !== null && NO_ANSWER.has(cause) ? 'no-answer' : 'call-failed';
      const record = await faxes.recordUnconnected({ tenantId: job.tenantId, legId: job.legId, jobId: job.id, attempt, number: job.number, status, cause, document, file: job.file });
      return {
        status,
        faxId: record.id,
        error: cause !== null ? `call ${status === 'call-failed' ? 'failed' : status} (cause ${cause})` : (err instanceof Error ? err.message : String(err)).slice(0, 200),
        t30Code: null,
        retry: !(cause !== null && WRONG_NUMBER.has(cause)),
      };
    }
    try {
      const record = await faxes.runOnCall({ session, tenantId: job.tenantId, legId: job.legId, origin: 'job', calling: true, send: { file: job.file, document }, jobId: job.id, attempt });
      return {
        status: record.status === 'ok' ? 'ok' : 'failed',
        faxId: record.id,
        error: record.status === 'ok' ? null : record.t30Text,
        t30Code: record.t30Code,
        // The document could not be read: another attempt would not help.
        retry: !record.documentUnusable,
      };
    } finally {
      await session.hangUp();
    }
  }

  private publish(job: FaxJob): void {
    publishFaxEvent(this.deps.bus, {
      type: 'fax.job',
      tenantId: job.tenantId,
      at: this.now(),
      jobId: job.id,
      status: job.status,
      attempts: job.attempts,
      maxAttempts: job.maxAttempts,
      number: job.number,
      lastOutcome: job.lastOutcome,
      lastError: job.lastError,
      nextAttemptAt: job.nextAttemptAt,
    });
  }

  private now(): string {
    return this.clock.wallTime().toISOString();
  }
}
