/**
 * The dialler's writes, each in one transaction: an attempt is counted and written before its
 * dial, closed with its outcome (and the number's next attempt from the campaign's retry rule)
 * when the call ends, and closed as 'interrupted' at the next start when a crash cut it.
 */
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { RetryRules } from '../campaign-settings.js';
import { attemptsRepo, type AttemptEnd } from '../store/attempts-repo.js';
import { campaignNumbersRepo, type CampaignNumber, type NumberBookkeeping } from '../store/campaign-numbers-repo.js';
import { campaignsRepo } from '../store/campaigns-repo.js';
import { retryRuleOf } from './attempt-outcome.js';

export interface BegunAttempt {
  id: string;
  before: NumberBookkeeping;
}

export class AttemptLedger {
  constructor(private readonly db: () => Knex) {}

  /** Counts the attempt on the number and writes it 'in_flight', before anything is dialled. */
  async begin(input: { tenantId: string; campaignId: string; mode: string; number: CampaignNumber; today: string; at: Date; agentId?: string }): Promise<BegunAttempt> {
    const id = randomUUID();
    return this.db().transaction(async (trx) => {
      const before = await campaignNumbersRepo.countAttempt(trx, input.number.id, input.today, input.at);
      await attemptsRepo.insert(trx, {
        id,
        tenantId: input.tenantId,
        campaignId: input.campaignId,
        numberId: input.number.id,
        phone: input.number.phone,
        mode: input.mode,
        startedAt: input.at,
        outcome: 'in_flight',
        agentId: input.agentId ?? null,
      });
      return { id, before };
    });
  }

  /** Holds a due number for a preview agent: not an attempt yet, and no longer due for anyone else. */
  async reserve(input: { tenantId: string; campaignId: string; number: CampaignNumber; at: Date; agentId: string }): Promise<string> {
    const id = randomUUID();
    await this.db().transaction(async (trx) => {
      await campaignNumbersRepo.settle(trx, input.number.id, 'reserved', null);
      await attemptsRepo.insert(trx, { id, tenantId: input.tenantId, campaignId: input.campaignId, numberId: input.number.id, phone: input.number.phone, mode: 'preview', startedAt: input.at, outcome: 'reserved', agentId: input.agentId });
    });
    return id;
  }

  /** The preview agent dials the record: it becomes an attempt, counted and in flight. */
  async beginReserved(attemptId: string, numberId: number, today: string, at: Date): Promise<BegunAttempt> {
    return this.db().transaction(async (trx) => {
      const before = await campaignNumbersRepo.countAttempt(trx, numberId, today, at);
      await attemptsRepo.update(trx, attemptId, { outcome: 'in_flight', startedAt: at });
      return { id: attemptId, before };
    });
  }

  /** The preview agent passes: the number is due again after the 'failed' rule's interval. */
  async skip(attemptId: string, numberId: number, retryRules: RetryRules, at: Date): Promise<void> {
    await this.db().transaction(async (trx) => {
      await attemptsRepo.finish(trx, attemptId, { outcome: 'skipped', endedAt: at });
      await campaignNumbersRepo.settle(trx, numberId, 'skipped', new Date(at.getTime() + retryRules.failed.intervalMinutes * 60_000));
    });
  }

  /** A preview record held too long: no attempt, and due again for anyone at once. */
  async releaseHeld(attemptId: string, numberId: number, at: Date): Promise<void> {
    await this.db().transaction(async (trx) => {
      const deleted = await trx('outbound_attempts').where({ id: attemptId, outcome: 'reserved' }).delete();
      if (deleted > 0) await campaignNumbersRepo.settle(trx, numberId, 'reserved', at);
    });
  }

  /** Our own trunks could not take the call: it was never placed, so it is no attempt. */
  async cancel(numberId: number, attempt: BegunAttempt): Promise<void> {
    await this.db().transaction(async (trx) => {
      await trx('outbound_attempts').where({ id: attempt.id }).delete();
      await campaignNumbersRepo.uncountAttempt(trx, numberId, attempt.before);
    });
  }

  /** Closes the attempt and sets when the number is due again (null: done). */
  async end(numberId: number, attemptId: string, retryRules: RetryRules, end: AttemptEnd): Promise<Date | null> {
    return this.db().transaction(async (trx) => {
      await attemptsRepo.finish(trx, attemptId, end);
      const next = await nextAttempt(trx, numberId, retryRules, end);
      await campaignNumbersRepo.settle(trx, numberId, end.outcome, next);
      return next;
    });
  }

  /**
   * After a crash: every attempt left in flight is closed as 'interrupted' and its number
   * scheduled under the 'failed' rule (the daily cap still applies when it is picked); a
   * preview record left reserved goes back to the list. Returns how many were closed.
   */
  async recover(now: Date): Promise<number> {
    const open = await attemptsRepo.open(this.db());
    for (const attempt of open) {
      await this.db().transaction(async (trx) => {
        if (attempt.outcome === 'reserved') {
          await trx('outbound_attempts').where({ id: attempt.id }).delete();
          await campaignNumbersRepo.settle(trx, attempt.numberId, 'reserved', now);
          return;
        }
        const campaign = await campaignsRepo.get(trx, attempt.tenantId, attempt.campaignId);
        await attemptsRepo.finish(trx, attempt.id, { outcome: 'interrupted', endedAt: now });
        const next = campaign ? await nextAttempt(trx, attempt.numberId, campaign.retryRules, { outcome: 'interrupted', endedAt: now }) : null;
        await campaignNumbersRepo.settle(trx, attempt.numberId, 'interrupted', next);
      });
    }
    return open.length;
  }
}

async function nextAttempt(db: Knex, numberId: number, retryRules: RetryRules, end: AttemptEnd): Promise<Date | null> {
  const retry = retryRuleOf(end.outcome);
  if (!retry) return null;
  const rule = retryRules[retry.rule];
  // This attempt is one of them: the first is no retry.
  const tries = await attemptsRepo.countOutcomes(db, numberId, retry.counted);
  if (tries > rule.retries) return null;
  return new Date(end.endedAt.getTime() + rule.intervalMinutes * 60_000);
}
