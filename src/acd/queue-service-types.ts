/**
 * What the QueueService is built with and what it shows: its options, the persisted agent rows
 * it recovers from, its event stream's entries and the read-only views of agents, queues and
 * callers.
 */
import type { SchedulerLike } from 'rxjs';
import type { AgentState } from './agent-state.js';
import type { AgentWindowStats } from './agent-stats.js';
import type { WorkCalendar } from '../calendar/work-calendar.js';
import type { HandleTimeHistoryOptions, WaitEstimate } from './expected-wait.js';
import type { Membership, QueueConfig } from './model.js';
import type { AcdPort, AgentServiceLogEntry, AgentServiceLogSink, AllBusyWaitEntry, AllBusyWaitLogSink, CallRecordSink, QueueCallRecord } from './ports.js';
import type { Router } from './router.js';
import type { CallerStatus } from './runtime.js';

export interface QueueServiceOptions {
  scheduler: SchedulerLike;
  port: AcdPort;
  agentLog: AgentServiceLogSink;
  waitLog: AllBusyWaitLogSink;
  callRecords?: CallRecordSink;
  calendar?: WorkCalendar;
  /** Seed of the `random` strategy. */
  randomSeed?: number;
  /** Tests may pass a NaiveRouter to cross-check; production uses the default IndexedRouter. */
  router?: Router;
  /** Local hour at which every agent's statistics window restarts (default 0). */
  statsResetHour?: number;
  /**
   * After the caller hangs up, an agent whose phone is not back on hook within this many seconds
   * gets a `not_hung_up` log entry and is paused with reason 'not_hung_up' until it is (0 = off;
   * default 10). Soft-phone integrations that hang up both legs together never trigger it.
   */
  notHungUpAfterS?: number;
  expectedWait?: HandleTimeHistoryOptions;
}

export interface PersistedAgentRow {
  id: string;
  state: AgentState;
  pauseReason?: string | null;
  /** The statistics last persisted; kept only if they belong to the current window. */
  stats?: AgentWindowStats;
}

/**
 * Restart recovery policy (what a bank wants after the ACD process restarts):
 * - ringing, talking, wrap_up → paused 'system_restart': the call under way was lost with the
 *   process; the agent confirms being ready (resume) before the next call rings;
 * - available → available ('keep_available', default: idle agents at their desks keep taking
 *   calls, no outage beyond the restart) or paused 'system_restart' ('pause_all');
 * - paused keeps its reason, locked stays locked (a lock is a supervisor matter), signed_out stays.
 */
export type RestartPolicy = 'keep_available' | 'pause_all';

export type AcdEvent =
  | { readonly type: 'agent'; readonly entry: AgentServiceLogEntry }
  | { readonly type: 'wait_log'; readonly entry: AllBusyWaitEntry }
  | { readonly type: 'call_record'; readonly record: QueueCallRecord }
  | { readonly type: 'caller'; readonly callId: string; readonly queueId: string; readonly status: CallerStatus | 'left'; readonly at: number }
  /** A port command threw; the ACD state was already settled and stays so. */
  | { readonly type: 'port_error'; readonly error: unknown };

export interface AgentView {
  readonly id: string;
  readonly name: string;
  readonly extension: string;
  readonly team: string;
  readonly city: string;
  readonly state: AgentState;
  readonly pauseReason: string | undefined;
  readonly pendingPause: string | undefined;
  readonly callId: string | undefined;
  readonly queueId: string | undefined;
  readonly availableSince: number;
  readonly wrapUntil: number | undefined;
  readonly stats: Readonly<AgentWindowStats>;
  readonly memberships: readonly Membership[];
  /** While busy: the purpose and the ACD call it belongs to. */
  readonly engaged: { readonly purpose: string; readonly callId: string | undefined } | undefined;
}

export interface QueueView {
  readonly id: string;
  readonly name: string;
  readonly strategy: QueueConfig['strategy'];
  readonly waiting: number;
  readonly callbacks: number;
  readonly available: number;
  readonly staffed: number;
  readonly signedIn: number;
  readonly oldestWaitingSince: number | undefined;
}

export interface CallerView {
  readonly callId: string;
  readonly queueId: string;
  readonly status: CallerStatus;
  readonly priority: number;
  readonly enteredAt: number;
  readonly queuedAt: number;
  readonly agentId: string | undefined;
  readonly estimate: WaitEstimate;
  /** Dials of this callback nobody answered so far. */
  readonly callbackFailures: number;
  /** A callback waiting out its retry delay: not offered before this time. */
  readonly callbackRetryAt: number | undefined;
}

/** What became of a callback dial nobody answered (QueueService.callbackFailed). */
export interface CallbackAttempt {
  /** 1-based number of the dial that failed. */
  readonly attempt: number;
  /** The queue's callback.attempts. */
  readonly attempts: number;
  /** When the next dial may be offered; undefined after the last attempt (the callback is over). */
  readonly retryAt: number | undefined;
}
