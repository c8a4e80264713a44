/**
 * The dialler's lease on the database: taken at start, renewed every third of its time to
 * live, given up at shutdown. A server that does not hold it keeps trying, and takes it once
 * the holder's has lapsed (the holder crashed or hung); a holder that finds it lost stops
 * dialling. Real time, not the card's clock: two servers' cards do not share a clock.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { diallerLeaseRepo } from '../store/dialler-lease-repo.js';

export interface DiallerLeaseOptions {
  db: () => Knex;
  holder: string;
  ttlMs: number;
  logger: Logger;
  /** We hold it now (first time, or taken over). */
  gained(): Promise<void>;
  /** We held it and do not any more. */
  lost(): void;
}

export class DiallerLease {
  private held = false;
  private heldUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private ticking: Promise<void> = Promise.resolve();

  constructor(private readonly options: DiallerLeaseOptions) {}

  get holding(): boolean {
    return this.held;
  }

  /** Tries at once, then keeps renewing or trying. */
  async start(): Promise<void> {
    await this.tick();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    if (this.held) await diallerLeaseRepo.release(this.options.db(), this.options.holder).catch(() => undefined);
    this.held = false;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => this.schedule());
    }, Math.max(50, Math.floor(this.options.ttlMs / 3)));
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const now = Date.now();
    let ours: boolean;
    try {
      ours = await diallerLeaseRepo.take(this.options.db(), this.options.holder, now, now + this.options.ttlMs);
    } catch (err) {
      // The database is away: once our lease would have lapsed, another server may have it.
      this.options.logger.warn({ err: { message: (err as Error).message } }, 'could not renew the dialler lease');
      if (this.held && Date.now() >= this.heldUntil) {
        this.held = false;
        this.options.lost();
      }
      return;
    }
    if (ours) this.heldUntil = now + this.options.ttlMs;
    if (this.stopped) return;
    if (ours && !this.held) {
      this.held = true;
      this.options.logger.info({ holder: this.options.holder }, 'this server dials the outbound campaigns');
      await this.options.gained();
    } else if (!ours && this.held) {
      this.held = false;
      this.options.logger.warn({ holder: this.options.holder }, 'another server took the dialler lease: no more dials here');
      this.options.lost();
    }
  }
}
