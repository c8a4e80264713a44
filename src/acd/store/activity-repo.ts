/**
 * Tables: `acd_agent_states`, `acd_agent_events`, `acd_visits`, `acd_survey_results`.
 * Written by: the running ACD only, through ActivityWriter (acd/live); metrics routes and restart recovery read.
 *
 * What the ACD writes while it runs, and reads back for metrics and restart recovery: agents'
 * last states, agent state changes, queue visits and survey answers.
 *
 * Writes go through ActivityWriter: one ordered queue per process, never awaited by the call
 * path (a slow database must not hold up a call), batched, flushed at shutdown. Agent states are
 * coalesced: only the latest state of each agent is written.
 *
 * A dead database loses nothing: while the records writer journals, or when a batch fails, the
 * rows go one by one through the records service (records/row-ops.ts), which commits them,
 * journals them until the database is back, or keeps the ones it refuses in the dead letters.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { AgentState } from '../agent-state.js';
import type { AgentWindowStats } from '../agent-stats.js';
import type { Actor, AgentServiceLogEntry, QueueCallRecord, VisitOutcome } from '../ports.js';
import type { PersistedAgentRow } from '../queue-service.js';
import type { RecordsService } from '../../records/service.js';
import { applyRowOp, type Row, type RowOp } from '../../records/row-ops.js';
import { isUnavailableError } from '../../store/errors.js';
import { fromDbJson, fromDbTime, fromDbTimeRequired, nowDb, toDbTime } from '../../store/time.js';

export interface AgentStateSnapshot {
  tenantId: string;
  agentId: string;
  state: AgentState;
  pauseReason: string | undefined;
  stats: AgentWindowStats;
}

export interface SurveyResult {
  tenantId: string;
  callId: string;
  legId: string | null;
  agentId: string | null;
  queueId: string | null;
  rating: number | null;
  at: number;
}

function actorText(actor: Actor): string {
  return actor.kind === 'supervisor' ? `supervisor:${actor.id}`.slice(0, 64) : actor.kind;
}

function actorOf(text: string): Actor {
  if (text.startsWith('supervisor:')) return { kind: 'supervisor', id: text.slice('supervisor:'.length) };
  return text === 'agent' ? { kind: 'agent' } : { kind: 'system' };
}

/** Where rows go when they cannot be written directly (RecordsService in the server). */
export type ActivityFallback = Pick<RecordsService, 'mode' | 'activity'>;

/** Rows by where they ended up; `lost` ones could not even be handed to the records writer. */
export interface ActivityStats {
  written: number;
  journalled: number;
  /** Held in memory by the records writer (database and journal both away) until either returns. */
  heldInMemory: number;
  deadLettered: number;
  lost: number;
}

const BATCH = 100;

export class ActivityWriter {
  private readonly states = new Map<string, AgentStateSnapshot>();
  private events: Row[] = [];
  private visits: Row[] = [];
  private surveys: Row[] = [];
  private rows: RowOp[] = [];
  private running: Promise<void> | undefined;
  private readonly counts: ActivityStats = { written: 0, journalled: 0, heldInMemory: 0, deadLettered: 0, lost: 0 };

  constructor(
    private readonly db: Knex,
    private readonly records: ActivityFallback,
    private readonly logger: Logger,
  ) {}

  /** Rows not in the database nor on their way to it (journal): dead-lettered or lost; logged each time. */
  get failed(): number {
    return this.counts.deadLettered + this.counts.lost;
  }

  get stats(): Readonly<ActivityStats> {
    return { ...this.counts };
  }

  agentState(snapshot: AgentStateSnapshot): void {
    this.states.set(`${snapshot.tenantId}\u0000${snapshot.agentId}`, snapshot);
    this.kick();
  }

