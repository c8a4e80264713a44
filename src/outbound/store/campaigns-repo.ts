/**
 * outbound_campaigns: one row per campaign of a tenant. Written only by the outbound module
 * (its routes, and the dialler for the state). Every query names the tenant.
 */
import type { Knex } from 'knex';
import { fromDbJson, fromDbTimeRequired, nowDb, toDbJson } from '../../store/time.js';
import { paged, type Page, type PageResult } from '../../store/paging.js';
import type { CampaignState } from '../campaign-state.js';
import type { CampaignCreate, CampaignUpdate, OnAnswer, RetryRules, TimeWindow } from '../campaign-settings.js';
import type { DiallingMode } from '../pacing/pacer.js';

export interface Campaign {
  id: string;
  tenantId: string;
  name: string;
  callingNumber: string;
  timeWindows: TimeWindow[];
  retryRules: RetryRules;
  maxAttemptsPerDay: number;
  maxLines: number;
  recordingPolicy: 'none' | 'answered' | 'all';
  mode: DiallingMode;
  ratio: number;
  abandonCapPct: number;
  onAnswer: OnAnswer | null;
  state: CampaignState;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  tenant_id: string;
  name: string;
  calling_number: string;
  time_windows: string;
  retry_rules: string;
  max_attempts_per_day: number;
  max_lines: number;
  recording_policy: string;
  mode: string;
  ratio: number;
  abandon_cap_pct: number;
  on_answer: string | null;
  state: string;
  created_by: string | null;
  created_at: unknown;
  updated_at: unknown;
}

const TABLE = 'outbound_campaigns';

/** The orders a campaigns list may be asked for; newest first when none is. */
export const CAMPAIGN_SORTS = {
  '-createdAt': { column: 'created_at', direction: 'desc' },
  createdAt: { column: 'created_at', direction: 'asc' },
  name: { column: 'name', direction: 'asc' },
  '-name': { column: 'name', direction: 'desc' },
  state: { column: 'state', direction: 'asc' },
  '-state': { column: 'state', direction: 'desc' },
  updatedAt: { column: 'updated_at', direction: 'asc' },
  '-updatedAt': { column: 'updated_at', direction: 'desc' },
} as const;
export type CampaignSort = keyof typeof CAMPAIGN_SORTS;

function fromRow(row: Row): Campaign {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    callingNumber: row.calling_number,
    timeWindows: fromDbJson(row.time_windows) as TimeWindow[],
    retryRules: fromDbJson(row.retry_rules) as RetryRules,
    maxAttemptsPerDay: Number(row.max_attempts_per_day),
    maxLines: Number(row.max_lines),
    recordingPolicy: row.recording_policy as Campaign['recordingPolicy'],
    mode: row.mode as DiallingMode,
    ratio: Number(row.ratio),
    abandonCapPct: Number(row.abandon_cap_pct),
    onAnswer: (fromDbJson(row.on_answer) ?? null) as OnAnswer | null,
    state: row.state as CampaignState,
    createdBy: row.created_by,
    createdAt: fromDbTimeRequired(row.created_at),
    updatedAt: fromDbTimeRequired(row.updated_at),
  };
}

function settingsColumns(input: CampaignUpdate): Partial<Row> {
  const row: Partial<Row> = {};
  if (input.name !== undefined) row.name = input.name;
  if (input.callingNumber !== undefined) row.calling_number = input.callingNumber;
  if (input.timeWindows !== undefined) row.time_windows = toDbJson(input.timeWindows)!;
  if (input.retryRules !== undefined) row.retry_rules = toDbJson(input.retryRules)!;
  if (input.maxAttemptsPerDay !== undefined) row.max_attempts_per_day = input.maxAttemptsPerDay;
  if (input.maxLines !== undefined) row.max_lines = input.maxLines;
  if (input.recordingPolicy !== undefined) row.recording_policy = input.recordingPolicy;
  if (input.mode !== undefined) row.mode = input.mode;
  if (input.ratio !== undefined) row.ratio = input.ratio;
  if (input.abandonCapPct !== undefined) row.abandon_cap_pct = input.abandonCapPct;
  if (input.onAnswer !== undefined) row.on_answer = toDbJson(input.onAnswer);
  return row;
}

export const campaignsRepo = {
  async insert(db: Knex, input: CampaignCreate & { id: string; tenantId: string; createdBy: string | null }): Promise<Campaign> {
    const now = nowDb();
    await db(TABLE).insert({ ...settingsColumns(input), id: input.id, tenant_id: input.tenantId, state: 'draft', created_by: input.createdBy, created_at: now, updated_at: now });
    return (await campaignsRepo.get(db, input.tenantId, input.id))!;
  },

  async get(db: Knex, tenantId: string, id: string): Promise<Campaign | null> {
    const row = (await db(TABLE).where({ tenant_id: tenantId, id }).first()) as Row | undefined;
    return row ? fromRow(row) : null;
  },

  async nameTaken(db: Knex, tenantId: string, name: string, exceptId?: string): Promise<boolean> {
    const q = db(TABLE).where({ tenant_id: tenantId, name });
    if (exceptId) q.whereNot({ id: exceptId });
    return (await q.first('id')) !== undefined;
  },

  async list(db: Knex, tenantId: string, page: Page, filter: { state?: CampaignState; search?: string; sort?: CampaignSort } = {}): Promise<PageResult<Campaign>> {
    const q = db(TABLE).where({ tenant_id: tenantId });
    if (filter.state) q.andWhere({ state: filter.state });
    if (filter.search) {
      // LIKE with its wildcards escaped ('!' as the escape: the same SQL on SQLite and MySQL).
      const like = `%${filter.search.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
      q.andWhere((w) => w.whereRaw("LOWER(name) LIKE ? ESCAPE '!'", [like]).orWhereRaw("calling_number LIKE ? ESCAPE '!'", [like]));
    }
    const sort = CAMPAIGN_SORTS[filter.sort ?? '-createdAt'];
    return paged(q.orderBy([{ column: sort.column, order: sort.direction }, { column: 'id' }]), page, fromRow);
  },

  async update(db: Knex, tenantId: string, id: string, input: CampaignUpdate): Promise<Campaign | null> {
    await db(TABLE).where({ tenant_id: tenantId, id }).update({ ...settingsColumns(input), updated_at: nowDb() });
    return campaignsRepo.get(db, tenantId, id);
  },

  /** Every campaign in one of `states`, of every tenant (the dialler's view at start-up). */
  async inStates(db: Knex, states: readonly CampaignState[]): Promise<Campaign[]> {
    return ((await db(TABLE).whereIn('state', [...states])) as Row[]).map(fromRow);
  },

  async setState(db: Knex, tenantId: string, id: string, from: CampaignState, to: CampaignState): Promise<boolean> {
    // Conditional on the state read: two operators pressing at once cannot both win.
    const changed = await db(TABLE).where({ tenant_id: tenantId, id, state: from }).update({ state: to, updated_at: nowDb() });
    return changed === 1;
  },

  async remove(db: Knex, tenantId: string, id: string): Promise<void> {
    await db('outbound_numbers').where({ tenant_id: tenantId, campaign_id: id }).delete();
    await db(TABLE).where({ tenant_id: tenantId, id }).delete();
  },
};
