/**
 * QueueService: the ACD core's one entry point. It builds the parts in `engine/` (registry,
 * journal, agent transitions, call distribution, timers) and hands each input to the part whose
 * job it is; it talks to the outside only through the AcdPort (commands) and the sinks (logs
 * and records).
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
 * tests). Policies chosen where the task left them open are written next to the code that
 * applies them: restart recovery, not-hung-up, wrap-up across queues, overflow.
 */import type { Observable } from 'rxjs';
import { Calendar } from '../calendar/work-calendar.js';
import { AcdJournal } from './engine/acd-journal.js';
import { AcdRegistry } from './engine/acd-registry.js';
import { AcdViews } from './engine/acd-views.js';
import { AgentActions } from './engine/agent-actions.js';
import { AgentTransitions } from './engine/agent-transitions.js';
import { CallDistribution } from './engine/call-distribution.js';
import { CallbackRequests } from './engine/callback-requests.js';
import { CallerFacts } from './engine/caller-facts.js';
import { InputRunner } from './engine/input-runner.js';
import { QueueConfiguration } from './engine/queue-configuration.js';
import type { WaitEstimate } from './expected-wait.js';
import type { AgentProfileInput, CallerEntryInput, MembershipInput, QueueConfig, QueueConfigInput } from './model.js';
import type { Actor } from './ports.js';
import type {
  AcdEvent,
  AgentView,
  CallbackAttempt,
  CallerView,
  PersistedAgentRow,
  QueueServiceOptions,
  QueueView,
  RestartPolicy,
} from './queue-service-types.js';
import { IndexedRouter } from './router.js';

export type {
  AcdEvent,
  AgentView,
  CallbackAttempt,
  CallerView,
  PersistedAgentRow,
  QueueServiceOptions,
  QueueView,
  RestartPolicy,
} from './queue-service-types.js';

export class QueueService {
  readonly events$: Observable<AcdEvent>;

  private readonly runner: InputRunner;
  private readonly journal: AcdJournal;
  private readonly configuration: QueueConfiguration;
  private readonly actions: AgentActions;
  private readonly facts: CallerFacts;
  private readonly callbacks: CallbackRequests;
  private readonly views: AcdViews;

  constructor(options: QueueServiceOptions) {
    const registry = new AcdRegistry();
    const router = options.router ?? new IndexedRouter(options.randomSeed ?? 1);
    const runner = new InputRunner(options.scheduler, (error) => journal.portError(error));
    const journal = new AcdJournal(options, () => runner.now());
    const transitions = new AgentTransitions(
      runner,
      router,
      journal,
      registry.agents,
      options.calendar ?? new Calendar(),
      options.statsResetHour ?? 0,
    );
    const distribution = new CallDistribution({
      runner,
      registry,
      journal,
      transitions,
      router,
      port: options.port,
      notHungUpAfterMs: (options.notHungUpAfterS ?? 10) * 1000,
    });
    this.runner = runner;
    this.journal = journal;
    this.views = new AcdViews(registry, router, (caller) => distribution.estimateFor(caller), () => runner.now());
    this.configuration = new QueueConfiguration(runner, registry, router, transitions, distribution, this.views);
    this.actions = new AgentActions(runner, registry, transitions, distribution);
    this.facts = new CallerFacts(runner, registry, router, transitions, distribution, this.views);
    this.callbacks = new CallbackRequests(runner, registry, router, journal, transitions, distribution, options.port);
    this.events$ = journal.events$;
  }

  /** Cancels every timer; the service must not be used afterwards. */
  dispose(): void {
    this.runner.dispose();
    this.journal.complete();
  }

  // ─── configuration (engine/queue-configuration.ts) ─────────────────────────────────────────

  upsertQueue(input: QueueConfigInput): QueueConfig {
    return this.configuration.upsertQueue(input);
  }

  removeQueue(queueId: string): void {
    this.configuration.removeQueue(queueId);
  }

  upsertAgent(input: AgentProfileInput): AgentView {
    return this.configuration.upsertAgent(input);
  }

