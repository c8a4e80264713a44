/**
 * Tables: `acd_queues`, `acd_agents`, `acd_memberships`, `acd_entry_points`, `acd_calendars`, `acd_calendar_days`, `acd_supervisor_teams` (and deletes an agent's `acd_agent_states` row with the agent).
 * Written by: the ACD's configuration routes (acd/routes/config-routes.ts); the ACD reads it at start.
 *
 * The ACD configuration in the store, per tenant: queues, agents (with memberships), entry
 * points, the calendar and supervisors' teams. Rows are validated with the API schemas on the
 * way out, so the in-memory ACD is always built from valid objects.
 */
import type { Knex } from 'knex';
import { fromDbJson, nowDb } from '../../store/time.js';
import {
  agentInputSchema,
  calendarSchema,
  entryPointInputSchema,
  queueInputSchema,
  type AgentRecord,
  type CalendarRecord,
  type EntryPointRecord,
  type QueueRecord,
} from './schemas.js';

interface QueueRow {
  tenant_id: string;
  id: string;
  config_json: string;
  settings_json: string;
}

interface AgentRow {
  tenant_id: string;
  id: string;
  name: string;
  extension: string;
  phone_station: number;
  phone_timeslot: number;
  skills_json: string;
  team: string;
  city: string;
  recording: string;
}

interface MembershipRow {
  agent_id: string;
  queue_id: string;
  level: number;
  penalty: number;
  position: number | null;
}

function queueFromRow(row: QueueRow): QueueRecord {
  const config = fromDbJson(row.config_json) as Record<string, unknown>;
  return queueInputSchema.parse({ ...config, id: row.id, settings: fromDbJson(row.settings_json) });
}

function agentFromRow(row: AgentRow, memberships: MembershipRow[]): AgentRecord {
  return agentInputSchema.parse({
    id: row.id,
    name: row.name,
    extension: row.extension,
    phone: { station: Number(row.phone_station), timeslot: Number(row.phone_timeslot) },
    skills: fromDbJson(row.skills_json),
    team: row.team,
    city: row.city,
    recording: row.recording,
    queues: memberships.map((m) => ({
      queueId: m.queue_id,
      level: Number(m.level),
      penalty: Number(m.penalty),
      ...(m.position === null ? {} : { position: Number(m.position) }),
    })),
  });
}