  agentEvent(tenantId: string, entry: AgentServiceLogEntry): void {
    this.events.push({
      id: randomUUID(),
      tenant_id: tenantId,
      at: toDbTime(entry.at),
      agent_id: entry.agentId,
      action: entry.action,
      from_state: entry.from,
      to_state: entry.to,
      reason: entry.reason?.slice(0, 64) ?? null,
      actor: actorText(entry.actor),
      call_id: entry.callId ?? null,
      queue_id: entry.queueId ?? null,
    });
    this.kick();
  }

  visit(tenantId: string, record: QueueCallRecord): void {
    this.visits.push({
      id: randomUUID(),
      tenant_id: tenantId,
      call_id: record.callId,
      queue_id: record.queueId,
      priority: record.priority,
      entered_at: toDbTime(record.enteredAt),
      left_at: toDbTime(record.leftAt),
      outcome: record.outcome,
      wait_ms: Math.round(record.waitMs),
      agent_id: record.agentId ?? null,
      answered_at: record.answeredAt === undefined ? null : toDbTime(record.answeredAt),
      talk_ms: record.talkMs === undefined ? null : Math.round(record.talkMs),
      wrap_ms: record.wrapMs === undefined ? null : Math.round(record.wrapMs),
    });
    this.kick();
  }

  survey(result: SurveyResult): void {
    this.surveys.push({
      id: randomUUID(),
      tenant_id: result.tenantId,
      at: toDbTime(result.at),
      call_id: result.callId,
      leg_id: result.legId,
      agent_id: result.agentId,
      queue_id: result.queueId,
      rating: result.rating,
    });
    this.kick();
  }

  /** Any other row operation (e.g. recording metadata), in order with the rest. */
  row(op: RowOp): void {
    this.rows.push(op);
    this.kick();
  }

  /** Resolves when everything submitted so far is written, journalled or dead-lettered. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running) return;
    this.running = (async () => {
      // Let the current input finish queueing its writes: one batch per burst.
      await new Promise((r) => setImmediate(r));
      while (this.pending()) await this.writeBatch();
    })().finally(() => {
      this.running = undefined;
      // Something queued between the last check and now starts the next round.
      if (this.pending()) this.kick();
    });
  }

  private pending(): boolean {
    return this.states.size + this.events.length + this.visits.length + this.surveys.length + this.rows.length > 0;
  }

  private async writeBatch(): Promise<void> {
    const states = [...this.states.values()];
    this.states.clear();
    const events = this.events;
    const visits = this.visits;
    const surveys = this.surveys;
    const rows = this.rows;
    this.events = [];
    this.visits = [];
    this.surveys = [];
    this.rows = [];
    const inserts = (table: string, all: Row[]) => all.map((row): RowOp => ({ kind: 'row.insert', id: String(row['id']), table, row }));
    for (let i = 0; i < events.length; i += BATCH) await this.write('agent events', inserts('acd_agent_events', events.slice(i, i + BATCH)));
    for (let i = 0; i < visits.length; i += BATCH) await this.write('queue visits', inserts('acd_visits', visits.slice(i, i + BATCH)));
    for (let i = 0; i < surveys.length; i += BATCH) await this.write('survey results', inserts('acd_survey_results', surveys.slice(i, i + BATCH)));
    for (const s of states) await this.write('agent state', [agentStateOp(s)]);
    for (const op of rows) await this.write(op.table, [op]);
  }

  /**
   * One multi-row insert (or one op) straight to the database while it is fine; otherwise the
   * rows one by one, in order, through the records writer.
   */
  private async write(what: string, ops: RowOp[]): Promise<void> {
    if (this.records.mode !== 'journal') {
      try {
        await this.direct(ops);
        this.counts.written += ops.length;
        return;
      } catch (err) {
        // Unavailable: the records writer journals them. Refused: it finds which row, and keeps it.
        this.logger.warn({ err, what, rows: ops.length, unavailable: isUnavailableError(err) }, 'could not write ACD activity directly: handing it to the records writer');
      }
    }
    for (const op of ops) {
      try {
        const path = await this.records.activity.submit(op);
        if (path === 'db') this.counts.written++;
        else if (path === 'journal') this.counts.journalled++;
        else if (path === 'memory') this.counts.heldInMemory++;
        else this.counts.deadLettered++;
      } catch (err) {
        this.counts.lost++;
        this.logger.error({ err, what, op }, 'ACD activity lost: the records writer did not take it');
      }
    }
  }

