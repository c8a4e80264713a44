/**
 * Where the core's logs go on a live server. Every agent log entry → the ACD's state log
 * (acd_agent_events), the persisted state (restart recovery), the records service's agent
 * service log (the events it knows), agent.state and queue summaries; every all-busy wait → the
 * records service's all-busy waiting log.
 */
import type { Logger } from 'pino';
import type { RecordsService } from '../../records/service.js';
import type { AgentServiceLogEntry, AllBusyWaitEntry } from '../ports.js';
import type { QueueService } from '../queue-service.js';
import type { ActivityWriter } from '../store/activity-repo.js';
import type { LiveCalls } from './live-calls.js';
import type { TenantConfig } from './tenant-config.js';
import type { TenantPublisher } from './tenant-publisher.js';

/** The records service's agent service log knows these events (AGENT_EVENTS). */
function serviceLogEvents(entry: AgentServiceLogEntry): Array<'sign_in' | 'sign_out' | 'pause' | 'resume' | 'lock' | 'unlock' | 'not_hung_up' | 'ring_no_answer' | 'call_start' | 'call_end'> {
  switch (entry.action) {
    case 'sign_in':
    case 'sign_out':
    case 'resume':
    case 'unlock':
    case 'not_hung_up':
      return [entry.action];
    case 'pause':
      return ['pause'];
    case 'ring_timeout':
      return entry.to === 'locked' ? ['ring_no_answer', 'lock'] : ['ring_no_answer'];
    case 'answer':
      return ['call_start'];
    case 'call_ended':
    case 'callback_failed':
      return entry.to === 'paused' ? ['call_end', 'pause'] : ['call_end'];
    case 'restart_recovery':
    case 'disengage':
      return entry.to === 'paused' ? ['pause'] : [];
    default:
      // offer, reject, offer_cancelled, wrap_up_end, engage: in the ACD state log only.
      return [];
  }
}

/** The all-busy log's outcomes (ALL_BUSY_OUTCOMES). */
function allBusyOutcome(outcome: AllBusyWaitEntry['outcome']): 'answered' | 'abandoned' | 'overflow' | 'voicemail' | 'callback' | 'ivr' {
  switch (outcome) {
    case 'answered':
    case 'abandoned':
    case 'voicemail':
    case 'ivr':
      return outcome;
    case 'overflowed':
      return 'overflow';
    case 'callback_requested':
      return 'callback';
  }
}

export interface CoreLogDeps {
  activity: ActivityWriter;
  records: RecordsService;
  logger: Logger;
}

export class CoreLogWriter {
  constructor(
    private readonly tenantId: string,
    private readonly deps: CoreLogDeps,
    private readonly queues: QueueService,
    private readonly calls: Pick<LiveCalls, 'get'>,
    private readonly config: Pick<TenantConfig, 'findAgent'>,
    private readonly publisher: Pick<TenantPublisher, 'publishAgentState' | 'publishSummary'>,
  ) {}

  onAgentEntry(entry: AgentServiceLogEntry): void {
    this.deps.activity.agentEvent(this.tenantId, entry);
    this.persistAgent(entry.agentId);
    const legId = entry.callId ? this.calls.get(entry.callId)?.legId : undefined;
    for (const event of serviceLogEvents(entry)) {
      const reason = event === 'lock' ? 'no_answer' : entry.reason;
      this.deps.records.agentLog
        .write({
          tenantId: this.tenantId,
          agentId: entry.agentId,
          event,
          queue: entry.queueId ?? null,
          reason: reason ?? null,
          legId: legId ?? null,
          at: entry.at,
        })
        .catch((err: unknown) => this.deps.logger.error({ err }, 'agent service log'));
    }
    if (entry.from !== entry.to) {
      this.publisher.publishAgentState(entry.agentId, entry.to, entry.to === 'paused' ? entry.reason : undefined);
      const agent = this.config.findAgent(entry.agentId);
      for (const m of agent?.queues ?? []) this.publisher.publishSummary(m.queueId);
    }
  }

  onWaitEntry(entry: AllBusyWaitEntry): void {
    const legId = this.calls.get(entry.callId)?.legId;
    this.deps.records.allBusy
      .write({
        tenantId: this.tenantId,
        legId: legId ?? null,
        queue: entry.queueId,
        calling: entry.callingNumber || null,
        enteredAt: entry.enteredAt,
        leftAt: entry.leftAt,
        outcome: allBusyOutcome(entry.outcome),
      })
      .catch((err: unknown) => this.deps.logger.error({ err }, 'all-busy waiting log'));
  }

  persistAgent(agentId: string): void {
    try {
      const view = this.queues.agent(agentId);
      this.deps.activity.agentState({ tenantId: this.tenantId, agentId, state: view.state, pauseReason: view.pauseReason, stats: view.stats });
    } catch {
      // removed meanwhile
    }
  }
}