export const acdConfigRepo = {
  /** Tenants with any ACD configuration (loaded at start). */
  async tenants(db: Knex): Promise<string[]> {
    const queues = (await db('acd_queues').distinct('tenant_id')) as Array<{ tenant_id: string }>;
    const agents = (await db('acd_agents').distinct('tenant_id')) as Array<{ tenant_id: string }>;
    return [...new Set([...queues, ...agents].map((r) => r.tenant_id))];
  },

  async queues(db: Knex, tenantId: string): Promise<QueueRecord[]> {
    const rows = (await db('acd_queues').where({ tenant_id: tenantId }).orderBy('id')) as QueueRow[];
    return rows.map(queueFromRow);
  },

  async queue(db: Knex, tenantId: string, id: string): Promise<QueueRecord | undefined> {
    const row = (await db('acd_queues').where({ tenant_id: tenantId, id }).first()) as QueueRow | undefined;
    return row ? queueFromRow(row) : undefined;
  },

  async saveQueue(db: Knex, tenantId: string, queue: QueueRecord): Promise<void> {
    const { id, settings, ...config } = queue;
    const values = { config_json: JSON.stringify(config), settings_json: JSON.stringify(settings), updated_at: nowDb() };
    const updated = await db('acd_queues').where({ tenant_id: tenantId, id }).update(values);
    if (updated === 0) await db('acd_queues').insert({ tenant_id: tenantId, id, ...values });
  },

  async deleteQueue(db: Knex, tenantId: string, id: string): Promise<boolean> {
    await db('acd_memberships').where({ tenant_id: tenantId, queue_id: id }).delete();
    return (await db('acd_queues').where({ tenant_id: tenantId, id }).delete()) > 0;
  },

  async agents(db: Knex, tenantId: string): Promise<AgentRecord[]> {
    const rows = (await db('acd_agents').where({ tenant_id: tenantId }).orderBy('id')) as AgentRow[];
    const memberships = (await db('acd_memberships').where({ tenant_id: tenantId }).orderBy(['agent_id', 'queue_id'])) as MembershipRow[];
    const byAgent = new Map<string, MembershipRow[]>();
    for (const m of memberships) byAgent.set(m.agent_id, [...(byAgent.get(m.agent_id) ?? []), m]);
    return rows.map((row) => agentFromRow(row, byAgent.get(row.id) ?? []));
  },

  async agent(db: Knex, tenantId: string, id: string): Promise<AgentRecord | undefined> {
    const row = (await db('acd_agents').where({ tenant_id: tenantId, id }).first()) as AgentRow | undefined;
    if (!row) return undefined;
    const memberships = (await db('acd_memberships').where({ tenant_id: tenantId, agent_id: id }).orderBy('queue_id')) as MembershipRow[];
    return agentFromRow(row, memberships);
  },

  /** Another agent (any tenant) already on this phone, or with this extension in the tenant. */
  async phoneTaken(db: Knex, tenantId: string, agent: AgentRecord): Promise<'phone' | 'extension' | undefined> {
    const phone = (await db('acd_agents')
      .where({ phone_station: agent.phone.station, phone_timeslot: agent.phone.timeslot })
      .whereNot((q) => q.where({ tenant_id: tenantId, id: agent.id }))
      .first()) as AgentRow | undefined;
    if (phone) return 'phone';
    const extension = (await db('acd_agents').where({ tenant_id: tenantId, extension: agent.extension }).whereNot({ id: agent.id }).first()) as AgentRow | undefined;
    return extension ? 'extension' : undefined;
  },

  async saveAgent(db: Knex, tenantId: string, agent: AgentRecord): Promise<void> {
    const values = {
      name: agent.name,
      extension: agent.extension,
      phone_station: agent.phone.station,
      phone_timeslot: agent.phone.timeslot,
      skills_json: JSON.stringify(agent.skills),
      team: agent.team,
      city: agent.city,
      recording: agent.recording,
      updated_at: nowDb(),
    };
    const updated = await db('acd_agents').where({ tenant_id: tenantId, id: agent.id }).update(values);
    if (updated === 0) await db('acd_agents').insert({ tenant_id: tenantId, id: agent.id, ...values });
    await db('acd_memberships').where({ tenant_id: tenantId, agent_id: agent.id }).delete();
    if (agent.queues.length > 0) {
      await db('acd_memberships').insert(
        agent.queues.map((m) => ({
          tenant_id: tenantId,
          agent_id: agent.id,
          queue_id: m.queueId,
          level: m.level,
          penalty: m.penalty,
          position: m.position ?? null,
        })),
      );
    }
  },

  async deleteAgent(db: Knex, tenantId: string, id: string): Promise<boolean> {
    await db('acd_memberships').where({ tenant_id: tenantId, agent_id: id }).delete();
    await db('acd_agent_states').where({ tenant_id: tenantId, agent_id: id }).delete();
    return (await db('acd_agents').where({ tenant_id: tenantId, id }).delete()) > 0;
  },

  async entryPoints(db: Knex, tenantId: string): Promise<EntryPointRecord[]> {
    const rows = (await db('acd_entry_points').where({ tenant_id: tenantId }).orderBy('id')) as Array<{ id: string; default_queue_id: string; rules_json: string }>;
    return rows.map((r) => entryPointInputSchema.parse({ id: r.id, defaultQueueId: r.default_queue_id, rules: fromDbJson(r.rules_json) }));
  },

  async saveEntryPoint(db: Knex, tenantId: string, entry: EntryPointRecord): Promise<void> {
    const values = { default_queue_id: entry.defaultQueueId, rules_json: JSON.stringify(entry.rules), updated_at: nowDb() };
    const updated = await db('acd_entry_points').where({ tenant_id: tenantId, id: entry.id }).update(values);
    if (updated === 0) await db('acd_entry_points').insert({ tenant_id: tenantId, id: entry.id, ...values });
  },

  async deleteEntryPoint(db: Knex, tenantId: string, id: string): Promise<boolean> {
    return (await db('acd_entry_points').where({ tenant_id: tenantId, id }).delete()) > 0;
  },

  async calendar(db: Knex, tenantId: string): Promise<CalendarRecord> {
    const row = (await db('acd_calendars').where({ tenant_id: tenantId }).first()) as { time_zone: string; weekend: string } | undefined;
    const days = (await db('acd_calendar_days').where({ tenant_id: tenantId }).orderBy('date')) as Array<{ date: string; kind: string; name: string }>;
    return calendarSchema.parse({
      ...(row ? { timeZone: row.time_zone, weekend: row.weekend === '' ? [] : row.weekend.split(',').map(Number) } : {}),
      holidays: days.filter((d) => d.kind === 'holiday').map((d) => ({ date: d.date, name: d.name })),
      workingDays: days.filter((d) => d.kind === 'working_day').map((d) => ({ date: d.date, name: d.name })),
    });
  },

  async saveCalendar(db: Knex, tenantId: string, calendar: CalendarRecord): Promise<void> {
    const values = { time_zone: calendar.timeZone, weekend: [...new Set(calendar.weekend)].sort().join(','), updated_at: nowDb() };
    const updated = await db('acd_calendars').where({ tenant_id: tenantId }).update(values);
    if (updated === 0) await db('acd_calendars').insert({ tenant_id: tenantId, ...values });
    await db('acd_calendar_days').where({ tenant_id: tenantId }).delete();
    const days = [
      ...calendar.holidays.map((d) => ({ tenant_id: tenantId, date: d.date, kind: 'holiday', name: d.name })),
      ...calendar.workingDays.map((d) => ({ tenant_id: tenantId, date: d.date, kind: 'working_day', name: d.name })),
    ];
    // A date listed twice keeps its first kind.
    const unique = [...new Map(days.map((d) => [d.date, d])).values()];
    for (let i = 0; i < unique.length; i += 100) await db('acd_calendar_days').insert(unique.slice(i, i + 100));
  },

  async supervisorTeams(db: Knex, tenantId: string, operatorId: string): Promise<string[]> {
    const rows = (await db('acd_supervisor_teams').where({ tenant_id: tenantId, operator_id: operatorId }).orderBy('team')) as Array<{ team: string }>;
    return rows.map((r) => r.team);
  },

  async saveSupervisorTeams(db: Knex, tenantId: string, operatorId: string, teams: readonly string[]): Promise<void> {
    await db('acd_supervisor_teams').where({ tenant_id: tenantId, operator_id: operatorId }).delete();
    const unique = [...new Set(teams)];
    if (unique.length > 0) await db('acd_supervisor_teams').insert(unique.map((team) => ({ tenant_id: tenantId, operator_id: operatorId, team })));
  },
};
