/**
 * The record writer: one ordered queue of record operations in front of the database.
 *
 * - Normally each operation is applied to the database; the promise given to the caller
 *   resolves once it is committed.
 * - When the database cannot be reached, the writer switches to the journal: the failed
 *   operation and every later one are appended (fsync'd) to the local journal, and calls go on.
 * - Every `retryMs` it tries the database again; when it answers, the journal is replayed in
 *   order (operations are idempotent, so a replay interrupted by another outage or a crash is
 *   simply done again), truncated, and writing goes back to the database. The replay goes in
 *   chunks of `replayChunk` operations, each its own turn on the queue: an operation submitted
 *   meanwhile is appended to the journal behind the backlog and acknowledged after one chunk,
 *   not after the whole backlog (a call waiting for its CDR would otherwise wait in silence).
 * - An operation the database refuses for a reason of its own (a bug, a constraint) cannot be
 *   fixed by waiting: it goes to a dead-letter file with the error, and is counted.
 * - When the journal cannot be written either (its disk full or failing while the database is
 *   away), operations are held in memory, in order, up to `maxHeld` (memory-hold.ts): the calls
 *   already up keep their last stages. They go to the journal as soon as it takes writes again,
 *   or to the database when it answers, whichever comes first. A new call's first record
 *   (`cdr.offered`) is refused meanwhile, so that no new call is taken with a record that only
 *   lives in memory; past the bound an operation is refused and logged as dropped.
 *
 * All of this runs on one promise chain, so operations reach the database in the order they
 * were submitted, whether directly or through the journal.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Store } from '../store/store.js';
import { isUnavailableError } from '../store/errors.js';
import { applyRecordOp, type RecordOp } from './ops.js';
import { Journal } from './journal.js';
import { MemoryHold } from './memory-hold.js';

export type WriterMode = 'direct' | 'journal';
/** Where a submitted operation went: committed, fsync'd to the journal, held in memory (both away), or refused (dead letter). */
export type WritePath = 'db' | 'journal' | 'memory' | 'dead_letter';

export interface RecordWriterOptions {
  store: Store;
  /** Directory of the journal (data dir + /journal). */
  journalDir: string;
  logger: Logger;
  registry?: Registry;
  /** How often to try the database again while journalling. */
  retryMs?: number;
  /** Journal entries replayed per turn on the queue. */
  replayChunk?: number;
  /** Operations held in memory at most while neither the database nor the journal takes them. */
  maxHeld?: number;
  /** The journal (a test gives one whose disk fills up). */
  journal?: Journal;
}

/** Where a replay in progress is: entries read from the journal and not yet applied. */
interface ReplayCursor {
  pending: RecordOp[];
  /** Byte offset in the journal up to which entries have been read. */
  readTo: number;
  applied: number;
  /** The journal is replayed and emptied; what is held in memory is being applied. */
  journalDone: boolean;
}

export class RecordWriter {
  private readonly journal: Journal;
  private readonly store: Store;
  private readonly logger: Logger;
  private readonly retryMs: number;
  private readonly replayChunk: number;
  private cursor: ReplayCursor | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private recoveryQueued = false;
  private currentMode: WriterMode = 'direct';
  private readonly writes: Counter<'kind' | 'path'> | undefined;
  private readonly deadLetterFile: string;
  private readonly held: MemoryHold;

  constructor(options: RecordWriterOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.retryMs = options.retryMs ?? 1000;
    this.replayChunk = options.replayChunk ?? 200;
    this.journal = options.journal ?? new Journal(options.journalDir);
    this.held = new MemoryHold({ max: options.maxHeld ?? 20_000, logger: options.logger, journalFile: this.journal.file, ...(options.registry ? { registry: options.registry } : {}) });
    this.deadLetterFile = join(options.journalDir, 'dead-letter.jsonl');
    if (options.registry) {
      this.writes = new Counter({
        name: 'tellerline_records_writes_total',
        help: 'Record operations by kind and where they went (db, journal, memory, replayed, dead_letter)',
        labelNames: ['kind', 'path'] as const,
        registers: [options.registry],
      });
      const self = this;
      new Gauge({
        name: 'tellerline_records_journal_backlog',
        help: 'Record operations waiting in the local journal for the database',
        registers: [options.registry],
        collect() {
          this.set(self.journal.backlog);
        },
      });
      new Gauge({
        name: 'tellerline_records_journalling',
        help: '1 while records go to the local journal because the database is unreachable',
        registers: [options.registry],
        collect() {
          this.set(self.currentMode === 'journal' ? 1 : 0);
        },
      });
    }
  }

  get mode(): WriterMode {
    return this.currentMode;
  }

  get backlog(): number {
    return this.journal.backlog;
  }

