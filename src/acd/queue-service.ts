/**
 * QueueService: the ACD's one stateful object. It owns the agents' state machine, the callers'
 * places, the router and every timer (ring timeout, wrap-up, overflow, max wait, local
 * preference, announcements, not-hung-up, the daily statistics reset), and it talks to the
 * outside only through the AcdPort (commands) and the sinks (logs and records).
 *
 * Inputs are of three kinds:
 *  - configuration: upsertQueue, upsertAgent, setMembership, ...;
 *  - agent and supervisor actions: signIn, pause, resume, unlock, ready, transfer, pickUp, ...;
 *  - telephony facts: callerEntered, agentAnswered, agentRejected, callerHungUp, agentHungUp, callEnded.
 * Every input is validated completely before anything changes; a refusal throws an AcdError with
 * a stable code and leaves the state as it was. Port commands are queued while an input is being
 * handled and sent when it is done, so a port that reacts synchronously sees a settled state.
 *
 * Time comes only from the injected scheduler (asyncScheduler in production, a virtual clock in
 * tests). Policies chosen here (the task left them open) are written next to the code that
 * applies them: restart recovery, not-hung-up, wrap-up across queues, overflow.
 */
import { Subject, Subscription, type Observable, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { checkTransition, type AgentAction, type AgentState } from './agent-state.js';
import { emptyStats, type AgentWindowStats } from './agent-stats.js';
import { Calendar, nextLocalHour, windowStart, type WorkCalendar } from '../calendar/work-calendar.js';
import { AcdError } from './errors.js';
import { HandleTimeHistory, type HandleTimeHistoryOptions, type WaitEstimate } from './expected-wait.js';
import {
  agentProfileSchema,
  callerEntrySchema,
  membershipSchema,
  parseOrThrow,
  queueConfigSchema,
  type AgentProfileInput,
  type CallerEntryInput,
  type Membership,
  type MembershipInput,
  type QueueConfig,
  type QueueConfigInput,
} from './model.js';
import type {
  AcdPort,
  Actor,
  AgentServiceLogEntry,
  AgentServiceLogSink,
  AllBusyWaitEntry,
  AllBusyWaitLogSink,
  CallRecordSink,
  CancelReason,
  OfferDetails,
  QueueCallRecord,
  VisitOutcome,
  WaitOutcome,
} from './ports.js';
import { IndexedRouter, type Router } from './router.js';
import { rankFor, type AgentRuntime, type CallerRuntime, type CallerStatus, type OfferKind, type QueueRuntime, type VisitDraft } from './runtime.js';

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

function checkPauseReason(reason: string): void {
  if (reason.length === 0 || reason.length > 64) throw new AcdError('acd_invalid_config', 'Pause reason must be 1–64 characters');
}

const SYSTEM: Actor = { kind: 'system' };
const AGENT: Actor = { kind: 'agent' };

export class QueueService {
  readonly events$: Observable<AcdEvent>;

  private readonly scheduler: SchedulerLike;
  private readonly port: AcdPort;
  private readonly agentLog: AgentServiceLogSink;
  private readonly waitLog: AllBusyWaitLogSink;
  private readonly callRecords: CallRecordSink | undefined;
  private readonly calendar: WorkCalendar;
  private readonly router: Router;
  private readonly statsResetHour: number;
  private readonly notHungUpAfterMs: number;
  private readonly history: HandleTimeHistory;
  private readonly events = new Subject<AcdEvent>();

  private readonly queues = new Map<string, QueueRuntime>();
  private readonly agents = new Map<string, AgentRuntime>();
  private readonly callers = new Map<string, CallerRuntime>();
  /** Ring timeout or wrap-up end: an agent has at most one of them. */
  private readonly agentTimers = new Map<string, Subscription>();
  /** Overflow, max wait, local preference and announcements of a caller's current visit. */
  private readonly visitTimers = new Map<string, Subscription>();
  private readonly onHookWatch = new Map<string, { callId: string; timer: Subscription }>();
  private readonly timers = new Subscription();
  private readonly outbox: Array<() => void> = [];
  private depth = 0;
  private callerSeq = 0;
  private positionSeq = 0;
  private currentWindowStart: number;

  constructor(options: QueueServiceOptions) {
    this.scheduler = options.scheduler;
    this.port = options.port;
    this.agentLog = options.agentLog;
    this.waitLog = options.waitLog;
    this.callRecords = options.callRecords;
    this.calendar = options.calendar ?? new Calendar();
    this.router = options.router ?? new IndexedRouter(options.randomSeed ?? 1);
    this.statsResetHour = options.statsResetHour ?? 0;
    this.notHungUpAfterMs = (options.notHungUpAfterS ?? 10) * 1000;
    this.history = new HandleTimeHistory(options.expectedWait);
    this.events$ = this.events.asObservable();
    this.currentWindowStart = windowStart(this.now(), this.statsResetHour, this.calendar);
    this.scheduleStatsReset();
  }

  /** Cancels every timer; the service must not be used afterwards. */
  dispose(): void {
    this.timers.unsubscribe();
    this.events.complete();
  }

  // ─── configuration ────────────────────────────────────────────────────────────────────────

  /**
   * Adds or changes a queue. An overflow target may name a queue added later; a target that
   * does not exist when the overflow falls due is ignored (the caller keeps waiting).
   */
  upsertQueue(input: QueueConfigInput): QueueConfig {
    const config = parseOrThrow(queueConfigSchema, input, 'queue');
    return this.run(() => {
      const existing = this.queues.get(config.id);
      if (!existing) {
        const queue: QueueRuntime = { config, roundRobinLast: undefined };
        this.queues.set(config.id, queue);
        this.router.upsertQueue(queue);
        return config;
      }
      const previous = existing.config;
      const reRank = previous.vip.mode !== config.vip.mode || previous.vip.boostS !== config.vip.boostS;
      const waiting = reRank ? this.router.waiting(config.id) : [];
      for (const caller of waiting) this.router.dequeue(caller);
      existing.config = config;
      if (previous.strategy !== config.strategy) existing.roundRobinLast = undefined;
      for (const caller of waiting) {
        Object.assign(caller, rankFor(config, caller.priority, caller.enteredAt));
        this.router.enqueue(caller);
      }
      this.router.upsertQueue(existing);
      for (const caller of this.router.waiting(config.id)) if (caller.status === 'waiting') this.tryOffer(caller);
      return config;
    });
  }

  /** Refused (acd_queue_in_use) while any call is in the queue. */
  removeQueue(queueId: string): void {
    this.queueOf(queueId);
    for (const caller of this.callers.values()) {
      if (caller.queueId === queueId && caller.status !== 'ended') {
        throw new AcdError('acd_queue_in_use', `Queue ${queueId} still has calls`, { queueId });
      }
    }
    this.queues.delete(queueId);
    this.router.removeQueue(queueId);
  }

  /** Adds an agent (signed out) or updates its profile and memberships in place. */
  upsertAgent(input: AgentProfileInput): AgentView {
    const profile = parseOrThrow(agentProfileSchema, input, 'agent');
    return this.run(() => {
      let agent = this.agents.get(profile.id);
      const memberships = new Map<string, Membership>();
      for (const m of profile.queues) {
        const kept = agent?.memberships.get(m.queueId);
        memberships.set(m.queueId, { queueId: m.queueId, level: m.level, penalty: m.penalty, position: m.position ?? kept?.position ?? this.positionSeq++ });
      }
      if (!agent) {
        agent = {
          id: profile.id,
          name: profile.name,
          extension: profile.extension,
          team: profile.team,
          city: profile.city,
          skills: new Map(Object.entries(profile.skills)),
          memberships,
          state: 'signed_out',
          pauseReason: undefined,
          availableSince: this.now(),
          stats: emptyStats(this.currentWindowStart),
          call: undefined,
          wrap: undefined,
          noAnswerStreak: 0,
          pendingPause: undefined,
          engaged: undefined,
        };
        this.agents.set(agent.id, agent);
        this.router.addAgent(agent);
        return this.viewAgent(agent);
      }
      const target = agent;
      const oldCity = target.city;
      this.router.updateAgent(target, () => {
        target.name = profile.name;
        target.extension = profile.extension;
        target.team = profile.team;
        target.city = profile.city;
        target.skills = new Map(Object.entries(profile.skills));
        target.memberships = memberships;
      });
      this.afterAgentChange(target, oldCity);
      return this.viewAgent(target);
    });
  }

  /** Refused unless the agent is signed out. */
  removeAgent(agentId: string): void {
    const agent = this.agentOf(agentId);
    if (agent.state !== 'signed_out') {
      throw new AcdError('acd_illegal_state', `Agent ${agentId} must sign out before removal`, { agentId, state: agent.state });
    }
    this.router.removeAgent(agent);
    this.agents.delete(agentId);
  }

  /** Joins a queue or changes level/penalty in it (an agent logging in to a skill group). */
  setMembership(agentId: string, input: MembershipInput): void {
    const agent = this.agentOf(agentId);
    const m = parseOrThrow(membershipSchema, input, 'membership');
    this.queueOf(m.queueId);
    this.run(() => {
      const position = m.position ?? agent.memberships.get(m.queueId)?.position ?? this.positionSeq++;
      this.router.updateAgent(agent, () => {
        agent.memberships = new Map(agent.memberships).set(m.queueId, { queueId: m.queueId, level: m.level, penalty: m.penalty, position });
      });
      this.afterAgentChange(agent, agent.city);
    });
  }

  removeMembership(agentId: string, queueId: string): void {
    const agent = this.agentOf(agentId);
    if (!agent.memberships.has(queueId)) {
      throw new AcdError('acd_not_member', `Agent ${agentId} is not in queue ${queueId}`, { agentId, queueId });
    }
    this.run(() => {
      this.router.updateAgent(agent, () => {
        const next = new Map(agent.memberships);
        next.delete(queueId);
        agent.memberships = next;
      });
      this.afterStaffingDrop(queueId, agent.city);
    });
  }

  /**
   * Restart recovery from persisted agent rows (see RestartPolicy). Call once, after the
   * profiles are loaded with upsertAgent and before any call arrives.
   */
  recoverAgents(rows: readonly PersistedAgentRow[], policy: RestartPolicy = 'keep_available'): AgentView[] {
    for (const row of rows) this.agentOf(row.id);
    if (this.callers.size > 0) throw new AcdError('acd_illegal_state', 'Recovery must run before any call enters the ACD');
    for (const row of rows) {
      const agent = this.agentOf(row.id);
      if (agent.state !== 'signed_out') {
        throw new AcdError('acd_illegal_state', `Agent ${row.id} is already ${agent.state}`, { agentId: row.id, state: agent.state });
      }
    }
    return this.run(() =>
      rows.map((row) => {
        const agent = this.agentOf(row.id);
        const now = this.now();
        this.router.updateAgent(agent, () => {
          agent.state = row.state;
          agent.pauseReason = row.state === 'paused' ? (row.pauseReason ?? 'unknown') : undefined;
          agent.availableSince = now;
          if (row.stats && row.stats.windowStart === this.currentWindowStart) agent.stats = { ...row.stats };
        });
        const interrupted = row.state === 'ringing' || row.state === 'talking' || row.state === 'wrap_up' || row.state === 'busy';
        if (interrupted || (row.state === 'available' && policy === 'pause_all')) {
          this.transition(agent, 'paused', 'restart_recovery', { actor: SYSTEM, reason: 'system_restart' }, () => {
            agent.pauseReason = 'system_restart';
          });
        }
        return this.viewAgent(agent);
      }),
    );
  }

  // ─── agent and supervisor actions ─────────────────────────────────────────────────────────

  /** Sign in, available at once or straight into a pause (e.g. 'training'). */
  signIn(agentId: string, options: { pauseReason?: string; actor?: Actor } = {}): void {
    const agent = this.agentOf(agentId);
    if (options.pauseReason !== undefined) checkPauseReason(options.pauseReason);
    const to: AgentState = options.pauseReason === undefined ? 'available' : 'paused';
    checkTransition(agentId, agent.state, to, 'sign_in');
    this.run(() => {
      this.transition(agent, to, 'sign_in', { actor: options.actor ?? AGENT, reason: options.pauseReason }, () => {
        agent.pauseReason = options.pauseReason;
        agent.noAnswerStreak = 0;
      });
      this.routeAgent(agent);
    });
  }

  /**
   * Sign out (by the agent, or forced by a supervisor). Refused while talking: the call must be
   * released first (force release is an audio action of the integrator). While ringing, the
   * offer is withdrawn and the caller keeps their place.
   */
  signOut(agentId: string, actor: Actor = AGENT): void {
    const agent = this.agentOf(agentId);
    checkTransition(agentId, agent.state, 'signed_out', 'sign_out');
    this.run(() => {
      const after = this.releaseAgent(agent, 'agent_unavailable', false);
      this.clearOnHookWatch(agent.id);
      this.transition(agent, 'signed_out', 'sign_out', { actor }, () => {
        agent.pendingPause = undefined;
      });
      after();
      this.afterLeavingService(agent);
    });
  }

  /**
   * Pause with a reason. While talking, the pause is remembered and applies when the call ends
   * (returns 'pending'); while ringing it declines the offer; during wrap-up it ends the wrap-up.
   */
  pause(agentId: string, reason: string, actor: Actor = AGENT): 'paused' | 'pending' {
    const agent = this.agentOf(agentId);
    checkPauseReason(reason);
    if (agent.state === 'talking' || agent.state === 'busy') {
      agent.pendingPause = reason;
      return 'pending';
    }
    checkTransition(agentId, agent.state, 'paused', 'pause');
    this.run(() => {
      const after = this.releaseAgent(agent, 'agent_declined', true);
      this.transition(agent, 'paused', 'pause', { actor, reason }, () => {
        agent.pauseReason = reason;
      });
      after();
      this.afterLeavingService(agent);
    });
    return 'paused';
  }

  /** Resume from a pause (or cancel a pause requested during a call). */
  resume(agentId: string, actor: Actor = AGENT): void {
    const agent = this.agentOf(agentId);
    if (agent.state === 'talking' && agent.pendingPause !== undefined) {
      agent.pendingPause = undefined;
      return;
    }
    if (agent.state === 'busy' && (agent.pendingPause !== undefined || agent.engaged?.resumePause !== undefined)) {
      // Cancels the pause the agent would return to after the engagement.
      agent.pendingPause = undefined;
      if (agent.engaged) agent.engaged = { ...agent.engaged, resumePause: undefined };
      return;
    }
    checkTransition(agentId, agent.state, 'available', 'resume');
    this.run(() => {
      this.transition(agent, 'available', 'resume', { actor });
      this.routeAgent(agent);
    });
  }

  /** Unlock a locked agent (the agent or a supervisor). */
  unlock(agentId: string, actor: Actor = AGENT): void {
    const agent = this.agentOf(agentId);
    checkTransition(agentId, agent.state, 'available', 'unlock');
    this.run(() => {
      this.transition(agent, 'available', 'unlock', { actor }, () => {
        agent.noAnswerStreak = 0;
      });
      this.routeAgent(agent);
    });
  }

  /** End wrap-up early: the agent is ready for the next call. */
  ready(agentId: string): void {
    const agent = this.agentOf(agentId);
    checkTransition(agentId, agent.state, 'available', 'wrap_up_end');
    this.run(() => {
      this.releaseAgent(agent, 'withdrawn', false);
      this.transition(agent, 'available', 'wrap_up_end', { actor: AGENT });
      this.routeAgent(agent);
    });
  }

  /**
   * Blind transfer of the agent's current call into another queue. The caller keeps their
   * original rank (entered-at), so they do not go to the back of the line; the agent wraps up.
   */
  transferToQueue(agentId: string, callId: string, queueId: string): void {
    const agent = this.agentOf(agentId);
    const caller = this.callerOf(callId);
    this.queueOf(queueId);
    this.requireTalking(agent, caller);
    this.run(() => {
      const fromQueueId = caller.queueId;
      this.endCall(caller, 'agent', true);
      caller.visited = [];
      this.enterQueue(caller, queueId, fromQueueId, agentId);
    });
  }

  /**
   * Blind transfer to a named agent (an expert or function seat), who must be available. If they
   * do not answer, the caller goes back to the waiting list of their queue with their rank.
   */
  transferToAgent(agentId: string, callId: string, targetAgentId: string): void {
    const agent = this.agentOf(agentId);
    const target = this.agentOf(targetAgentId);
    const caller = this.callerOf(callId);
    this.requireTalking(agent, caller);
    // An agent consulted on this very call (busy, engaged on it) may take it over.
    const consulted = target.state === 'busy' && target.engaged?.callId === callId;
    if (target.state !== 'available' && !consulted) {
      throw new AcdError('acd_illegal_state', `Agent ${targetAgentId} is ${target.state}, not available`, { agentId: targetAgentId, state: target.state });
    }
    this.run(() => {
      this.endCall(caller, 'agent', true);
      this.offer(caller, [target], 'transfer');
    });
  }

  /** Pick up (代接) a call ringing at another seat. The ringing agents keep their place. */
  pickUp(agentId: string, callId: string): void {
    const agent = this.agentOf(agentId);
    const caller = this.callerOf(callId);
    if (caller.status !== 'offered') {
      throw new AcdError('acd_illegal_state', `Call ${callId} is not ringing at a seat`, { callId, status: caller.status });
    }
    if (agent.state !== 'available') {
      throw new AcdError('acd_illegal_state', `Agent ${agentId} is ${agent.state}, not available to pick up`, { agentId, state: agent.state });
    }
    this.run(() => {
      for (const other of [...caller.offeredTo]) this.withdrawOffer(caller, this.agentOf(other), 'answered_elsewhere');
      this.offer(caller, [agent], 'pickup');
      this.answer(caller, agent);
    });
  }

  /**
   * The agent starts a call the ACD did not route (consultation, conference leg, agent-to-agent
   * or outbound call, monitoring): busy, no queue offers them a call until `disengage`. From
   * available, wrap-up (which ends it) or a pause (restored afterwards). With `callId` the
   * engagement belongs to that ACD call, and the agent may take it over (transferToAgent).
   */
  engage(agentId: string, options: { purpose: string; callId?: string; actor?: Actor }): void {
    const agent = this.agentOf(agentId);
    const purpose = options.purpose;
    if (purpose.length === 0 || purpose.length > 64) throw new AcdError('acd_invalid_config', 'Purpose must be 1–64 characters');
    if (options.callId !== undefined) {
      const caller = this.callerOf(options.callId);
      if (caller.status !== 'connected' || caller.agentId === agentId) {
        throw new AcdError('acd_illegal_state', `Call ${options.callId} is not connected to another agent`, { callId: options.callId, status: caller.status });
      }
    }
    checkTransition(agentId, agent.state, 'busy', 'engage');
    this.run(() => {
      const resumePause = agent.state === 'paused' ? agent.pauseReason : undefined;
      const after = this.releaseAgent(agent, 'withdrawn', false);
      this.transition(agent, 'busy', 'engage', { actor: options.actor ?? AGENT, reason: purpose, ...(options.callId === undefined ? {} : { callId: options.callId }) }, () => {
        agent.engaged = { purpose, callId: options.callId, resumePause };
      });
      after();
    });
  }

  /** The engagement is over: back to available, or to the pause it came from or asked for. */
  disengage(agentId: string, actor: Actor = AGENT): void {
    const agent = this.agentOf(agentId);
    if (agent.state !== 'busy') {
      throw new AcdError('acd_illegal_state', `Agent ${agentId} is ${agent.state}, not busy`, { agentId, state: agent.state });
    }
    const pause = agent.pendingPause ?? agent.engaged?.resumePause;
    this.run(() => {
      if (pause !== undefined) {
        this.transition(agent, 'paused', 'disengage', { actor, reason: pause }, () => {
          agent.pauseReason = pause;
          agent.pendingPause = undefined;
        });
        this.afterLeavingService(agent);
      } else {
        this.transition(agent, 'available', 'disengage', { actor });
        this.routeAgent(agent);
      }
    });
  }

  /**
   * The caller chose to leave the queue (keyed "leave a message" or "back to the menu" while
   * waiting): the visit ends with that outcome, no port command (the integrator moves the call).
   */
  callerLeft(callId: string, to: 'voicemail' | 'ivr'): void {
    const caller = this.callerOf(callId);
    if (caller.status !== 'waiting' && caller.status !== 'offered') {
      throw new AcdError('acd_illegal_state', `Call ${callId} is ${caller.status}, not waiting`, { callId, status: caller.status });
    }
    this.run(() => {
      for (const agentId of [...caller.offeredTo]) this.withdrawOffer(caller, this.agentOf(agentId), 'withdrawn');
      this.router.dequeue(caller);
      if (caller.inVisit) this.leaveVisit(caller, to, to);
      this.forget(caller);
    });
  }

  // ─── telephony facts ──────────────────────────────────────────────────────────────────────

  /** A call enters a queue (from the IVR, press 0). */
  callerEntered(input: CallerEntryInput): CallerView {
    const entry = parseOrThrow(callerEntrySchema, input, 'caller entry');
    this.queueOf(entry.queueId);
    if (this.callers.has(entry.callId)) {
      throw new AcdError('acd_duplicate_call', `Call ${entry.callId} is already in the ACD`, { callId: entry.callId });
    }
    return this.run(() => {
      const now = this.now();
      const caller: CallerRuntime = {
        callId: entry.callId,
        entry: Object.freeze({ ...entry }),
        queueId: entry.queueId,
        priority: entry.priority,
        city: entry.callerCity,
        requiredSkills: entry.requiredSkills,
        enteredAt: Math.min(entry.enteredAt ?? now, now),
        queuedAt: now,
        seq: this.callerSeq++,
        rankClass: 0,
        rankAt: 0,
        status: 'waiting',
        declinedBy: new Set(),
        visited: [],
        offeredTo: new Set(),
        callbackNumber: undefined,
        dialling: undefined,
        callbackFailures: 0,
        notBefore: 0,
        agentId: undefined,
        answeredAt: undefined,
        hadToWait: false,
        waitReason: undefined,
        inVisit: false,
        offerKind: 'queue',
        deferred: undefined,
      };
      this.callers.set(caller.callId, caller);
      this.enterQueue(caller, entry.queueId, undefined);
      return this.viewCaller(caller);
    });
  }

  agentAnswered(callId: string, agentId: string): void {
    const agent = this.agentOf(agentId);
    const caller = this.callerOf(callId);
    this.requireRinging(agent, caller);
    this.run(() => this.answer(caller, agent));
  }

  agentRejected(callId: string, agentId: string): void {
    const agent = this.agentOf(agentId);
    const caller = this.callerOf(callId);
    this.requireRinging(agent, caller);
    this.run(() => {
      this.cancelAgentTimer(agent.id);
      this.transition(agent, 'available', 'reject', { actor: AGENT, reason: 'declined' });
      this.offerFailed(caller, agent.id, true);
      this.routeAgent(agent);
    });
  }

  /**
   * The caller left: an abandon while waiting or ringing, the end of the conversation when
   * connected. After a callback request the caller's line going away is expected: ignored.
   */
  callerHungUp(callId: string): void {
    const caller = this.callerOf(callId);
    this.run(() => this.lineGone(caller, 'caller'));
  }

  /**
   * The agent hung up: ends the conversation, or, after the caller had hung up first, puts the
   * agent's phone back on hook (clearing a not-hung-up pause).
   */
  agentHungUp(callId: string, agentId: string): void {
    const agent = this.agentOf(agentId);
    const watch = this.onHookWatch.get(agentId);
    if (watch && watch.callId === callId) {
      this.run(() => this.onHook(agent));
      return;
    }
    const caller = this.callerOf(callId);
    if (caller.status !== 'connected' || caller.agentId !== agentId) {
      throw new AcdError('acd_illegal_state', `Agent ${agentId} is not talking on call ${callId}`, { agentId, callId, state: agent.state });
    }
    this.run(() => this.endCall(caller, 'agent', false));
  }

  /** The line was released for another reason (network, transfer out of the ACD). */
  callEnded(callId: string): void {
    const caller = this.callerOf(callId);
    this.run(() => this.lineGone(caller, 'network'));
  }

  /** The caller asks to be called back and leaves the line, keeping their place in the queue. */
  requestCallback(callId: string, number: string): void {
    const caller = this.callerOf(callId);
    if (caller.status !== 'waiting') {
      throw new AcdError('acd_illegal_state', `Call ${callId} is ${caller.status}, not waiting`, { callId, status: caller.status });
    }
    if (!/^\+?\d{3,20}$/.test(number)) throw new AcdError('acd_invalid_config', 'Callback number must be 3–20 digits');
    this.run(() => {
      caller.status = 'callback';
      caller.callbackNumber = number;
      caller.deferred = undefined;
      // The caller is off the line: no overflow, max wait or announcements, only its place.
      this.scheduleCallbackTimers(caller, this.queueOf(caller.queueId).config);
      this.writeWaitLog(caller, 'callback_requested');
      this.send(() => this.port.playToCaller(caller.callId, { kind: 'callback_confirmed' }));
      this.emitCaller(caller);
    });
  }

  /**
   * The agent's dial of a callback went unanswered (busy, no answer, failure, or the agent hung
   * up before the customer answered). The agent is free at once: no wrap-up, since nobody was
   * spoken to (a pause asked for meanwhile applies). Below the queue's `callback.attempts` the
   * callback goes back into the waiting list with its original rank and is offered to nobody for
   * `callback.retryDelayS` (callers behind it are served meanwhile; once the delay has passed it
   * is ahead of everyone who entered after it). After the last attempt the visit ends with
   * outcome `callback_failed`.
   */
  callbackFailed(callId: string, agentId: string, reason = 'no_answer'): CallbackAttempt {
    const agent = this.agentOf(agentId);
    const caller = this.callerOf(callId);
    if (caller.status !== 'connected' || caller.agentId !== agentId || caller.dialling === undefined || agent.state !== 'talking') {
      throw new AcdError('acd_illegal_state', `Agent ${agentId} is not dialling callback ${callId}`, { agentId, callId, state: agent.state });
    }
    if (reason.length === 0 || reason.length > 64) throw new AcdError('acd_invalid_config', 'Reason must be 1–64 characters');
    return this.run(() => {
      const config = this.queueOf(caller.queueId).config;
      const number = caller.dialling as string;
      const attempt = ++caller.callbackFailures;
      const final = attempt >= config.callback.attempts;
      const pendingPause = agent.pendingPause;
      const ctx = { actor: SYSTEM, callId, queueId: caller.queueId, reason };
      if (pendingPause !== undefined) {
        this.transition(agent, 'paused', 'callback_failed', ctx, () => {
          agent.pauseReason = pendingPause;
          agent.pendingPause = undefined;
        });
      } else {
        this.transition(agent, 'available', 'callback_failed', ctx);
      }
      caller.agentId = undefined;
      caller.answeredAt = undefined;
      caller.dialling = undefined;
      let retryAt: number | undefined;
      if (final) {
        if (caller.inVisit) this.leaveVisit(caller, 'callback_failed', 'callback_requested');
        caller.status = 'ended';
        this.emitCaller(caller);
        this.forget(caller);
      } else {
        retryAt = this.now() + config.callback.retryDelayS * 1000;
        caller.status = 'callback';
        caller.callbackNumber = number;
        caller.notBefore = retryAt;
        this.router.enqueue(caller);
        this.scheduleCallbackTimers(caller, config);
        this.emitCaller(caller);
      }
      if (agent.state === 'paused') this.afterLeavingService(agent);
      else this.routeAgent(agent);
      return { attempt, attempts: config.callback.attempts, retryAt };
    });
  }

  /** A pending callback is no longer wanted (e.g. the customer called again). */
  cancelCallback(callId: string): void {
    const caller = this.callerOf(callId);
    if (caller.status !== 'callback') {
      throw new AcdError('acd_illegal_state', `Call ${callId} is ${caller.status}, not a pending callback`, { callId, status: caller.status });
    }
    this.run(() => {
      this.router.dequeue(caller);
      this.leaveVisit(caller, 'callback_cancelled', 'callback_requested');
      this.forget(caller);
    });
  }

  // ─── views ────────────────────────────────────────────────────────────────────────────────

  agent(agentId: string): AgentView {
    return this.viewAgent(this.agentOf(agentId));
  }

  listAgents(): AgentView[] {
    return [...this.agents.values()].map((a) => this.viewAgent(a));
  }

  queue(queueId: string): QueueView {
    const queue = this.queueOf(queueId);
    const waiting = this.router.waiting(queueId);
    return {
      id: queueId,
      name: queue.config.name,
      strategy: queue.config.strategy,
      waiting: waiting.filter((c) => c.status === 'waiting').length,
      callbacks: waiting.filter((c) => c.status === 'callback').length,
      available: this.router.availableCount(queueId),
      staffed: this.router.staffedCount(queueId),
      signedIn: this.router.signedInCount(queueId),
      oldestWaitingSince: waiting.reduce<number | undefined>((min, c) => (min === undefined || c.queuedAt < min ? c.queuedAt : min), undefined),
    };
  }

  queueConfig(queueId: string): QueueConfig {
    return this.queueOf(queueId).config;
  }

  listQueues(): QueueView[] {
    return [...this.queues.keys()].map((id) => this.queue(id));
  }

  caller(callId: string): CallerView {
    return this.viewCaller(this.callerOf(callId));
  }

  /** Position and expected wait for an announcement (see expected-wait.ts). */
  waitEstimate(callId: string): WaitEstimate {
    const caller = this.callerOf(callId);
    return this.estimateFor(caller);
  }

  /** Idle agents to show a transferring agent (optionally only members of a queue). */
  availableAgents(queueId?: string): AgentView[] {
    if (queueId !== undefined) this.queueOf(queueId);
    return [...this.agents.values()]
      .filter((a) => a.state === 'available' && (queueId === undefined || a.memberships.has(queueId)))
      .map((a) => this.viewAgent(a));
  }

  // ─── internals: queue visits ──────────────────────────────────────────────────────────────

  /**
   * Puts the caller into a queue as a new visit, with its timers — or straight on to the
   * overflow target when the queue says so and nobody is signed in. `exclude`: an agent not to
   * offer it to at once (the one who just transferred it).
   */
  private enterQueue(caller: CallerRuntime, queueId: string, fromQueueId: string | undefined, exclude?: string): void {
    const queue = this.queueOf(queueId);
    caller.queueId = queueId;
    caller.queuedAt = this.now();
    caller.declinedBy = new Set(exclude === undefined ? [] : [exclude]);
    caller.visited.push(queueId);
    caller.status = caller.callbackNumber === undefined ? 'waiting' : 'callback';
    caller.inVisit = true;
    caller.hadToWait = false;
    caller.waitReason = undefined;
    caller.deferred = undefined;
    Object.assign(caller, rankFor(queue.config, caller.priority, caller.enteredAt));
    if (fromQueueId !== undefined) this.send(() => this.port.callerMoved?.(caller.callId, fromQueueId, queueId));
    this.emitCaller(caller);

    if (queue.config.overflow.whenNoAgentSignedIn && this.router.signedInCount(queueId) === 0 && this.overflow(caller)) return;
    this.router.enqueue(caller);
    if (caller.status === 'waiting') {
      this.send(() => this.port.playToCaller(caller.callId, { kind: 'hold_music', musicClass: queue.config.announce.musicClass }));
      this.scheduleVisitTimers(caller, queue.config);
    } else {
      this.scheduleCallbackTimers(caller, queue.config);
    }
    if (this.tryOffer(caller)) return;
    if (queue.config.announce.onEntry) this.announce(caller);
  }

  /** Offers a waiting caller to the agents the router picks; false (and noted as waiting) if none. */
  private tryOffer(caller: CallerRuntime): boolean {
    const agents = this.router.agentsFor(caller, this.now());
    if (agents.length > 0) {
      this.offer(caller, agents, caller.callbackNumber === undefined ? 'queue' : 'callback');
      return true;
    }
    if (!caller.hadToWait && caller.status === 'waiting') {
      caller.hadToWait = true;
      caller.waitReason = this.router.signedInCount(caller.queueId) === 0 ? 'no_agent_signed_in' : 'all_busy';
    }
    return false;
  }

  private offer(caller: CallerRuntime, agents: readonly AgentRuntime[], kind: OfferKind): void {
    const queue = this.queueOf(caller.queueId);
    const now = this.now();
    this.router.dequeue(caller);
    caller.status = 'offered';
    caller.offerKind = kind;
    for (const agent of agents) {
      this.transition(agent, 'ringing', 'offer', { actor: SYSTEM, callId: caller.callId, queueId: caller.queueId }, () => {
        agent.call = { callId: caller.callId, queueId: caller.queueId, kind, offeredAt: now };
      });
      caller.offeredTo.add(agent.id);
      this.setAgentTimer(agent.id, queue.config.ringTimeoutS * 1000, () => this.ringTimedOut(agent, caller.callId));
      const details: OfferDetails = {
        kind,
        queueId: caller.queueId,
        ringTimeoutS: queue.config.ringTimeoutS,
        callingNumber: caller.entry.callingNumber,
        priority: caller.priority,
        ivrData: caller.entry.ivrData,
        ...(caller.callbackNumber === undefined ? {} : { callbackNumber: caller.callbackNumber }),
      };
      this.send(() => this.port.offerCallToAgent(caller.callId, agent.id, details));
    }
    this.emitCaller(caller);
  }

  private answer(caller: CallerRuntime, agent: AgentRuntime): void {
    this.cancelAgentTimer(agent.id);
    this.clearOnHookWatch(agent.id); // answering proves the phone works
    this.transition(agent, 'talking', 'answer', { actor: AGENT, callId: caller.callId, queueId: caller.queueId }, () => {
      if (agent.call) agent.call.answeredAt = this.now();
    });
    caller.offeredTo.delete(agent.id);
    for (const other of [...caller.offeredTo]) this.withdrawOffer(caller, this.agentOf(other), 'answered_elsewhere');
    caller.status = 'connected';
    caller.agentId = agent.id;
    caller.answeredAt = this.now();
    caller.dialling = caller.callbackNumber;
    caller.callbackNumber = undefined; // a callback, once connected, is an ordinary call
    if (caller.inVisit) {
      this.cancelVisitTimers(caller.callId);
      this.writeWaitLog(caller, 'answered');
    }
    this.emitCaller(caller);
  }

  /** Stops ringing one agent through no fault of theirs; they keep their idle place. */
  private withdrawOffer(caller: CallerRuntime, agent: AgentRuntime, reason: CancelReason): void {
    this.cancelAgentTimer(agent.id);
    caller.offeredTo.delete(agent.id);
    this.transition(agent, 'available', 'offer_cancelled', { actor: SYSTEM, reason, callId: caller.callId, queueId: caller.queueId });
    this.send(() => this.port.cancelOffer(caller.callId, agent.id, reason));
    this.routeAgent(agent);
  }

  /** The offer rang past the queue's ring timeout: lock (闭锁) at the queue's threshold. */
  private ringTimedOut(agent: AgentRuntime, callId: string): void {
    if (agent.state !== 'ringing' || agent.call?.callId !== callId) return;
    this.agentTimers.delete(agent.id);
    const queueId = agent.call.queueId;
    const streak = agent.noAnswerStreak + 1;
    const lock = streak >= (this.queues.get(queueId)?.config.lockAfterNoAnswers ?? 1);
    this.transition(agent, lock ? 'locked' : 'available', 'ring_timeout', { actor: SYSTEM, reason: 'no_answer', callId, queueId }, () => {
      agent.noAnswerStreak = lock ? 0 : streak;
    });
    this.send(() => this.port.cancelOffer(callId, agent.id, 'ring_timeout'));
    const caller = this.callers.get(callId);
    if (caller) this.offerFailed(caller, agent.id, true);
    if (lock) this.afterLeavingService(agent);
    else this.routeAgent(agent);
  }

  /** One agent's offer ended without an answer; when none is left ringing, the caller waits again. */
  private offerFailed(caller: CallerRuntime, agentId: string, declined: boolean): void {
    caller.offeredTo.delete(agentId);
    if (declined) caller.declinedBy.add(agentId);
    if (caller.offeredTo.size > 0 || caller.status !== 'offered') return;
    if (!caller.inVisit) {
      // A transfer to a named agent failed: back into the queue, as a new visit, with the same rank.
      this.enterQueue(caller, caller.queueId, undefined, agentId);
      return;
    }
    caller.status = caller.callbackNumber === undefined ? 'waiting' : 'callback';
    this.router.enqueue(caller);
    this.emitCaller(caller);
    const deferred = caller.deferred;
    caller.deferred = undefined;
    if (deferred === 'overflow' && this.overflow(caller)) return;
    if (deferred === 'max_wait') {
      this.maxWaitReached(caller);
      return;
    }
    this.tryOffer(caller);
  }

  /** After an agent becomes available: the best waiting caller across the agent's queues. */
  private routeAgent(agent: AgentRuntime): void {
    if (agent.state !== 'available') return;
    const caller = this.router.callerFor(agent, this.now());
    if (caller) this.offer(caller, [agent], caller.callbackNumber === undefined ? 'queue' : 'callback');
  }

  /** The caller's line went away (caller hang-up or network). */
  private lineGone(caller: CallerRuntime, by: 'caller' | 'network'): void {
    switch (caller.status) {
      case 'callback':
      case 'ended':
        return;
      case 'waiting':
        this.router.dequeue(caller);
        this.leaveVisit(caller, 'abandoned', 'abandoned');
        this.forget(caller);
        return;
      case 'offered':
        for (const agentId of [...caller.offeredTo]) this.withdrawOffer(caller, this.agentOf(agentId), 'caller_hung_up');
        if (caller.inVisit) this.leaveVisit(caller, 'abandoned', 'abandoned');
        this.forget(caller);
        return;
      case 'connected':
        this.endCall(caller, by, false);
        return;
    }
  }

  /**
   * The conversation ended. The agent wraps up for the wrap-up time of the queue the call came
   * from; being in wrap_up, they get no call from any of their queues meanwhile. A pause asked
   * for during the call takes effect instead. `continues`: the caller goes on (transfer).
   */
  private endCall(caller: CallerRuntime, by: 'caller' | 'agent' | 'network', continues: boolean): void {
    const agent = this.agentOf(caller.agentId ?? '');
    const queue = this.queueOf(caller.queueId);
    const now = this.now();
    const answeredAt = caller.answeredAt ?? now;
    const visit: VisitDraft | undefined = caller.inVisit
      ? {
          callId: caller.callId,
          queueId: caller.queueId,
          priority: caller.priority,
          enteredAt: caller.queuedAt,
          leftAt: answeredAt,
          outcome: caller.offerKind === 'callback' ? 'callback_answered' : 'answered',
          waitMs: answeredAt - caller.queuedAt,
          agentId: agent.id,
          answeredAt,
          talkMs: now - answeredAt,
        }
      : undefined;
    const wrapMs = queue.config.wrapUpS * 1000;
    const pendingPause = agent.pendingPause;
    const ctx = { actor: by === 'agent' ? AGENT : SYSTEM, callId: caller.callId, queueId: caller.queueId, reason: `${by}_hung_up` };
    if (pendingPause !== undefined) {
      this.transition(agent, 'paused', 'call_ended', { ...ctx, reason: pendingPause }, () => {
        agent.pauseReason = pendingPause;
        agent.pendingPause = undefined;
      });
      if (visit) this.writeVisit({ ...visit, wrapMs: 0 });
    } else if (wrapMs > 0) {
      this.transition(agent, 'wrap_up', 'call_ended', ctx, () => {
        agent.wrap = { callId: caller.callId, queueId: caller.queueId, startedAt: now, until: now + wrapMs, visit };
      });
      this.setAgentTimer(agent.id, wrapMs, () => this.wrapUpEnded(agent));
    } else {
      this.transition(agent, 'available', 'call_ended', ctx);
      if (visit) this.writeVisit({ ...visit, wrapMs: 0 });
    }
    if (by === 'caller' && this.notHungUpAfterMs > 0) this.watchOnHook(agent, caller.callId);
    caller.agentId = undefined;
    caller.answeredAt = undefined;
    caller.inVisit = false;
    if (!continues) {
      caller.status = 'ended';
      this.emitCaller(caller);
      this.forget(caller);
    }
    if (agent.state === 'paused') this.afterLeavingService(agent);
    else this.routeAgent(agent);
  }

  private wrapUpEnded(agent: AgentRuntime): void {
    if (agent.state !== 'wrap_up') return;
    this.agentTimers.delete(agent.id);
    this.closeWrap(agent);
    this.transition(agent, 'available', 'wrap_up_end', { actor: SYSTEM });
    this.routeAgent(agent);
  }

  /** Writes the visit the wrap-up belongs to, with the wrap-up time actually taken. */
  private closeWrap(agent: AgentRuntime): void {
    const wrap = agent.wrap;
    if (wrap?.visit) this.writeVisit({ ...wrap.visit, wrapMs: this.now() - wrap.startedAt });
  }

  /**
   * Before an agent leaves ringing or wrap-up by their own (or a supervisor's) action: stops the
   * timer, withdraws the offer or closes the wrap-up. Returns what to do once the agent's
   * transition is made: a withdrawn caller waits again (and may be offered to someone else).
   */
  private releaseAgent(agent: AgentRuntime, reason: CancelReason, declined: boolean): () => void {
    if (agent.state === 'wrap_up') {
      this.cancelAgentTimer(agent.id);
      this.closeWrap(agent);
    }
    const callId = agent.state === 'ringing' ? agent.call?.callId : undefined;
    if (callId === undefined) return () => {};
    this.cancelAgentTimer(agent.id);
    this.send(() => this.port.cancelOffer(callId, agent.id, reason));
    return () => {
      const caller = this.callers.get(callId);
      if (caller) this.offerFailed(caller, agent.id, declined);
    };
  }

  /**
   * An agent stopped being staffed (pause, lock, sign-out, left a queue). Callers held for the
   * agent's city may now go to anyone, and a queue left with nobody signed in may overflow.
   */
  private afterLeavingService(agent: AgentRuntime, oldCity = agent.city): void {
    for (const queueId of agent.memberships.keys()) this.afterStaffingDrop(queueId, oldCity);
  }

  private afterStaffingDrop(queueId: string, city: string): void {
    const queue = this.queues.get(queueId);
    if (!queue) return;
    const config = queue.config;
    if (config.overflow.whenNoAgentSignedIn && this.router.signedInCount(queueId) === 0) {
      for (const caller of this.router.waiting(queueId)) if (caller.status === 'waiting') this.overflow(caller);
    }
    if (config.localPreferenceWaitS > 0 && city !== '' && this.router.staffedCount(queueId, city) === 0) {
      for (const caller of this.router.waiting(queueId)) {
        if (caller.city === city && (caller.status === 'waiting' || caller.status === 'callback')) this.tryOffer(caller);
      }
    }
  }

  /** After a profile or membership change: release callers held for the old city, route the agent. */
  private afterAgentChange(agent: AgentRuntime, oldCity: string): void {
    for (const queueId of this.queues.keys()) this.afterStaffingDrop(queueId, oldCity);
    this.routeAgent(agent);
  }

  /** Moves the caller to the queue's overflow target; false if there is none to go to. */
  private overflow(caller: CallerRuntime): boolean {
    const queue = this.queueOf(caller.queueId);
    const target = queue.config.overflow.targetQueueId;
    if (target === undefined || !this.queues.has(target) || caller.visited.includes(target)) return false;
    this.router.dequeue(caller);
    this.leaveVisit(caller, 'overflowed', 'overflowed');
    this.enterQueue(caller, target, queue.config.id);
    return true;
  }

  /** Max wait reached: voicemail, back to the IVR, or overflow (voicemail if it cannot). */
  private maxWaitReached(caller: CallerRuntime): void {
    const queue = this.queueOf(caller.queueId);
    const action = queue.config.maxWaitAction;
    if (action === 'overflow' && this.overflow(caller)) return;
    const outcome = action === 'ivr' ? 'ivr' : 'voicemail';
    this.router.dequeue(caller);
    this.leaveVisit(caller, outcome, outcome);
    if (outcome === 'ivr') this.send(() => this.port.returnToIvr(caller.callId, queue.config.id));
    else this.send(() => this.port.sendToVoicemail(caller.callId, queue.config.id));
    this.forget(caller);
  }

  /** Ends the current visit without an answer: the wait log line and the visit record. */
  private leaveVisit(caller: CallerRuntime, outcome: VisitOutcome, waitOutcome: WaitOutcome): void {
    const now = this.now();
    this.cancelVisitTimers(caller.callId);
    this.writeWaitLog(caller, waitOutcome);
    this.writeVisit({
      callId: caller.callId,
      queueId: caller.queueId,
      priority: caller.priority,
      enteredAt: caller.queuedAt,
      leftAt: now,
      outcome,
      waitMs: now - caller.queuedAt,
    });
    caller.inVisit = false;
  }

  private forget(caller: CallerRuntime): void {
    this.cancelVisitTimers(caller.callId);
    this.callers.delete(caller.callId);
    this.events.next({ type: 'caller', callId: caller.callId, queueId: caller.queueId, status: 'left', at: this.now() });
  }

  // ─── internals: timers ────────────────────────────────────────────────────────────────────

  private scheduleVisitTimers(caller: CallerRuntime, config: QueueConfig): void {
    this.cancelVisitTimers(caller.callId);
    const callId = caller.callId;
    const bag = new Subscription();
    this.visitTimers.set(callId, bag);
    this.timers.add(bag);
    const current = (): CallerRuntime | undefined => {
      const c = this.callers.get(callId);
      return c && c.inVisit && c.queueId === config.id ? c : undefined;
    };
    if (config.overflow.afterS > 0 && config.overflow.targetQueueId !== undefined) {
      bag.add(
        this.later(config.overflow.afterS * 1000, () => {
          const c = current();
          if (c?.status === 'waiting') this.overflow(c);
          else if (c?.status === 'offered') c.deferred ??= 'overflow';
        }),
      );
    }
    if (config.maxWaitS > 0) {
      bag.add(
        this.later(config.maxWaitS * 1000, () => {
          const c = current();
          if (c?.status === 'waiting') this.maxWaitReached(c);
          else if (c?.status === 'offered') c.deferred = 'max_wait';
        }),
      );
    }
    this.addLocalPreferenceTimer(bag, caller, config);
    const every = config.announce.everyS * 1000;
    if (every > 0 && (config.announce.position || config.announce.expectedWait)) {
      const service = this;
      bag.add(
        this.scheduler.schedule(function (this: SchedulerAction<unknown>) {
          service.run(() => {
            const c = current();
            if (c) service.announce(c);
          });
          this.schedule(undefined, every);
        }, every),
      );
    }
  }

  /** A callback keeps only the local-preference timer of its visit, and the end of its retry delay. */
  private scheduleCallbackTimers(caller: CallerRuntime, config: QueueConfig): void {
    this.cancelVisitTimers(caller.callId);
    const bag = new Subscription();
    this.visitTimers.set(caller.callId, bag);
    this.timers.add(bag);
    this.addLocalPreferenceTimer(bag, caller, config);
    const wait = caller.notBefore - this.now();
    if (wait <= 0) return;
    const callId = caller.callId;
    bag.add(
      this.later(wait, () => {
        const c = this.callers.get(callId);
        if (c?.status === 'callback') this.tryOffer(c);
      }),
    );
  }

  /** When the local-preference wait ends, anyone may answer: try the caller again. */
  private addLocalPreferenceTimer(bag: Subscription, caller: CallerRuntime, config: QueueConfig): void {
    if (config.localPreferenceWaitS <= 0 || caller.city === '') return;
    const callId = caller.callId;
    bag.add(
      this.later(caller.queuedAt + config.localPreferenceWaitS * 1000 - this.now(), () => {
        const c = this.callers.get(callId);
        if (c && c.queueId === config.id && (c.status === 'waiting' || c.status === 'callback')) this.tryOffer(c);
      }),
    );
  }

  private cancelVisitTimers(callId: string): void {
    const bag = this.visitTimers.get(callId);
    if (!bag) return;
    this.visitTimers.delete(callId);
    this.timers.remove(bag);
    bag.unsubscribe();
  }

  private setAgentTimer(agentId: string, delayMs: number, fire: () => void): void {
    this.cancelAgentTimer(agentId);
    const timer = this.later(delayMs, () => {
      this.agentTimers.delete(agentId);
      fire();
    });
    this.agentTimers.set(agentId, timer);
  }

  private cancelAgentTimer(agentId: string): void {
    const timer = this.agentTimers.get(agentId);
    if (!timer) return;
    this.agentTimers.delete(agentId);
    this.timers.remove(timer);
    timer.unsubscribe();
  }

  /** Runs `fire` after `delayMs` of scheduler time, as one input (port commands sent after). */
  private later(delayMs: number, fire: () => void): Subscription {
    const timer = this.scheduler.schedule(() => {
      this.timers.remove(timer);
      this.run(fire);
    }, Math.max(0, delayMs));
    this.timers.add(timer);
    return timer;
  }

  private announce(caller: CallerRuntime): void {
    if (caller.status !== 'waiting') return;
    const config = this.queueOf(caller.queueId).config.announce;
    const estimate = this.estimateFor(caller);
    const position = config.position && estimate.position > 0 ? estimate.position : undefined;
    const expectedWaitS = config.expectedWait && estimate.meaningful ? estimate.expectedWaitS : undefined;
    if (position === undefined && expectedWaitS === undefined) return;
    this.send(() =>
      this.port.playToCaller(caller.callId, {
        kind: 'queue_status',
        ...(position === undefined ? {} : { position }),
        ...(expectedWaitS === undefined ? {} : { expectedWaitS }),
      }),
    );
  }

  /** 未挂机: the caller hung up and the agent's phone did not go back on hook in time. */
  private watchOnHook(agent: AgentRuntime, callId: string): void {
    this.clearOnHookWatch(agent.id);
    const timer = this.later(this.notHungUpAfterMs, () => this.notHungUp(agent, callId));
    this.onHookWatch.set(agent.id, { callId, timer });
  }

  private notHungUp(agent: AgentRuntime, callId: string): void {
    if (this.onHookWatch.get(agent.id)?.callId !== callId) return;
    this.log(agent, { action: 'not_hung_up', from: agent.state, to: agent.state, actor: SYSTEM, callId, reason: 'not_hung_up' });
    if (agent.state !== 'wrap_up' && agent.state !== 'available') return;
    const after = this.releaseAgent(agent, 'agent_unavailable', false);
    this.transition(agent, 'paused', 'pause', { actor: SYSTEM, reason: 'not_hung_up', callId }, () => {
      agent.pauseReason = 'not_hung_up';
    });
    after();
    this.afterLeavingService(agent);
  }

  private onHook(agent: AgentRuntime): void {
    this.clearOnHookWatch(agent.id);
    if (agent.state === 'paused' && agent.pauseReason === 'not_hung_up') {
      this.transition(agent, 'available', 'resume', { actor: SYSTEM, reason: 'on_hook' });
      this.routeAgent(agent);
    }
  }

  private clearOnHookWatch(agentId: string): void {
    const watch = this.onHookWatch.get(agentId);
    if (!watch) return;
    this.onHookWatch.delete(agentId);
    this.timers.remove(watch.timer);
    watch.timer.unsubscribe();
  }

  private scheduleStatsReset(): void {
    const now = this.now();
    this.later(nextLocalHour(now, this.statsResetHour, this.calendar) - now, () => {
      this.currentWindowStart = windowStart(this.now(), this.statsResetHour, this.calendar);
      for (const agent of this.agents.values()) agent.stats = emptyStats(this.currentWindowStart);
      this.router.rebuild();
      this.scheduleStatsReset();
    });
  }

  // ─── internals: state, logs, plumbing ─────────────────────────────────────────────────────

  /**
   * The only place an agent's state changes: checks the table, keeps the strategy statistics
   * (agent-stats.ts), re-indexes the agent and writes the service log.
   */
  private transition(
    agent: AgentRuntime,
    to: AgentState,
    action: AgentAction,
    ctx: { actor: Actor; reason?: string | undefined; callId?: string; queueId?: string },
    mutate?: () => void,
  ): void {
    const from = agent.state;
    checkTransition(agent.id, from, to, action);
    const now = this.now();
    const call = agent.call;
    this.router.updateAgent(agent, () => {
      // Recovery starts from persisted states with no history: nothing to close.
      const counts = action !== 'restart_recovery';
      if (counts && from === 'available' && to !== 'ringing') this.closeIdle(agent, now);
      if (counts && from === 'ringing' && action !== 'offer_cancelled') this.closeIdle(agent, call?.offeredAt ?? now);
      // A callback dial nobody answered is neither talk time nor an answered call.
      if (from === 'talking' && call?.answeredAt !== undefined && action !== 'callback_failed') agent.stats.talkMs += now - call.answeredAt;
      if (action === 'callback_failed') agent.stats.answered = Math.max(0, agent.stats.answered - 1);
      if (action === 'answer') {
        agent.stats.answered += 1;
        agent.noAnswerStreak = 0;
      }
      if (to === 'available' && action !== 'offer_cancelled') agent.availableSince = now;
      if (from === 'wrap_up') agent.wrap = undefined;
      if (to !== 'ringing' && to !== 'talking') agent.call = undefined;
      if (to !== 'paused') agent.pauseReason = undefined;
      if (to !== 'busy') agent.engaged = undefined;
      agent.state = to;
      mutate?.();
    });
    const reason = ctx.reason ?? (to === 'paused' ? agent.pauseReason : undefined);
    this.log(agent, {
      action,
      from,
      to,
      actor: ctx.actor,
      ...(reason === undefined ? {} : { reason }),
      ...(ctx.callId === undefined ? {} : { callId: ctx.callId }),
      ...(ctx.queueId === undefined ? {} : { queueId: ctx.queueId }),
    });
  }

  private closeIdle(agent: AgentRuntime, end: number): void {
    agent.stats.idleMs += Math.max(0, end - agent.availableSince);
    agent.stats.idlePeriods += 1;
  }

  private log(agent: AgentRuntime, entry: Omit<AgentServiceLogEntry, 'at' | 'agentId'>): void {
    const full: AgentServiceLogEntry = { at: this.now(), agentId: agent.id, ...entry };
    this.agentLog.write(full);
    this.events.next({ type: 'agent', entry: full });
  }

  /** One all-busy waiting line per visit in which the caller had to wait. */
  private writeWaitLog(caller: CallerRuntime, outcome: WaitOutcome): void {
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
    this.waitLog.write(entry);
    this.events.next({ type: 'wait_log', entry });
  }

  private writeVisit(record: QueueCallRecord): void {
    if ((record.outcome === 'answered' || record.outcome === 'callback_answered') && record.talkMs !== undefined) {
      this.history.add(record.queueId, record.talkMs + (record.wrapMs ?? 0));
    }
    this.callRecords?.write(record);
    this.events.next({ type: 'call_record', record });
  }

  private emitCaller(caller: CallerRuntime): void {
    this.events.next({ type: 'caller', callId: caller.callId, queueId: caller.queueId, status: caller.status, at: this.now() });
  }

  private estimateFor(caller: CallerRuntime): WaitEstimate {
    const position = caller.status === 'waiting' || caller.status === 'callback' ? this.router.position(caller) : 0;
    return this.history.estimate(caller.queueId, position, this.router.staffedCount(caller.queueId));
  }

  private requireRinging(agent: AgentRuntime, caller: CallerRuntime): void {
    if (agent.state !== 'ringing' || agent.call?.callId !== caller.callId) {
      throw new AcdError('acd_illegal_state', `Agent ${agent.id} is ${agent.state}, not ringing for call ${caller.callId}`, {
        agentId: agent.id,
        callId: caller.callId,
        state: agent.state,
      });
    }
  }

  private requireTalking(agent: AgentRuntime, caller: CallerRuntime): void {
    if (agent.state !== 'talking' || agent.call?.callId !== caller.callId || caller.status !== 'connected') {
      throw new AcdError('acd_illegal_state', `Agent ${agent.id} has no call ${caller.callId} to transfer`, {
        agentId: agent.id,
        callId: caller.callId,
        state: agent.state,
      });
    }
  }

  private agentOf(agentId: string): AgentRuntime {
    const agent = this.agents.get(agentId);
    if (!agent) throw new AcdError('acd_unknown_agent', `Unknown agent ${agentId}`, { agentId });
    return agent;
  }

  private queueOf(queueId: string): QueueRuntime {
    const queue = this.queues.get(queueId);
    if (!queue) throw new AcdError('acd_unknown_queue', `Unknown queue ${queueId}`, { queueId });
    return queue;
  }

  private callerOf(callId: string): CallerRuntime {
    const caller = this.callers.get(callId);
    if (!caller) throw new AcdError('acd_unknown_call', `Unknown call ${callId}`, { callId });
    return caller;
  }

  private viewAgent(agent: AgentRuntime): AgentView {
    return {
      id: agent.id,
      name: agent.name,
      extension: agent.extension,
      team: agent.team,
      city: agent.city,
      state: agent.state,
      pauseReason: agent.pauseReason,
      pendingPause: agent.pendingPause,
      callId: agent.call?.callId ?? agent.wrap?.callId,
      queueId: agent.call?.queueId ?? agent.wrap?.queueId,
      availableSince: agent.availableSince,
      wrapUntil: agent.wrap?.until,
      stats: { ...agent.stats },
      memberships: [...agent.memberships.values()],
      engaged: agent.engaged ? { purpose: agent.engaged.purpose, callId: agent.engaged.callId } : undefined,
    };
  }

  private viewCaller(caller: CallerRuntime): CallerView {
    return {
      callId: caller.callId,
      queueId: caller.queueId,
      status: caller.status,
      priority: caller.priority,
      enteredAt: caller.enteredAt,
      queuedAt: caller.queuedAt,
      agentId: caller.agentId,
      estimate: this.estimateFor(caller),
      callbackFailures: caller.callbackFailures,
      callbackRetryAt: caller.status === 'callback' && caller.notBefore > this.now() ? caller.notBefore : undefined,
    };
  }

  /** Runs one input; port commands queued meanwhile are sent when the outermost input is done. */
  private run<T>(fn: () => T): T {
    this.depth += 1;
    try {
      return fn();
    } finally {
      this.depth -= 1;
      if (this.depth === 0) this.flush();
    }
  }

  private send(command: () => void): void {
    this.outbox.push(command);
  }

  private flush(): void {
    while (this.outbox.length > 0) {
      const command = this.outbox.shift() as () => void;
      try {
        command();
      } catch (error) {
        // A failing port must not leave the ACD half-updated: the state is already settled.
        this.events.next({ type: 'port_error', error });
      }
    }
  }

  private now(): number {
    return this.scheduler.now();
  }
}