  private async direct(ops: RowOp[]): Promise<void> {
    const inserts = ops.flatMap((op) => (op.kind === 'row.insert' ? [op] : []));
    if (ops.length > 1 && inserts.length === ops.length) {
      // A batch is one table's fresh rows: one statement (new ids, so no conflict to handle).
      await this.db(inserts[0]!.table).insert(inserts.map((op) => op.row));
      return;
    }
    for (const op of ops) await applyRowOp(this.db, op);
  }
}

/** The latest state of an agent: written over the previous one (primary key tenant, agent). */
function agentStateOp(s: AgentStateSnapshot): RowOp {
  return {
    kind: 'row.upsert',
    id: `${s.tenantId}/${s.agentId}`,
    table: 'acd_agent_states',
    key: { tenant_id: s.tenantId, agent_id: s.agentId },
    values: { state: s.state, pause_reason: s.pauseReason?.slice(0, 64) ?? null, stats_json: JSON.stringify(s.stats), updated_at: nowDb() },
  };
}

interface VisitRow {
  call_id: string;
  queue_id: string;
  priority: number;
  entered_at: unknown;
  left_at: unknown;
  outcome: string;
  wait_ms: number;
  agent_id: string | null;
  answered_at: unknown;
  talk_ms: number | null;
  wrap_ms: number | null;
}

interface EventRow {
  at: unknown;
  agent_id: string;
  action: string;
  from_state: string;
  to_state: string;
  reason: string | null;
  actor: string;
  call_id: string | null;
  queue_id: string | null;
}

const ms = (v: unknown): number => Date.parse(fromDbTimeRequired(v));

function eventOf(r: EventRow): AgentServiceLogEntry {
  return {
    at: ms(r.at),
    agentId: r.agent_id,
    action: r.action as AgentServiceLogEntry['action'],
    from: r.from_state as AgentState,
    to: r.to_state as AgentState,
    actor: actorOf(r.actor),
    ...(r.reason === null ? {} : { reason: r.reason }),
    ...(r.call_id === null ? {} : { callId: r.call_id }),
    ...(r.queue_id === null ? {} : { queueId: r.queue_id }),
  };
}

/** Each agent's last state change before `from` (one row per agent). */
async function lastEventsBefore(db: Knex, tenantId: string, from: number): Promise<EventRow[]> {
  return (await db('acd_agent_events as e')
    .where('e.tenant_id', tenantId)
    .andWhere('e.at', '<', toDbTime(from))
    .andWhere(
      'e.at',
      '=',
      db.raw('(select max(x.at) from acd_agent_events x where x.tenant_id = e.tenant_id and x.agent_id = e.agent_id and x.at < ?)', [toDbTime(from)]),
    )
    .select('e.*')) as EventRow[];
}

