/**
 * What the ACD writes while it runs, and reads back for metrics and restart recovery: agents'
 * last states, agent state changes, queue visits and survey answers.
 *
 * Writes go through ActivityWriter: one ordered queue per process, never awaited by the call
 * path (a slow database must not hold up a call), batched, flushed at shutdown. Agent states are
 * coalesced: only the latest state of each agent is written.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { AgentState } from '../agent-state.js';
import type { AgentWindowStats } from '../agent-stats.js';
import type { Actor, AgentServiceLogEntry, QueueCallRecord, VisitOutcome } from '../ports.js';
import type { PersistedAgentRow } from '../queue-service.js';
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

type Job = (db: Knex) => Promise<void>;

export class ActivityWriter {
  private readonly states = new Map<string, AgentStateSnapshot>();
  private events: Array<Record<string, unknown>> = [];
  private visits: Array<Record<string, unknown>> = [];
  private surveys: Array<Record<string, unknown>> = [];
  private readonly jobs: Job[] = [];
  private running: Promise<void> | undefined;
  private failures = 0;

  constructor(
    private readonly db: Knex,
    private readonly logger: Logger,
  ) {}

  /** Writes that failed (the database refused or was away); logged each time. */
  get failed(): number {
    return this.failures;
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

  /** Any write job (e.g. recording metadata), in order with the rest. */
  run(job: Job): void {
    this.jobs.push(job);
    this.kick();
  }

  /** Resolves when everything submitted so far is written (or given up). */
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
    return this.states.size + this.events.length + this.visits.length + this.surveys.length + this.jobs.length > 0;
  }

  private async writeBatch(): Promise<void> {
    const states = [...this.states.values()];
    this.states.clear();
    const events = this.events;
    const visits = this.visits;
    const surveys = this.surveys;
    const jobs = this.jobs.splice(0);
    this.events = [];
    this.visits = [];
    this.surveys = [];
    const step = async (what: string, work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (err) {
        this.failures++;
        this.logger.error({ err, what }, 'could not write ACD activity');
      }
    };
    for (let i = 0; i < events.length; i += 100) await step('agent events', () => this.db('acd_agent_events').insert(events.slice(i, i + 100)));
    for (let i = 0; i < visits.length; i += 100) await step('queue visits', () => this.db('acd_visits').insert(visits.slice(i, i + 100)));
    for (let i = 0; i < surveys.length; i += 100) await step('survey results', () => this.db('acd_survey_results').insert(surveys.slice(i, i + 100)));
    for (const s of states) await step('agent state', () => saveAgentState(this.db, s));
    for (const job of jobs) await step('job', () => job(this.db));
  }
}

async function saveAgentState(db: Knex, s: AgentStateSnapshot): Promise<void> {
  const values = { state: s.state, pause_reason: s.pauseReason?.slice(0, 64) ?? null, stats_json: JSON.stringify(s.stats), updated_at: nowDb() };
  const updated = await db('acd_agent_states').where({ tenant_id: s.tenantId, agent_id: s.agentId }).update(values);
  if (updated === 0) await db('acd_agent_states').insert({ tenant_id: s.tenantId, agent_id: s.agentId, ...values });
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

  /** Visits that entered a queue in [from, to). */
  async visits(db: Knex, tenantId: string, from: number, to: number): Promise<QueueCallRecord[]> {
    const rows = (await db('acd_visits')
      .where({ tenant_id: tenantId })
      .andWhere('entered_at', '>=', toDbTime(from))
      .andWhere('entered_at', '<', toDbTime(to))
      .orderBy('entered_at')) as VisitRow[];
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
   * the state at `from` is known), then every change in [from, to).
   */
  async agentEvents(db: Knex, tenantId: string, from: number, to: number): Promise<AgentServiceLogEntry[]> {
    const map = (r: EventRow): AgentServiceLogEntry => ({
      at: ms(r.at),
      agentId: r.agent_id,
      action: r.action as AgentServiceLogEntry['action'],
      from: r.from_state as AgentState,
      to: r.to_state as AgentState,
      actor: actorOf(r.actor),
      ...(r.reason === null ? {} : { reason: r.reason }),
      ...(r.call_id === null ? {} : { callId: r.call_id }),
      ...(r.queue_id === null ? {} : { queueId: r.queue_id }),
    });
    const inRange = (await db('acd_agent_events')
      .where({ tenant_id: tenantId })
      .andWhere('at', '>=', toDbTime(from))
      .andWhere('at', '<', toDbTime(to))
      .orderBy('at')) as EventRow[];
    const lastBefore = (await db('acd_agent_events as e')
      .where('e.tenant_id', tenantId)
      .andWhere('e.at', '<', toDbTime(from))
      .andWhere(
        'e.at',
        '=',
        db.raw('(select max(x.at) from acd_agent_events x where x.tenant_id = e.tenant_id and x.agent_id = e.agent_id and x.at < ?)', [toDbTime(from)]),
      )
      .select('e.*')) as EventRow[];
    return [...lastBefore.map(map).map((e) => ({ ...e, at: from })), ...inRange.map(map)];
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
