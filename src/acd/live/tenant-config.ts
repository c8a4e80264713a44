/**
 * The tenant's ACD configuration as the live ACD holds it: the stored queue, agent, entry-point
 * and calendar records, mirrored into the decision core. `check…` refuses (changing nothing) what
 * could not be applied, `apply…` and `remove…` change the mirror and the core together, and
 * `resolveQueue` picks the queue a call goes to (a queue named directly or an entry point's rules).
 */
import { Calendar } from '../../calendar/work-calendar.js';
import { AcdError } from '../errors.js';
import { QueueSelector } from '../queue-selector.js';
import type { QueueService } from '../queue-service.js';
import type { AgentRecord, CalendarRecord, EntryPointRecord, QueueRecord } from '../store/schemas.js';
import type { SwitchableCalendar } from './switchable-calendar.js';
import type { TenantPublisher } from './tenant-publisher.js';

export class TenantConfig {
  private calendarRecord: CalendarRecord | undefined;
  private readonly queueRecords = new Map<string, QueueRecord>();
  private readonly agentRecords = new Map<string, AgentRecord>();
  private readonly entryPoints = new Map<string, { record: EntryPointRecord; selector: QueueSelector }>();

  constructor(
    private readonly queues: QueueService,
    private readonly calendar: SwitchableCalendar,
    private readonly publisher: Pick<TenantPublisher, 'publishSummary' | 'forgetSummary'>,
    private readonly now: () => number,
    /** Whether a live call (not yet settled) is in the queue. */
    private readonly hasLiveCallIn: (queueId: string) => boolean,
  ) {}

  /** The queue's record, if it exists (settings the live call needs: keys, music, survey). */
  findQueue(id: string): QueueRecord | undefined {
    return this.queueRecords.get(id);
  }

  hasQueue(id: string): boolean {
    return this.queueRecords.has(id);
  }

  /** The agent's record, if it exists (phone, extension, recording). */
  findAgent(id: string): AgentRecord | undefined {
    return this.agentRecords.get(id);
  }

  queueRecord(id: string): QueueRecord {
    const record = this.queueRecords.get(id);
    if (!record) throw new AcdError('acd_unknown_queue', `Unknown queue ${id}`, { queueId: id });
    return record;
  }

  listQueueRecords(): QueueRecord[] {
    return [...this.queueRecords.values()];
  }

  agentRecord(id: string): AgentRecord {
    const record = this.agentRecords.get(id);
    if (!record) throw new AcdError('acd_unknown_agent', `Unknown agent ${id}`, { agentId: id });
    return record;
  }

  hasAgent(id: string): boolean {
    return this.agentRecords.has(id);
  }

  listAgentRecords(): AgentRecord[] {
    return [...this.agentRecords.values()];
  }

  entryPoint(id: string): EntryPointRecord {
    const entry = this.entryPoints.get(id);
    if (!entry) throw new AcdError('acd_unknown_queue', `Unknown entry point ${id}`, { entryPointId: id });
    return entry.record;
  }

  listEntryPoints(): EntryPointRecord[] {
    return [...this.entryPoints.values()].map((e) => e.record);
  }

  calendarOf(): CalendarRecord | undefined {
    return this.calendarRecord;
  }

  /** Throws (changing nothing) if the queue could not be applied. */
  checkQueue(record: QueueRecord): void {
    if (this.entryPoints.has(record.id)) throw new AcdError('acd_invalid_config', `${record.id} is already an entry point`);
    const target = record.overflow.targetQueueId;
    if (target !== undefined && target !== record.id && !this.queueRecords.has(target)) {
      throw new AcdError('acd_invalid_config', `Overflow target ${target} is not a queue`, { queueId: target });
    }
  }

  applyQueue(record: QueueRecord): void {
    const { settings: _settings, ...config } = record;
    this.queues.upsertQueue(config);
    this.queueRecords.set(record.id, record);
    this.publisher.publishSummary(record.id);
  }

