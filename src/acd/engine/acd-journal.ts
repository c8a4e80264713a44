/**
 * What the ACD writes down and tells: the agent service log, the all-busy waiting log, queue
 * visit records (which also feed the handle-time history behind expected waits) and the event
 * stream that mirrors them.
 */
import { Subject, type Observable } from 'rxjs';
import { HandleTimeHistory, type HandleTimeHistoryOptions, type WaitEstimate } from '../expected-wait.js';
import type { AgentServiceLogEntry, AgentServiceLogSink, AllBusyWaitEntry, AllBusyWaitLogSink, CallRecordSink, QueueCallRecord, WaitOutcome } from '../ports.js';
import type { AcdEvent } from '../queue-service-types.js';
import type { AgentRuntime, CallerRuntime } from '../runtime.js';

export interface JournalSinks {
  agentLog: AgentServiceLogSink;
  waitLog: AllBusyWaitLogSink;
  callRecords?: CallRecordSink | undefined;
  expectedWait?: HandleTimeHistoryOptions | undefined;
}

export class AcdJournal {
  readonly events$: Observable<AcdEvent>;
  private readonly events = new Subject<AcdEvent>();
  private readonly history: HandleTimeHistory;

  constructor(
    private readonly sinks: JournalSinks,
    private readonly now: () => number,
  ) {
    this.history = new HandleTimeHistory(sinks.expectedWait);
    this.events$ = this.events.asObservable();
  }

  logAgent(agent: AgentRuntime, entry: Omit<AgentServiceLogEntry, 'at' | 'agentId'>): void {
    const full: AgentServiceLogEntry = { at: this.now(), agentId: agent.id, ...entry };
    this.sinks.agentLog.write(full);
    this.events.next({ type: 'agent', entry: full });
  }

  /** One all-busy waiting line per visit in which the caller had to wait. */
  writeWaitLog(caller: CallerRuntime, outcome: WaitOutcome): void {
    if (!caller.hadToWait) return;
    caller.hadToWait = false;
    const entry: AllBusyWaitEntry = {
      callId: caller.callId,
      queueId: caller.queueId,
      callingNumber: caller.entry.callingNumber,
      priority: caller.priority,
      reason: caller.waitReason ?? 'all_busy',
      enteredAt: caller.queuedAt,
      leftAt: this.now(),
      outcome,
    };
    this.sinks.waitLog.write(entry);
    this.events.next({ type: 'wait_log', entry });
  }

  writeVisit(record: QueueCallRecord): void {
    if ((record.outcome === 'answered' || record.outcome === 'callback_answered') && record.talkMs !== undefined) {
      this.history.add(record.queueId, record.talkMs + (record.wrapMs ?? 0));
    }
    this.sinks.callRecords?.write(record);
    this.events.next({ type: 'call_record', record });
  }

  callerChanged(caller: CallerRuntime): void {
    this.events.next({ type: 'caller', callId: caller.callId, queueId: caller.queueId, status: caller.status, at: this.now() });
  }

  callerLeft(caller: CallerRuntime): void {
    this.events.next({ type: 'caller', callId: caller.callId, queueId: caller.queueId, status: 'left', at: this.now() });
  }

  portError(error: unknown): void {
    this.events.next({ type: 'port_error', error });
  }

  /** Position and expected wait from the recent handle times of the queue. */
  estimate(queueId: string, position: number, staffed: number): WaitEstimate {
    return this.history.estimate(queueId, position, staffed);
  }

  complete(): void {
    this.events.complete();
  }
}
