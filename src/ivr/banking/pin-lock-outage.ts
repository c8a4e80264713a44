/**
 * What the PIN lockout does while the database cannot be reached, so that card-and-PIN callers
 * keep self-service through an outage without anyone getting extra tries:
 *
 * - A card or account locked before the outage stays locked: the locked subjects are kept in
 *   memory (all of them read at start and every minute, and each one as the IVR reads it).
 * - One not known to be locked has its PIN checked by the core as usual. A right PIN logs in. A
 *   wrong one holds the subject for telephone service until the database answers: its later
 *   tries are not sent to the core (the caller is told the service is unavailable, and the IVR's
 *   fallback puts them through to an agent). The count kept in the database is not known during
 *   the outage, so no try beyond the first is given.
 * - What happened meanwhile (wrong and right PINs, locks the core reported) is kept in order and
 *   written when the database answers, where the usual rule counts and locks; then the holds
 *   are lifted. At most `maxPending` are kept (a card's repeated right PINs count once); past
 *   that, PINs are not taken until the database is back. A restart during the outage loses
 *   them (logged with their count).
 */
import type { Logger } from 'pino';
import { isUnavailableError } from '../../store/errors.js';
import type { SubjectKey } from '../store/pin-locks-repo.js';

export type PinEventKind = 'failure' | 'success' | 'coreLocked';

/** A PIN outcome that happened while the database was away, waiting to be written. */
export interface PendingPinEvent {
  kind: PinEventKind;
  key: SubjectKey;
  masked: string;
  maxAttempts: number;
}

export interface PinLockOutageOptions {
  /** Writes one event to the database (throws an unavailable error while it is away). */
  apply(event: PendingPinEvent): Promise<void>;
  logger: Logger;
  /** Events kept at most (default 50,000: about 15 MB). */
  maxPending?: number;
  /** How often to try the database again while events are kept (default 1 s). */
  retryMs?: number;
}

function keyOf(key: SubjectKey): string {
  return `${key.tenantId}\0${key.kind}\0${key.hash}`;
}

/** A subject's outcomes waiting for the database: how many, how many wrong PINs, the last kind. */
interface SubjectTally {
  events: number;
  failures: number;
  last: PinEventKind;
}

export class PinLockOutage {
  private readonly locked = new Set<string>();
  private readonly tallies = new Map<string, SubjectTally>();
  /** Waiting outcomes, oldest at `head` (written ones are dropped when all are written). */
  private pending: PendingPinEvent[] = [];
  private head = 0;
  private readonly maxPending: number;
  private readonly retryMs: number;
  private retry: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;

  constructor(private readonly options: PinLockOutageOptions) {
    this.maxPending = options.maxPending ?? 50_000;
    this.retryMs = options.retryMs ?? 1000;
  }

  /** Replaces the locked subjects with those the database holds now. */
  replaceLocked(keys: Iterable<SubjectKey>): void {
    this.locked.clear();
    for (const key of keys) this.locked.add(keyOf(key));
  }

  /** What a read of the database said of one subject. */
  noteRead(key: SubjectKey, locked: boolean): void {
    if (locked) this.locked.add(keyOf(key));
    else this.locked.delete(keyOf(key));
  }

  /** The subject's state as far as memory knows, for when the database cannot be asked. */
  stateWhileAway(key: SubjectKey): 'open' | 'locked' | 'held' {
    const k = keyOf(key);
    if (this.locked.has(k)) return 'locked';
    if ((this.tallies.get(k)?.failures ?? 0) > 0 || this.waiting >= this.maxPending) return 'held';
    return 'open';
  }

  /** Keeps an outcome for the database; a wrong PIN holds its subject, a core lock locks it. */
  keep(event: PendingPinEvent): void {
    const k = keyOf(event.key);
    if (this.waiting >= this.maxPending) {
      // Not reached in practice: stateWhileAway stops taking PINs at the bound.
      this.options.logger.error({ kind: event.kind, subject: event.masked }, 'PIN outcome not kept: too many waiting for the database');
      return;
    }
    const tally = this.tallies.get(k);
    if (event.kind === 'success' && tally?.last === 'success') return; // the same again
    this.pending.push(event);
    const failure = event.kind === 'failure' ? 1 : 0;
    if (tally) Object.assign(tally, { events: tally.events + 1, failures: tally.failures + failure, last: event.kind });
    else this.tallies.set(k, { events: 1, failures: failure, last: event.kind });
    if (event.kind === 'coreLocked') this.locked.add(k);
    if (this.waiting === 1) {
      this.options.logger.warn({ subject: event.masked }, 'PIN outcomes kept in memory until the database answers');
    }
    this.schedule();
  }

  /** Outcomes waiting for the database. */
  get waiting(): number {
    return this.pending.length - this.head;
  }

  /** Writes what is kept, in order, until the database refuses to answer; resolves when done or away. */
  write(): Promise<void> {
    this.writing ??= this.writeKept().finally(() => {
      this.writing = undefined;
    });
    return this.writing;
  }

  private async writeKept(): Promise<void> {
    while (this.waiting > 0) {
      const event = this.pending[this.head]!;
      try {
        await this.options.apply(event);
      } catch (err) {
        if (isUnavailableError(err)) {
          this.schedule();
          return;
        }
        // Refused for a reason of its own: a retry would be refused again.
        this.options.logger.error({ err, kind: event.kind, subject: event.masked }, 'PIN outcome kept during the outage refused by the database');
      }
      this.written(event);
    }
    this.pending = [];
    this.head = 0;
    this.options.logger.info('PIN outcomes kept during the database outage are written');
  }

  private written(event: PendingPinEvent): void {
    this.head += 1;
    const k = keyOf(event.key);
    const tally = this.tallies.get(k)!;
    tally.events -= 1;
    if (event.kind === 'failure') tally.failures -= 1;
    if (tally.events === 0) this.tallies.delete(k);
  }

  private schedule(): void {
    if (this.retry || this.waiting === 0) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.write();
    }, this.retryMs);
    this.retry.unref();
  }

  /** At shutdown: one last try, then says what is lost. */
  async stop(): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    await this.write();
    if (this.waiting > 0) {
      const byKind: Record<string, number> = {};
      for (const e of this.pending.slice(this.head)) byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
      this.options.logger.error({ lost: byKind }, 'PIN outcomes kept during the database outage are lost: the database did not answer before shutdown');
    }
  }
}