  /** Operations held in memory because neither the database nor the journal takes them. */
  get heldInMemory(): number {
    return this.held.size;
  }

  /** Operations refused since start because the memory bound was reached. */
  get droppedFromMemory(): number {
    return this.held.dropped;
  }

  /** Journal entries replayed so far by a replay in progress (0 when none is). */
  get replayed(): number {
    return this.cursor?.applied ?? 0;
  }

  /** Operations submitted and not yet durable. */
  get inFlight(): number {
    return this.pending;
  }

  /** Open the journal and replay whatever a previous run left in it. Throws if the database is away. */
  async start(): Promise<number> {
    await mkdir(this.journal.dir, { recursive: true });
    await this.journal.open();
    if (this.journal.backlog === 0) return 0;
    this.logger.warn({ backlog: this.journal.backlog, file: this.journal.file }, 'replaying records journalled by a previous run');
    const replayed = await this.enqueue(() => this.replay());
    if (!replayed.ok) throw replayed.error;
    return replayed.count;
  }

  /** Durably record one operation (in the database or the journal); resolves to where it went. */
  submit(op: RecordOp): Promise<WritePath> {
    if (this.stopped) return Promise.reject(new Error('record writer is stopped'));
    return this.enqueue(() => this.process(op));
  }

  /** Resolves when everything submitted so far is durable; replays the journal if the database is back. */
  async flush(): Promise<void> {
    await this.enqueue(async () => undefined);
    while (this.currentMode === 'journal' && !this.stopped) {
      if ((await this.enqueue(() => this.recoverStep())) !== 'more') break;
    }
  }

