/**
 * outbound_numbers: the numbers of a campaign, one row per number, with the imported row's
 * variables and the attempt bookkeeping the dialler keeps (attempts, attempts today, next
 * attempt time, last outcome). Written by imports and, later, by the dialler.
 */
import type { Knex } from 'knex';
import { fromDbJson, fromDbTime, fromDbTimeRequired, nowDb, toDbJson } from '../../store/time.js';
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

  async count(db: Knex, tenantId: string, campaignId: string): Promise<number> {
    const row = (await db(TABLE).where({ tenant_id: tenantId, campaign_id: campaignId }).count({ n: '*' }).first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  },
};
