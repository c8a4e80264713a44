/**
 * The record writer: one ordered queue of record operations in front of the database.
 *
 * - Normally operations are applied to the database by group commit: the operations waiting
 *   when the writer takes its turn (at most `maxBatch`, in order) are written in one transaction,
 *   and each caller's promise resolves once that transaction is committed. On SQLite every commit
 *   is an fsync on the JavaScript thread (synchronous=FULL), so under load one commit for many
 *   operations is the difference between a responsive event loop and one stalled for seconds.
 *   An operation the database refuses rolls its batch back; the batch is then written one by
 *   one, so that only the refused operation goes to the dead letters.
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
import { setImmediate as nextLoopTurn } from 'node:timers/promises';
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
  /** Operations written in one transaction at most (group commit); 1 commits each on its own. */
  maxBatch?: number;
  /** Operations held in memory at most while neither the database nor the journal takes them. */
  maxHeld?: number;
  /** The journal (a test gives one whose disk fills up). */
  journal?: Journal;
}

/** A submitted operation; `outcome` is set once it was written, possibly in an earlier operation's batch. */
interface Submitted {
  op: RecordOp;
  outcome?: { path: WritePath } | { error: unknown };
}

/** What applying operations in order came to: where each went, up to the database going away (`away`). */
interface Applied {
  paths: Array<'db' | 'dead_letter'>;
  away?: unknown;
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
  private readonly maxBatch: number;
  /** Submitted operations not written yet, oldest first. */
  private readonly waiting: Submitted[] = [];
  private commitCount = 0;
  private cursor: ReplayCursor | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private recoveryQueued = false;
  private currentMode: WriterMode = 'direct';
  private readonly writes: Counter<'kind' | 'path'> | undefined;
  private readonly commitsMetric: Counter | undefined;
  private readonly deadLetterFile: string;
  private readonly held: MemoryHold;

  constructor(options: RecordWriterOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.retryMs = options.retryMs ?? 1000;
    this.replayChunk = options.replayChunk ?? 200;
    this.maxBatch = Math.max(1, options.maxBatch ?? 100);
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
      this.commitsMetric = new Counter({
        name: 'tellerline_records_commits_total',
        help: 'Database transactions committed by the record writer (one per batch of operations under group commit)',
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

  /** The most operations memory holds while the database and the journal are both away. */
  get maxHeldInMemory(): number {
    return this.held.bound;
  }

  /** Operations refused since start because the memory bound was reached. */
  get droppedFromMemory(): number {
    return this.held.dropped;
  }

  /** Journal entries replayed so far by a replay in progress (0 when none is). */
  get replayed(): number {
    return this.cursor?.applied ?? 0;
  }

  /** Database transactions committed since start (a batch of operations is one). */
  get commits(): number {
    return this.commitCount;
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
    const entry: Submitted = { op };
    this.waiting.push(entry);
    return this.enqueue(() => this.take(entry));
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

  /**
   * An operation's turn on the queue. Unless an earlier operation's batch took it already, it is
   * the oldest one waiting: it is written now, with those waiting behind it (group commit).
   */
  private async take(entry: Submitted): Promise<WritePath> {
    if (!entry.outcome) await this.writeWaiting();
    const outcome = entry.outcome ?? { error: new Error('record operation was not written') };
    if ('error' in outcome) throw outcome.error;
    return outcome.path;
  }

  /** Writes the oldest waiting operations: a batch to the database, or one to the journal. */
  private async writeWaiting(): Promise<void> {
    const batch = this.waiting.splice(0, this.currentMode === 'journal' ? 1 : this.maxBatch);
    try {
      let done = 0;
      if (this.currentMode === 'direct') {
        const { paths, away } = await this.applyInOrder(batch.map((e) => e.op), 'db');
        for (const path of paths) batch[done++]!.outcome = { path };
        if (away !== undefined) this.enterJournalMode(away);
      }
      // The journal takes the rest in order: all of them in journal mode, or those after the
      // database went away in the middle of the batch.
      for (const entry of batch.slice(done)) {
        try {
          entry.outcome = { path: await this.toJournal(entry.op) };
        } catch (err) {
          entry.outcome = { error: err };
        }
      }
    } catch (err) {
      for (const entry of batch) entry.outcome ??= { error: err };
    }
  }

  /**
   * Applies operations in order, in one transaction when there are several; an operation the
   * database refuses rolls that transaction back, and they are then applied one by one so that
   * only the refused one goes to the dead letters. Stops at the first sign that the database is
   * away and returns that error with where the operations before it went (what a rolled-back
   * transaction held is not among them; a replay recognises anything written twice).
   */
  private async applyInOrder(ops: readonly RecordOp[], label: 'db' | 'replayed'): Promise<Applied> {
    // SQLite answers synchronously, so a writer kept busy would run commit after commit in
    // microtasks and starve timers and I/O (the card's events, the gateway's answers). A turn of
    // the event loop before each batch lets them run, and what they submit joins the next batch.
    await nextLoopTurn();
    if (ops.length > 1) {
      try {
        await this.store.knex.transaction(async (trx) => {
          for (const op of ops) await applyRecordOp(trx, op);
        });
        this.committed();
        for (const op of ops) this.writes?.inc({ kind: op.kind, path: label });
        return { paths: ops.map(() => 'db' as const) };
      } catch (err) {
        if (isUnavailableError(err)) return { paths: [], away: err };
        // Refused: the transaction is rolled back; find which one, one by one.
      }
    }
    const paths: Applied['paths'] = [];
    for (const op of ops) {
      try {
        await applyRecordOp(this.store.knex, op);
        this.committed();
        this.writes?.inc({ kind: op.kind, path: label });
        paths.push('db');
      } catch (err) {
        if (isUnavailableError(err)) return { paths, away: err };
        await this.deadLetter(op, err);
        paths.push('dead_letter');
      }
    }
    return { paths };
  }

  private committed(): void {
    this.commitCount++;
    this.commitsMetric?.inc();
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
   * Applies journalled entries in order, in batches of `maxBatch` (one the database refuses goes
   * to the dead letter).
   * Stops at the first sign that the database is away again and returns that error: what was
   * applied is recognised when it is replayed again.
   */
  private async applyJournalled(ops: RecordOp[]): Promise<{ processed: number; applied: number; away?: unknown }> {
    let processed = 0;
    let applied = 0;
    for (let at = 0; at < ops.length; at += this.maxBatch) {
      const { paths, away } = await this.applyInOrder(ops.slice(at, at + this.maxBatch), 'replayed');
      processed += paths.length;
      applied += paths.filter((p) => p === 'db').length;
      if (away !== undefined) return { processed, applied, away };
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