  removeAgent(agentId: string): void {
    this.configuration.removeAgent(agentId);
  }

  setMembership(agentId: string, input: MembershipInput): void {
    this.configuration.setMembership(agentId, input);
  }

  removeMembership(agentId: string, queueId: string): void {
    this.configuration.removeMembership(agentId, queueId);
  }

  recoverAgents(rows: readonly PersistedAgentRow[], policy?: RestartPolicy): AgentView[] {
    return this.configuration.recoverAgents(rows, policy);
  }

  // ─── agent and supervisor actions (engine/agent-actions.ts) ────────────────────────────────

  signIn(agentId: string, options?: { pauseReason?: string; actor?: Actor }): void {
    this.actions.signIn(agentId, options);
  }

  signOut(agentId: string, actor?: Actor): void {
    this.actions.signOut(agentId, actor);
  }

  pause(agentId: string, reason: string, actor?: Actor): 'paused' | 'pending' {
    return this.actions.pause(agentId, reason, actor);
  }

  resume(agentId: string, actor?: Actor): void {
    this.actions.resume(agentId, actor);
  }

  unlock(agentId: string, actor?: Actor): void {
    this.actions.unlock(agentId, actor);
  }

  ready(agentId: string): void {
    this.actions.ready(agentId);
  }

  transferToQueue(agentId: string, callId: string, queueId: string): void {
    this.actions.transferToQueue(agentId, callId, queueId);
  }

  transferToAgent(agentId: string, callId: string, targetAgentId: string): void {
    this.actions.transferToAgent(agentId, callId, targetAgentId);
  }

  pickUp(agentId: string, callId: string): void {
    this.actions.pickUp(agentId, callId);
  }

  engage(agentId: string, options: { purpose: string; callId?: string; actor?: Actor }): void {
    this.actions.engage(agentId, options);
  }

  disengage(agentId: string, actor?: Actor): void {
    this.actions.disengage(agentId, actor);
  }

  // ─── telephony facts (engine/caller-facts.ts) ──────────────────────────────────────────────

  callerEntered(input: CallerEntryInput): CallerView {
    return this.facts.callerEntered(input);
  }

  agentAnswered(callId: string, agentId: string): void {
    this.facts.agentAnswered(callId, agentId);
  }

  agentRejected(callId: string, agentId: string): void {
    this.facts.agentRejected(callId, agentId);
  }

  callerHungUp(callId: string): void {
    this.facts.callerHungUp(callId);
  }

  agentHungUp(callId: string, agentId: string): void {
    this.facts.agentHungUp(callId, agentId);
  }

  callEnded(callId: string): void {
    this.facts.callEnded(callId);
  }

  callerLeft(callId: string, to: 'voicemail' | 'ivr'): void {
    this.facts.callerLeft(callId, to);
  }

  // ─── callbacks (engine/callback-requests.ts) ───────────────────────────────────────────────

  requestCallback(callId: string, number: string): void {
    this.callbacks.requestCallback(callId, number);
  }

  callbackFailed(callId: string, agentId: string, reason?: string): CallbackAttempt {
    return this.callbacks.callbackFailed(callId, agentId, reason);
  }

  cancelCallback(callId: string): void {
    this.callbacks.cancelCallback(callId);
  }

  // ─── views (engine/acd-views.ts) ───────────────────────────────────────────────────────────

  agent(agentId: string): AgentView {
    return this.views.agent(agentId);
  }

  listAgents(): AgentView[] {
    return this.views.listAgents();
  }

  queue(queueId: string): QueueView {
    return this.views.queue(queueId);
  }

  queueConfig(queueId: string): QueueConfig {
    return this.views.queueConfig(queueId);
  }

  listQueues(): QueueView[] {
    return this.views.listQueues();
  }

  caller(callId: string): CallerView {
    return this.views.caller(callId);
  }

  waitEstimate(callId: string): WaitEstimate {
    return this.views.waitEstimate(callId);
  }

  availableAgents(queueId?: string): AgentView[] {
    return this.views.availableAgents(queueId);
  }
}
