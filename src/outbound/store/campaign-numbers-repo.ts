/**
 * outbound_numbers: the numbers of a campaign, one row per number, with the imported row's
 * variables and the attempt bookkeeping the dialler keeps (attempts, attempts today, next
 * attempt time, last outcome). Written by imports and by the dialler.
 *
 * A number is due when it was never tried (no attempt, no outcome) or its next attempt time
 * has come, and it has attempts left today. A number being dialled, or done (answered, out of
 * retries, on the do-not-call list), has no next attempt time.
 */
import type { Knex } from 'knex';
import { fromDbJson, fromDbTime, fromDbTimeRequired, nowDb, toDbJson, toDbTime } from '../../store/time.js';
import { paged, type Page, type PageResult } from '../../store/paging.js';

export interface CampaignNumber {
  id: number;
  campaignId: string;
  phone: string;
  variables: Record<string, string>;
  sourceRow: number;
  attempts: number;
  attemptsToday: number;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  lastOutcome: string | null;
  createdAt: string;
}

export interface NewCampaignNumber {
  phone: string;
  variables: Record<string, string>;
  sourceRow: number;
}

interface Row {
  id: number;
  campaign_id: string;
  phone: string;
  variables: string;
  source_row: number;
  attempts: number;
  attempts_today: number;
  last_attempt_at: unknown;
  next_attempt_at: unknown;
  last_outcome: string | null;
  created_at: unknown;
}

const TABLE = 'outbound_numbers';
// SQLite allows 999 bound variables per statement in old builds; 8 columns per row stays under it.
const INSERT_CHUNK = 100;

function fromRow(row: Row): CampaignNumber {
  return {
    id: Number(row.id),
    campaignId: row.campaign_id,
    phone: row.phone,
    variables: (fromDbJson(row.variables) ?? {}) as Record<string, string>,
    sourceRow: Number(row.source_row),
    attempts: Number(row.attempts),
    attemptsToday: Number(row.attempts_today),
    lastAttemptAt: fromDbTime(row.last_attempt_at),
    nextAttemptAt: fromDbTime(row.next_attempt_at),
    lastOutcome: row.last_outcome,
    createdAt: fromDbTimeRequired(row.created_at),
  };
}

/** What a number's bookkeeping was before a dial (to put back when the dial never left our trunks). */
export interface NumberBookkeeping {
  attempts: number;
  attemptsToday: number;
  attemptsDay: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  lastOutcome: string | null;
}

function dayOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

/** Numbers of the campaign that may be dialled at `now` on the tenant-local `today`. */
function dueQuery(db: Knex, campaignId: string, now: Date, today: string, maxPerDay: number): Knex.QueryBuilder {
  return db(TABLE)
    .where({ campaign_id: campaignId })
    .andWhere((q) => q.where((n) => n.where({ attempts: 0 }).whereNull('next_attempt_at').whereNull('last_outcome')).orWhere('next_attempt_at', '<=', toDbTime(now)))
    .andWhere((q) => q.whereNull('attempts_day').orWhereNot('attempts_day', today).orWhere('attempts_today', '<', maxPerDay));
}

