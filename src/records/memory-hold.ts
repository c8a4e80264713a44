/**
 * Record operations held in memory while neither the database nor the journal takes them (the
 * database away and the journal's disk full or failing at the same time). They stay in order,
 * behind everything already journalled, until the writer moves them to the journal or applies
 * them to the database. Bounded: past `max` an operation is refused and logged as dropped with
 * what it was (kind, id, stage), never silently.
 */
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { RecordOp } from './ops.js';

export interface MemoryHoldOptions {
  max: number;
  logger: Logger;
  /** Named in the log lines. */
  journalFile: string;
  registry?: Registry;
  /** How often the disk is tried again while operations are held (besides the writer's retries). */
  diskRetryMs?: number;
}

/** Thrown to the submitter of an operation that could not be kept anywhere. */
export class RecordNotKeptError extends Error {
  readonly code = 'RECORD_NOT_KEPT';
}

export class MemoryHold {
  private readonly ops: RecordOp[] = [];
  private droppedCount = 0;
  /** Operations held since memory was last empty (for the line that says they are safe). */
  private heldThisTime = 0;
  private refusedNewCalls = 0;
  private nextDiskTry = 0;
  private readonly diskRetryMs: number;
  private readonly dropCounter: Counter<'kind'> | undefined;

  constructor(private readonly options: MemoryHoldOptions) {
    this.diskRetryMs = options.diskRetryMs ?? 1000;
    if (options.registry) {
      const self = this;
      new Gauge({
        name: 'tellerline_records_held_in_memory',
        help: 'Record operations held in memory because neither the database nor the journal takes them',
        registers: [options.registry],
        collect() {
          this.set(self.ops.length);
        },
      });
      this.dropCounter = new Counter({
        name: 'tellerline_records_dropped_total',
        help: 'Record operations refused because the memory that holds them while the database and the journal are both away was full',
        labelNames: ['kind'] as const,
        registers: [options.registry],
      });
    }
  }

  get size(): number {
    return this.ops.length;
  }

  /** The most operations held at once (`max`). */
  get bound(): number {
    return this.options.max;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  /** Whether it is time to try the disk again (not at every operation while it is full). */
  mayRetryDisk(): boolean {
    return Date.now() >= this.nextDiskTry;
  }

  /** The journal refused a write: the first time, say that records are now kept in memory. */
  diskFailed(err: unknown): void {
    this.nextDiskTry = Date.now() + this.diskRetryMs;
    if (this.ops.length > 0) return;
    const code = (err as NodeJS.ErrnoException)?.code;
    this.options.logger.error(
      { err, code, journal: this.options.journalFile, max: this.options.max },
      'records journal cannot be written while the database is unreachable: keeping records in memory until either returns (a restart meanwhile loses them)',
    );
  }

  /** Keeps one operation, or throws RecordNotKeptError saying why it is not kept. */
  hold(op: RecordOp, { newCallAllowed }: { newCallAllowed: boolean }): void {
    if (op.kind === 'cdr.offered' && !newCallAllowed) {
      this.refusedNewCalls++;
      if (this.refusedNewCalls === 1 || this.refusedNewCalls % 100 === 0) {
        this.options.logger.warn({ refused: this.refusedNewCalls }, 'new call record refused: neither the database nor the journal takes records');
      }
      throw new RecordNotKeptError('neither the database nor the journal takes records: a new call is not taken with its record in memory only');
    }
    if (this.ops.length >= this.options.max) {
      this.droppedCount++;
      this.dropCounter?.inc({ kind: op.kind });
      this.options.logger.error(
        { kind: op.kind, id: op.id, ...stageOf(op), held: this.ops.length, dropped: this.droppedCount },
        'record dropped: the memory that holds records while the database and the journal are away is full',
      );
      throw new RecordNotKeptError(`record ${op.kind} ${op.id} dropped: ${this.ops.length} records already held in memory`);
    }
    this.ops.push(op);
    this.heldThisTime++;
  }

  /** What is held, oldest first (not removed: see taken()). */
  peekAll(): readonly RecordOp[] {
    return this.ops;
  }

  /** The oldest `n` are in the journal or the database now. */
  taken(n: number, where: 'journal' | 'database'): void {
    if (n <= 0) return;
    this.ops.splice(0, n);
    if (this.ops.length === 0) {
      this.options.logger.warn({ held: this.heldThisTime, to: where, newCallsRefused: this.refusedNewCalls, dropped: this.droppedCount }, `records held in memory are in the ${where} now`);
      this.refusedNewCalls = 0;
      this.heldThisTime = 0;
    }
  }

  /** The writer stops with operations still held: they are lost, and said so. */
  lostAtStop(): void {
    if (this.ops.length === 0) return;
    const byKind: Record<string, number> = {};
    for (const op of this.ops) byKind[op.kind] = (byKind[op.kind] ?? 0) + 1;
    this.options.logger.error({ lost: this.ops.length, byKind }, 'records held in memory are lost: stopped while neither the database nor the journal took them');
  }
}

function stageOf(op: RecordOp): Record<string, unknown> {
  if (op.kind === 'cdr.stage') return { stage: op.stage, seq: op.seq };
  if (op.kind === 'row.insert' || op.kind === 'row.upsert' || op.kind === 'row.update') return { table: op.table };
  return {};
}
