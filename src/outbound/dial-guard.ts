/**
 * The checks the dialler makes before every dial, whatever the campaign says: a number on the
 * tenant's do-not-call list is never dialled — also when it was added after the import — and a
 * number that is not a phone number is never dialled either.
 */
import type { Knex } from 'knex';
import { normalisePhone } from './phone-number.js';
import { doNotCallRepo } from './store/do-not-call-repo.js';

export type DialDecision = { allowed: true; phone: string } | { allowed: false; reason: 'do_not_call' | 'bad_number' };

export class DialGuard {
  constructor(private readonly db: () => Knex) {}

  async mayDial(tenantId: string, number: string): Promise<DialDecision> {
    const phone = normalisePhone(number);
    if (phone === null) return { allowed: false, reason: 'bad_number' };
    if (await doNotCallRepo.findByPhone(this.db(), tenantId, phone)) return { allowed: false, reason: 'do_not_call' };
    return { allowed: true, phone };
  }
}