export const campaignNumbersRepo = {
  /** Inserts the rows; the caller holds the transaction that makes an import all or nothing. */
  async insertMany(db: Knex, tenantId: string, campaignId: string, rows: readonly NewCampaignNumber[]): Promise<number> {
    const now = nowDb();
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await db(TABLE).insert(
        rows.slice(i, i + INSERT_CHUNK).map((r) => ({
          campaign_id: campaignId,
          tenant_id: tenantId,
          phone: r.phone,
          variables: toDbJson(r.variables),
          source_row: r.sourceRow,
          attempts: 0,
          attempts_today: 0,
          created_at: now,
        })),
      );
    }
    return rows.length;
  },

  /** Which of `phones` the campaign holds already. */
  async existing(db: Knex, campaignId: string, phones: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < phones.length; i += 500) {
      const rows = (await db(TABLE).where({ campaign_id: campaignId }).whereIn('phone', phones.slice(i, i + 500)).select('phone')) as Array<{ phone: string }>;
      for (const r of rows) found.add(r.phone);
    }
    return found;
  },

  async list(db: Knex, tenantId: string, campaignId: string, page: Page, filter: { search?: string } = {}): Promise<PageResult<CampaignNumber>> {
    const q = db(TABLE).where({ tenant_id: tenantId, campaign_id: campaignId });
    if (filter.search) q.andWhere('phone', 'like', `%${filter.search.replace(/[%_\\]/g, '')}%`);
    return paged(q.orderBy('id'), page, fromRow);
  },

  async get(db: Knex, id: number): Promise<CampaignNumber | null> {
    const row = (await db(TABLE).where({ id }).first()) as Row | undefined;
    return row ? fromRow(row) : null;
  },

  /** The numbers due now, first the longest waiting, then in import order. */
  async due(db: Knex, campaignId: string, now: Date, today: string, maxPerDay: number, limit: number): Promise<CampaignNumber[]> {
    const rows = (await dueQuery(db, campaignId, now, today, maxPerDay)
      .orderByRaw('next_attempt_at is not null, next_attempt_at, id')
      .limit(limit)) as Row[];
    return rows.map(fromRow);
  },

  async countDue(db: Knex, campaignId: string, now: Date, today: string, maxPerDay: number): Promise<number> {
    const row = (await dueQuery(db, campaignId, now, today, maxPerDay).count({ n: '*' }).first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  },

  /** The earliest next attempt time still to come (when the dialler looks again). */
  async nextDueAt(db: Knex, campaignId: string, now: Date): Promise<Date | null> {
    const row = (await db(TABLE).where({ campaign_id: campaignId }).where('next_attempt_at', '>', toDbTime(now)).min({ at: 'next_attempt_at' }).first()) as { at: unknown } | undefined;
    const at = fromDbTime(row?.at ?? null);
    return at ? new Date(at) : null;
  },

  /** Numbers with something still to do: never tried, or a retry to come (or a call up). */
  async countRemaining(db: Knex, campaignId: string): Promise<number> {
    const row = (await db(TABLE)
      .where({ campaign_id: campaignId })
      .andWhere((q) => q.where((n) => n.where({ attempts: 0 }).whereNull('last_outcome')).orWhereNotNull('next_attempt_at').orWhere({ last_outcome: 'in_flight' }))
      .count({ n: '*' })
      .first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  },

  /**
   * Counts an attempt on the number (in total and on the tenant-local day) and takes it off the
   * due list while the call is up; returns what it was, to put back if the dial never left.
   */
  async countAttempt(db: Knex, id: number, today: string, at: Date): Promise<NumberBookkeeping> {
    const row = (await db(TABLE).where({ id }).first('attempts', 'attempts_today', 'attempts_day', 'last_attempt_at', 'next_attempt_at', 'last_outcome')) as Pick<Row, 'attempts' | 'attempts_today' | 'last_attempt_at' | 'next_attempt_at' | 'last_outcome'> & { attempts_day: unknown };
    const before: NumberBookkeeping = {
      attempts: Number(row.attempts),
      attemptsToday: Number(row.attempts_today),
      attemptsDay: dayOf(row.attempts_day),
      lastAttemptAt: fromDbTime(row.last_attempt_at),
      nextAttemptAt: fromDbTime(row.next_attempt_at),
      lastOutcome: row.last_outcome,
    };
    await db(TABLE)
      .where({ id })
      .update({
        attempts: before.attempts + 1,
        attempts_today: before.attemptsDay === today ? before.attemptsToday + 1 : 1,
        attempts_day: today,
        last_attempt_at: toDbTime(at),
        next_attempt_at: null,
        last_outcome: 'in_flight',
      });
    return before;
  },

  /** Puts back what countAttempt changed (our own trunks were full: no call was placed). */
  async uncountAttempt(db: Knex, id: number, before: NumberBookkeeping): Promise<void> {
    await db(TABLE)
      .where({ id })
      .update({
        attempts: before.attempts,
        attempts_today: before.attemptsToday,
        attempts_day: before.attemptsDay,
        last_attempt_at: before.lastAttemptAt ? toDbTime(before.lastAttemptAt) : null,
        next_attempt_at: before.nextAttemptAt ? toDbTime(before.nextAttemptAt) : null,
        last_outcome: before.lastOutcome,
      });
  },

  /** The outcome of the number's last attempt, and when it is due again (null: done). */
  async settle(db: Knex, id: number, outcome: string, nextAttemptAt: Date | null): Promise<void> {
    await db(TABLE).where({ id }).update({ last_outcome: outcome, next_attempt_at: nextAttemptAt ? toDbTime(nextAttemptAt) : null });
  },

  async count(db: Knex, tenantId: string, campaignId: string): Promise<number> {
    const row = (await db(TABLE).where({ tenant_id: tenantId, campaign_id: campaignId }).count({ n: '*' }).first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  },
};
