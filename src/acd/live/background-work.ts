/**
 * How the live ACD runs work off the call path: background tasks whose failure is logged (never
 * an unhandled rejection), CDR stage writes, and telephony facts told to the core where a
 * refusal only means "already handled". Also the card access every live part shares.
 */
import type { Logger } from 'pino';
import type { Card } from '../../../bindings/index.js';
import type { TelephonyService } from '../../telephony/telephony-service.js';
import { isAcdError } from '../errors.js';

/** The card and telephony the live ACD works on; acd_no_telephony on a server without a card. */
export interface CardLine {
  readonly telephony: TelephonyService;
  readonly card: Card;
}

export class BackgroundWork {
  constructor(private readonly deps: { logger: Logger }) {}

  /** Writes a CDR stage off the call path; a leg this process does not own is skipped. */
  cdrStage(write: () => Promise<void>): void {
    void write().catch((err: unknown) => {
      if ((err as { code?: string }).code !== 'UNKNOWN_LEG') this.deps.logger.error({ err }, 'cdr stage');
    });
  }

  /**
   * Runs work in the background of a call (event handlers, ringing, bridging): an error is
   * logged, never left as an unhandled rejection that would take the process down.
   */
  background(work: Promise<unknown>, what: string): void {
    work.catch((err: unknown) => this.deps.logger.error({ err }, `ACD: ${what} failed`));
  }

  /** Tells the core a telephony fact; refusals that only mean "already handled" are ignored. */
  tell(fact: () => void, ignore: readonly string[] = ['acd_unknown_call', 'acd_illegal_state']): void {
    try {
      fact();
    } catch (err) {
      if (isAcdError(err) && ignore.includes(err.code)) return;
      this.deps.logger.error({ err }, 'ACD fact refused');
    }
  }
}
