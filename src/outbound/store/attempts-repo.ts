/**
 * outbound_attempts: every call a campaign placed or a preview agent holds, written by the
 * dialler only — a row before each dial ('in_flight', or 'reserved' for a preview record) and
 * its outcome when the call ends. Rows left 'in_flight' by a crash are closed as 'interrupted'
 * at the next start. Read by the progress, attempts and results routes.
 */
import type { Knex } from 'knex';
import { fromDbJson, fromDbTime, fromDbTimeRequired, toDbJson, toDbTime } from '../../store/time.js';
import { paged, type Page, type PageResult } from '../../store/paging.js';
import type { AttemptOutcome } from '../dialler/attempt-outcome.js';

export interface Attempt {
  id: string;
  campaignId: string;
  numberId: number;
  phone: string;
  mode: string;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  outcome: AttemptOutcome;
  cause: number | null;
  durationS: number | null;
  surveyAnswers: Record<string, string> | null;
  agentId: string | null;
  callId: string | null;
  legId: string | null;
  /** The call recording (the campaign's recording policy), when there is one. */
  recordingId: string | null;
}

export interface AttemptWithRow extends Attempt {
  variables: Record<string, string>;
}

interface Row {
  id: string;
  tenant_id: string;
  campaign_id: string;
  number_id: number;
  phone: string;
  mode: string;
  started_at: unknown;
  answered_at: unknown;
  ended_at: unknown;
  outcome: string;
  cause: number | null;
  duration_s: number | null;
  survey_answers: string | null;
  agent_id: string | null;
  call_id: string | null;
  leg_id: string | null;
  recording_id?: string | null;
}

const TABLE = 'outbound_attempts';

function fromRow(row: Row): Attempt {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    numberId: Number(row.number_id),
    phone: row.phone,
    mode: row.mode,
    startedAt: fromDbTimeRequired(row.started_at),
    answeredAt: fromDbTime(row.answered_at),
    endedAt: fromDbTime(row.ended_at),
    outcome: row.outcome as AttemptOutcome,
    cause: row.cause === null ? null : Number(row.cause),
    durationS: row.duration_s === null ? null : Number(row.duration_s),
    surveyAnswers: (fromDbJson(row.survey_answers) ?? null) as Record<string, string> | null,
    agentId: row.agent_id,
    callId: row.call_id,
    legId: row.leg_id,
    recordingId: row.recording_id ?? null,
  };
}

export interface NewAttempt {
  id: string;
  tenantId: string;
  campaignId: string;
  numberId: number;
  phone: string;
  mode: string;
  startedAt: Date;
  outcome: 'in_flight' | 'reserved';
  agentId?: string | null;
}

export interface AttemptEnd {
  outcome: AttemptOutcome;
  cause?: number | null;
  answeredAt?: Date | null;
  endedAt: Date;
  surveyAnswers?: Record<string, string> | null;
  agentId?: string | null;
  callId?: string | null;
  legId?: string | null;
  recordingId?: string | null;
}

export const ATTEMPT_SORTS = { startedAt: 'started_at', phone: 'phone', outcome: 'outcome', durationS: 'duration_s' } as const;
export type AttemptSort = keyof typeof ATTEMPT_SORTS;