  /** Refuses (changing nothing) while calls are in the queue or something routes to it. */
  checkQueueRemovable(id: string): void {
    this.queueRecord(id);
    const view = this.queues.queue(id);
    const live = this.hasLiveCallIn(id);
    if (view.waiting + view.callbacks > 0 || live || this.queues.listAgents().some((a) => a.queueId === id && a.state !== 'signed_out')) {
      throw new AcdError('acd_queue_in_use', `Queue ${id} still has calls`, { queueId: id });
    }
    for (const { record } of this.entryPoints.values()) {
      if (record.defaultQueueId === id || record.rules.some((r) => r.queueId === id)) {
        throw new AcdError('acd_queue_in_use', `Entry point ${record.id} routes to queue ${id}`, { queueId: id });
      }
    }
    for (const q of this.queueRecords.values()) {
      if (q.id !== id && q.overflow.targetQueueId === id) throw new AcdError('acd_queue_in_use', `Queue ${q.id} overflows to ${id}`, { queueId: id });
    }
  }

  removeQueue(id: string): void {
    this.checkQueueRemovable(id);
    for (const agent of this.agentRecords.values()) {
      if (agent.queues.some((m) => m.queueId === id)) {
        this.queues.removeMembership(agent.id, id);
        this.agentRecords.set(agent.id, { ...agent, queues: agent.queues.filter((m) => m.queueId !== id) });
      }
    }
    this.queues.removeQueue(id);
    this.queueRecords.delete(id);
    this.publisher.forgetSummary(id);
  }

  checkAgent(record: AgentRecord): void {
    for (const m of record.queues) {
      if (!this.queueRecords.has(m.queueId)) throw new AcdError('acd_invalid_config', `Queue ${m.queueId} does not exist`, { queueId: m.queueId });
    }
  }

  applyAgent(record: AgentRecord, options: { checkQueues?: boolean } = {}): void {
    if (options.checkQueues !== false) this.checkAgent(record);
    const { phone: _phone, recording: _recording, ...profile } = record;
    this.queues.upsertAgent(profile);
    this.agentRecords.set(record.id, record);
  }

  checkAgentRemovable(id: string): void {
    this.agentRecord(id);
    const state = this.queues.agent(id).state;
    if (state !== 'signed_out') throw new AcdError('acd_illegal_state', `Agent ${id} must sign out before removal`, { agentId: id, state });
  }

  removeAgent(id: string): void {
    this.checkAgentRemovable(id);
    this.queues.removeAgent(id);
    this.agentRecords.delete(id);
  }

  /** Builds the selector (validating the rules) without applying it. */
  checkEntryPoint(record: EntryPointRecord): QueueSelector {
    if (this.queueRecords.has(record.id)) throw new AcdError('acd_invalid_config', `${record.id} is already a queue`);
    const selector = new QueueSelector({ defaultQueueId: record.defaultQueueId, rules: record.rules }, this.calendar);
    for (const queueId of selector.queueIds()) {
      if (!this.queueRecords.has(queueId)) throw new AcdError('acd_invalid_config', `Queue ${queueId} does not exist`, { queueId });
    }
    return selector;
  }

  applyEntryPoint(record: EntryPointRecord): void {
    this.entryPoints.set(record.id, { record, selector: this.checkEntryPoint(record) });
  }

  removeEntryPoint(id: string): void {
    this.entryPoint(id);
    this.entryPoints.delete(id);
  }

  applyCalendar(record: CalendarRecord): void {
    this.calendar.current = new Calendar({
      timeZone: record.timeZone,
      weekend: record.weekend,
      holidays: record.holidays.map((d) => d.date),
      workingWeekendDays: record.workingDays.map((d) => d.date),
    });
    this.calendarRecord = record;
  }

  /** The queue a call goes to: a queue named directly, or an entry point's rules. */
  resolveQueue(name: string, calling: string, called: string): { queueId: string; priority: number | undefined; ruleId: string | undefined } | undefined {
    const entry = this.entryPoints.get(name);
    if (entry) {
      const choice = entry.selector.select({ callingNumber: calling, calledNumber: called, at: this.now() });
      return { queueId: choice.queueId, priority: choice.priority, ruleId: choice.ruleId };
    }
    return this.queueRecords.has(name) ? { queueId: name, priority: undefined, ruleId: undefined } : undefined;
  }
}