export const acdActivityRepo = {
  async agentStates(db: Knex, tenantId: string): Promise<PersistedAgentRow[]> {
    const rows = (await db('acd_agent_states').where({ tenant_id: tenantId })) as Array<{ agent_id: string; state: string; pause_reason: string | null; stats_json: string | null }>;
    return rows.map((r) => ({
      id: r.agent_id,
      state: r.state as AgentState,
      pauseReason: r.pause_reason,
      ...(r.stats_json ? { stats: fromDbJson(r.stats_json) as AgentWindowStats } : {}),
    }));
  },

  /** Visits that entered a queue in [from, to), the first `limit` of them when given. */
  async visits(db: Knex, tenantId: string, from: number, to: number, limit?: number): Promise<QueueCallRecord[]> {
    const query = db('acd_visits')
      .where({ tenant_id: tenantId })
      .andWhere('entered_at', '>=', toDbTime(from))
      .andWhere('entered_at', '<', toDbTime(to))
      .orderBy('entered_at');
    if (limit !== undefined) void query.limit(limit);
    const rows = (await query) as VisitRow[];
    return rows.map((r) => {
      const answeredAt = fromDbTime(r.answered_at);
      return {
        callId: r.call_id,
        queueId: r.queue_id,
        priority: Number(r.priority),
        enteredAt: ms(r.entered_at),
        leftAt: ms(r.left_at),
        outcome: r.outcome as VisitOutcome,
        waitMs: Number(r.wait_ms),
        ...(r.agent_id === null ? {} : { agentId: r.agent_id }),
        ...(answeredAt === null ? {} : { answeredAt: Date.parse(answeredAt) }),
        ...(r.talk_ms === null ? {} : { talkMs: Number(r.talk_ms) }),
        ...(r.wrap_ms === null ? {} : { wrapMs: Number(r.wrap_ms) }),
      };
    });
  },

  /**
   * Agent state changes up to `to`, starting with each agent's last change before `from` (so
   * the state at `from` is known), then every change in [from, to) (the first `limit` of them
   * when given).
   */
  async agentEvents(db: Knex, tenantId: string, from: number, to: number, limit?: number): Promise<AgentServiceLogEntry[]> {
    const inRangeQuery = db('acd_agent_events')
      .where({ tenant_id: tenantId })
      .andWhere('at', '>=', toDbTime(from))
      .andWhere('at', '<', toDbTime(to))
      .orderBy('at');
    if (limit !== undefined) void inRangeQuery.limit(limit);
    const inRange = (await inRangeQuery) as EventRow[];
    const lastBefore = await lastEventsBefore(db, tenantId, from);
    return [...lastBefore.map(eventOf).map((e) => ({ ...e, at: from })), ...inRange.map(eventOf)];
  },

  /**
   * The agent-events listing: the last `limit` entries of agentEvents(from, to), optionally of
   * one agent, limited in the query (the earlier ones are never read).
   */
  async latestAgentEvents(db: Knex, tenantId: string, from: number, to: number, agentId: string | undefined, limit: number): Promise<AgentServiceLogEntry[]> {
    const query = db('acd_agent_events')
      .where({ tenant_id: tenantId })
      .andWhere('at', '>=', toDbTime(from))
      .andWhere('at', '<', toDbTime(to));
    if (agentId !== undefined) void query.andWhere({ agent_id: agentId });
    // Counted first, then read in the same (ascending) order as agentEvents, skipping the earlier rows.
    const counted = (await query.clone().count({ n: '*' })) as Array<{ n: number | string }>;
    const skip = Math.max(0, Number(counted[0]?.n ?? 0) - limit);
    const inRange = (await query.orderBy('at').limit(limit).offset(skip)) as EventRow[];
    if (inRange.length >= limit) return inRange.map(eventOf);
    const lastBefore = (await lastEventsBefore(db, tenantId, from)).filter((r) => agentId === undefined || r.agent_id === agentId);
    return [...lastBefore.map(eventOf).map((e) => ({ ...e, at: from })), ...inRange.map(eventOf)].slice(-limit);
  },

  async surveys(db: Knex, tenantId: string, from: number, to: number, limit: number): Promise<SurveyResult[]> {
    const rows = (await db('acd_survey_results')
      .where({ tenant_id: tenantId })
      .andWhere('at', '>=', toDbTime(from))
      .andWhere('at', '<', toDbTime(to))
      .orderBy('at', 'desc')
      .limit(limit)) as Array<{ call_id: string; leg_id: string | null; agent_id: string | null; queue_id: string | null; rating: number | null; at: unknown }>;
    return rows.map((r) => ({ tenantId, callId: r.call_id, legId: r.leg_id, agentId: r.agent_id, queueId: r.queue_id, rating: r.rating === null ? null : Number(r.rating), at: ms(r.at) }));
  },
};