  async stop(): Promise<void> {
    await this.tail.catch(() => undefined);
    this.stopped = true;
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = undefined;
    // A last chance for what memory holds: the journal is replayed at the next start.
    if (this.held.size > 0) await this.moveHeldToJournal();
    this.held.lostAtStop();
    await this.journal.close();
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    this.pending++;
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined).finally(() => {
      this.pending--;
    });
    return run;
  }

  private async process(op: RecordOp): Promise<WritePath> {
    if (this.currentMode === 'journal') return this.toJournal(op);
    try {
      await applyRecordOp(this.store.knex, op);
      this.writes?.inc({ kind: op.kind, path: 'db' });
      return 'db';
    } catch (err) {
      if (isUnavailableError(err)) {
        this.enterJournalMode(err);
        return this.toJournal(op);
      }
      await this.deadLetter(op, err);
      return 'dead_letter';
    }
  }

  /** The journal if it takes writes (after what memory holds), memory otherwise. */
  private async toJournal(op: RecordOp): Promise<WritePath> {
    if (this.held.size > 0 && this.held.mayRetryDisk()) await this.moveHeldToJournal();
    if (this.held.size === 0) {
      try {
        await this.journal.append(op);
        this.writes?.inc({ kind: op.kind, path: 'journal' });
        return 'journal';
      } catch (err) {
        this.held.diskFailed(err);
      }
    }
    // The database being caught up (journal replayed) takes a new call's record within a turn.
    this.held.hold(op, { newCallAllowed: this.cursor?.journalDone === true });
    this.writes?.inc({ kind: op.kind, path: 'memory' });
    return 'memory';
  }

  /** What memory holds goes to the journal, in order, as far as the disk takes it. */
  private async moveHeldToJournal(): Promise<void> {
    let moved = 0;
    for (const op of this.held.peekAll()) {
      try {
        await this.journal.append(op);
      } catch (err) {
        this.held.diskFailed(err);
        break;
      }
      moved++;
    }
    this.held.taken(moved, 'journal');
  }

  private enterJournalMode(err: unknown): void {
    if (this.currentMode === 'journal') return;
    this.currentMode = 'journal';
    this.logger.error({ err, target: this.store.target, journal: this.journal.file }, 'database unreachable: records go to the local journal until it returns');
    this.retryTimer = setInterval(() => {
      if (this.recoveryQueued || this.currentMode !== 'journal') return;
      this.recoveryQueued = true;
      void this.recover()
        .catch((err: unknown) => this.logger.error({ err }, 'records journal replay failed; trying again'))
        .finally(() => {
          this.recoveryQueued = false;
        });
    }, this.retryMs);
    this.retryTimer.unref();
  }

  /** Replays the journal chunk by chunk, each chunk a turn on the queue, until done or the database is away again. */
  private async recover(): Promise<void> {
    while ((await this.enqueue(() => this.recoverStep())) === 'more') {
      // Operations submitted meanwhile had their turn (appended behind the backlog).
    }
  }

  private async recoverStep(): Promise<'more' | 'done' | 'away'> {
    if (this.currentMode !== 'journal' || this.stopped) return 'done';
    if (this.held.size > 0) await this.moveHeldToJournal();
    if (!this.cursor) {
      try {
        await this.store.ping();
      } catch {
        return 'away';
      }
      this.cursor = { pending: [], readTo: 0, applied: 0, journalDone: false };
    }
    const cursor = this.cursor;
    if (cursor.journalDone) return this.applyHeldTurn(cursor);
    if (cursor.pending.length === 0) {
      const { ops, end } = await this.journal.readFrom(cursor.readTo);
      cursor.pending = ops;
      cursor.readTo = end;
    }
    if (!(await this.replayTurn(cursor, cursor.pending.splice(0, this.replayChunk)))) return 'away';
    if (cursor.pending.length > 0) return 'more';
    // Everything read is applied. What was appended during the last turns is read now; while
    // this step holds the queue nothing more can be appended, so a tail of at most one chunk is
    // applied here and the replay ends (with callers writing steadily it would never catch up).
    const { ops, end } = await this.journal.readFrom(cursor.readTo);
    cursor.readTo = end;
    if (ops.length > this.replayChunk) {
      cursor.pending = ops;
      return 'more';
    }
    if (!(await this.replayTurn(cursor, ops))) return 'away';
    await this.journal.clear();
    if (this.held.size === 0) return this.backToDirect(cursor);
    // Memory holds what came after the journal (its disk was full): that is applied next.
    cursor.journalDone = true;
    return 'more';
  }

  /** One turn of applying what memory holds, once the journal before it is in the database. */
  private async applyHeldTurn(cursor: ReplayCursor): Promise<'more' | 'done' | 'away'> {
    if (this.journal.backlog > 0) {
      // Memory was moved to the journal meanwhile (its disk is back): replay that from the start.
      this.cursor = { pending: [], readTo: 0, applied: cursor.applied, journalDone: false };
      return 'more';
    }
    const result = await this.applyJournalled(this.held.peekAll().slice(0, this.replayChunk));
    this.held.taken(result.processed, 'database');
    cursor.applied += result.processed;
    if (result.away !== undefined) {
      this.cursor = undefined;
      return 'away';
    }
    return this.held.size > 0 ? 'more' : this.backToDirect(cursor);
  }

  private backToDirect(cursor: ReplayCursor): 'done' {
    this.cursor = undefined;
    this.currentMode = 'direct';
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = undefined;
    this.logger.warn({ replayed: cursor.applied, target: this.store.target }, 'database reachable again: journal replayed');
    return 'done';
  }

  /** Apply the whole journal in order, then empty it. Stops at the first unavailability. */
  private async replay(): Promise<{ ok: true; count: number } | { ok: false; error: unknown }> {
    const result = await this.applyJournalled(await this.journal.readAll());
    if (result.away !== undefined) return { ok: false, error: result.away };
    await this.journal.clear();
    return { ok: true, count: result.applied };
  }

  /**
   * Applies journalled entries in order (one the database refuses goes to the dead letter).
   * Stops at the first sign that the database is away again and returns that error: what was
   * applied is recognised when it is replayed again.
   */
  private async applyJournalled(ops: RecordOp[]): Promise<{ processed: number; applied: number; away?: unknown }> {
    let processed = 0;
    let applied = 0;
    for (const op of ops) {
      try {
        await applyRecordOp(this.store.knex, op);
        this.writes?.inc({ kind: op.kind, path: 'replayed' });
        applied++;
      } catch (err) {
        if (isUnavailableError(err)) return { processed, applied, away: err };
        await this.deadLetter(op, err);
      }
      processed++;
    }
    return { processed, applied };
  }

  /** One turn of a replay in progress: false (the replay starts over later) if the database is away again. */
  private async replayTurn(cursor: ReplayCursor, ops: RecordOp[]): Promise<boolean> {
    const result = await this.applyJournalled(ops);
    cursor.applied += result.processed;
    if (result.away === undefined) return true;
    this.cursor = undefined;
    return false;
  }

  private async deadLetter(op: RecordOp, err: unknown): Promise<void> {
    const e = err as { code?: string; message?: string };
    this.logger.error({ kind: op.kind, id: op.id, code: e?.code, file: this.deadLetterFile }, 'record refused by the database: kept in the dead-letter file');
    this.writes?.inc({ kind: op.kind, path: 'dead_letter' });
    try {
      await appendFile(this.deadLetterFile, `${JSON.stringify({ at: new Date().toISOString(), error: { code: e?.code ?? null, message: e?.message ?? String(err) }, op })}\n`);
    } catch (fileErr) {
      // The database refused it and the disk too: the log line above and this one are all that is left.
      this.logger.error({ err: fileErr, kind: op.kind, id: op.id }, 'record refused by the database could not be written to the dead-letter file either');
    }
  }
}