export const attemptsRepo = {
  async insert(db: Knex, a: NewAttempt): Promise<void> {
    await db(TABLE).insert({
      id: a.id,
      tenant_id: a.tenantId,
      campaign_id: a.campaignId,
      number_id: a.numberId,
      phone: a.phone,
      mode: a.mode,
      started_at: toDbTime(a.startedAt),
      outcome: a.outcome,
      agent_id: a.agentId ?? null,
    });
  },

  async get(db: Knex, tenantId: string, id: string): Promise<Attempt | null> {
    const row = (await db(TABLE).where({ tenant_id: tenantId, id }).first()) as Row | undefined;
    return row ? fromRow(row) : null;
  },

  /** Sets what a dial became (the call id and leg as soon as they are known). */
  async update(db: Knex, id: string, patch: { callId?: string; legId?: string; answeredAt?: Date; startedAt?: Date; outcome?: 'in_flight' }): Promise<void> {
    const row: Record<string, unknown> = {};
    if (patch.callId !== undefined) row['call_id'] = patch.callId;
    if (patch.legId !== undefined) row['leg_id'] = patch.legId;
    if (patch.answeredAt !== undefined) row['answered_at'] = toDbTime(patch.answeredAt);
    if (patch.startedAt !== undefined) row['started_at'] = toDbTime(patch.startedAt);
    if (patch.outcome !== undefined) row['outcome'] = patch.outcome;
    if (Object.keys(row).length > 0) await db(TABLE).where({ id }).update(row);
  },

  async finish(db: Knex, id: string, end: AttemptEnd): Promise<void> {
    const answered = end.answeredAt ?? null;
    await db(TABLE)
      .where({ id })
      .update({
        outcome: end.outcome,
        cause: end.cause ?? null,
        ...(answered ? { answered_at: toDbTime(answered), duration_s: Math.max(0, Math.round((end.endedAt.getTime() - answered.getTime()) / 1000)) } : {}),
        ended_at: toDbTime(end.endedAt),
        survey_answers: toDbJson(end.surveyAnswers && Object.keys(end.surveyAnswers).length > 0 ? end.surveyAnswers : null),
        ...(end.agentId !== undefined ? { agent_id: end.agentId } : {}),
        ...(end.callId !== undefined ? { call_id: end.callId } : {}),
        ...(end.legId !== undefined ? { leg_id: end.legId } : {}),
        ...(end.recordingId !== undefined ? { recording_id: end.recordingId } : {}),
      });
  },

  /** Attempts of any tenant still open (in flight or reserved): what a crash left behind. */
  async open(db: Knex): Promise<Array<Attempt & { tenantId: string }>> {
    const rows = (await db(TABLE).whereIn('outcome', ['in_flight', 'reserved'])) as Row[];
    return rows.map((r) => ({ ...fromRow(r), tenantId: r.tenant_id }));
  },

  /** How many of the number's attempts ended with one of these outcomes. */
  async countOutcomes(db: Knex, numberId: number, outcomes: readonly string[]): Promise<number> {
    const row = (await db(TABLE).where({ number_id: numberId }).whereIn('outcome', [...outcomes]).count({ n: '*' }).first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  },

  /** Attempts per outcome of a campaign. */
  async outcomeCounts(db: Knex, tenantId: string, campaignId: string): Promise<Map<string, number>> {
    const rows = (await db(TABLE).where({ tenant_id: tenantId, campaign_id: campaignId }).groupBy('outcome').select('outcome').count({ n: '*' })) as Array<{ outcome: string; n: number | string }>;
    return new Map(rows.map((r) => [r.outcome, Number(r.n)]));
  },

  async list(
    db: Knex,
    tenantId: string,
    campaignId: string,
    page: Page,
    filter: { outcome?: string | undefined; sort?: AttemptSort | undefined; order?: 'asc' | 'desc' | undefined } = {},
  ): Promise<PageResult<Attempt>> {
    const q = db(TABLE).where({ tenant_id: tenantId, campaign_id: campaignId });
    if (filter.outcome) q.andWhere({ outcome: filter.outcome });
    const column = ATTEMPT_SORTS[filter.sort ?? 'startedAt'];
    return paged(q.orderBy([{ column, order: filter.order ?? (filter.sort ? 'asc' : 'desc') }, { column: 'id' }]), page, fromRow);
  },

  /** Every attempt of a campaign with its number's variables, oldest first (the results export). */
  async withRows(db: Knex, tenantId: string, campaignId: string): Promise<AttemptWithRow[]> {
    const rows = (await db(`${TABLE} as a`)
      .join('outbound_numbers as n', 'n.id', 'a.number_id')
      .where({ 'a.tenant_id': tenantId, 'a.campaign_id': campaignId })
      .orderBy([{ column: 'a.started_at' }, { column: 'a.id' }])
      .select('a.*', 'n.variables as number_variables')) as Array<Row & { number_variables: string }>;
    return rows.map((r) => ({ ...fromRow(r), variables: (fromDbJson(r.number_variables) ?? {}) as Record<string, string> }));
  },
};
