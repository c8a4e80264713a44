/**
 * CallDistribution: the callers' way through the ACD. It puts a caller into a queue, offers
 * them to the agents the router picks, connects, withdraws and re-offers, ends the conversation
 * (wrap-up), and applies overflow, max wait and local preference; it is told when an agent's
 * staffing changes so that held callers can go elsewhere. The public inputs of QueueService
 * check their arguments and then call in here.
 */
import type { WaitEstimate } from '../expected-wait.js';
import type { AcdPort, CancelReason, VisitOutcome, WaitOutcome } from '../ports.js';
import type { Router } from '../router.js';
import { rankFor, type AgentRuntime, type CallerRuntime, type OfferKind, type VisitDraft } from '../runtime.js';
import type { OfferDetails } from '../ports.js';
import type { AcdJournal } from './acd-journal.js';
import type { AcdRegistry } from './acd-registry.js';
import { AGENT, SYSTEM, type AgentTransitions } from './agent-transitions.js';
import type { InputRunner } from './input-runner.js';
import { KeyedTimers } from './keyed-timers.js';
import { OnHookWatch } from './on-hook-watch.js';
import { VisitTimers } from './visit-timers.js';

export interface DistributionDeps {
  readonly runner: InputRunner;
  readonly registry: AcdRegistry;
  readonly journal: AcdJournal;
  readonly transitions: AgentTransitions;
  readonly router: Router;
  readonly port: AcdPort;
  /** See QueueServiceOptions.notHungUpAfterS (here in ms; 0 = off). */
  readonly notHungUpAfterMs: number;
}

export class CallDistribution {
  /** Not-hung-up (未挂机) watch over agents whose caller hung up first. */
  readonly onHookWatch: OnHookWatch;
  /** Overflow, max wait, local preference and announcements of each caller's current visit. */
  readonly visitTimers: VisitTimers;
  private readonly runner: InputRunner;
  private readonly registry: AcdRegistry;
  private readonly journal: AcdJournal;
  private readonly transitions: AgentTransitions;
  /** Ring timeout or wrap-up end: an agent has at most one of them. */
  private readonly agentTimers: KeyedTimers;

  constructor(private readonly deps: DistributionDeps) {
    this.runner = deps.runner;
    this.registry = deps.registry;
    this.journal = deps.journal;
    this.transitions = deps.transitions;
    this.agentTimers = new KeyedTimers(deps.runner);
    this.visitTimers = new VisitTimers(deps.runner, deps.registry.callers, this);
    this.onHookWatch = new OnHookWatch(deps.runner, deps.journal, deps.transitions, this, deps.notHungUpAfterMs);
  }

  /** Stops an agent's ring timeout or wrap-up timer. */
  cancelAgentTimer(agentId: string): void {
    this.agentTimers.cancel(agentId);
  }


  /**
   * Puts the caller into a queue as a new visit, with its timers — or straight on to the
   * overflow target when the queue says so and nobody is signed in. `exclude`: an agent not to
   * offer it to at once (the one who just transferred it).
   */
  enterQueue(caller: CallerRuntime, queueId: string, fromQueueId: string | undefined, exclude?: string): void {
    const queue = this.registry.queueOf(queueId);
    caller.queueId = queueId;
    caller.queuedAt = this.runner.now();
    caller.declinedBy = new Set(exclude === undefined ? [] : [exclude]);
    caller.visited.push(queueId);
    caller.status = caller.callbackNumber === undefined ? 'waiting' : 'callback';
    caller.inVisit = true;
    caller.hadToWait = false;
    caller.waitReason = undefined;
    caller.deferred = undefined;
    Object.assign(caller, rankFor(queue.config, caller.priority, caller.enteredAt));
    if (fromQueueId !== undefined) this.runner.send(() => this.deps.port.callerMoved?.(caller.callId, fromQueueId, queueId));
    this.journal.callerChanged(caller);

    if (queue.config.overflow.whenNoAgentSignedIn && this.deps.router.signedInCount(queueId) === 0 && this.overflow(caller)) return;
    this.deps.router.enqueue(caller);
    if (caller.status === 'waiting') {
      this.runner.send(() => this.deps.port.playToCaller(caller.callId, { kind: 'hold_music', musicClass: queue.config.announce.musicClass }));
      this.visitTimers.scheduleVisit(caller, queue.config);
    } else {
      this.visitTimers.scheduleCallback(caller, queue.config);
    }
    if (this.tryOffer(caller)) return;
    if (queue.config.announce.onEntry) this.announce(caller);
  }

  /** Offers a waiting caller to the agents the router picks; false (and noted as waiting) if none. */
  tryOffer(caller: CallerRuntime): boolean {
    const agents = this.deps.router.agentsFor(caller, this.runner.now());
    if (agents.length > 0) {
      this.offer(caller, agents, caller.callbackNumber === undefined ? 'queue' : 'callback');
      return true;
    }
    if (!caller.hadToWait && caller.status === 'waiting') {
      caller.hadToWait = true;
      caller.waitReason = this.deps.router.signedInCount(caller.queueId) === 0 ? 'no_agent_signed_in' : 'all_busy';
    }
    return false;
  }

  offer(caller: CallerRuntime, agents: readonly AgentRuntime[], kind: OfferKind): void {
    const queue = this.registry.queueOf(caller.queueId);
    const now = this.runner.now();
    this.deps.router.dequeue(caller);
    caller.status = 'offered';
    caller.offerKind = kind;
    for (const agent of agents) {
      this.transitions.transition(agent, 'ringing', 'offer', { actor: SYSTEM, callId: caller.callId, queueId: caller.queueId }, () => {
        agent.call = { callId: caller.callId, queueId: caller.queueId, kind, offeredAt: now };
      });
      caller.offeredTo.add(agent.id);
      this.agentTimers.set(agent.id, queue.config.ringTimeoutS * 1000, () => this.ringTimedOut(agent, caller.callId));
      const details: OfferDetails = {
        kind,
        queueId: caller.queueId,
        ringTimeoutS: queue.config.ringTimeoutS,
        callingNumber: caller.entry.callingNumber,
        priority: caller.priority,
        ivrData: caller.entry.ivrData,
        ...(caller.callbackNumber === undefined ? {} : { callbackNumber: caller.callbackNumber }),
      };
      this.runner.send(() => this.deps.port.offerCallToAgent(caller.callId, agent.id, details));
    }
    this.journal.callerChanged(caller);
  }

  answer(caller: CallerRuntime, agent: AgentRuntime): void {
    this.agentTimers.cancel(agent.id);
    this.onHookWatch.clear(agent.id); // answering proves the phone works
    this.transitions.transition(agent, 'talking', 'answer', { actor: AGENT, callId: caller.callId, queueId: caller.queueId }, () => {
      if (agent.call) agent.call.answeredAt = this.runner.now();
    });
    caller.offeredTo.delete(agent.id);
    for (const other of [...caller.offeredTo]) this.withdrawOffer(caller, this.registry.agentOf(other), 'answered_elsewhere');
    caller.status = 'connected';
    caller.agentId = agent.id;
    caller.answeredAt = this.runner.now();
    caller.dialling = caller.callbackNumber;
    caller.callbackNumber = undefined; // a callback, once connected, is an ordinary call
    if (caller.inVisit) {
      this.visitTimers.cancel(caller.callId);
      this.journal.writeWaitLog(caller, 'answered');
    }
    this.journal.callerChanged(caller);
  }

  /** Stops ringing one agent through no fault of theirs; they keep their idle place. */
  withdrawOffer(caller: CallerRuntime, agent: AgentRuntime, reason: CancelReason): void {
    this.agentTimers.cancel(agent.id);
    caller.offeredTo.delete(agent.id);
    this.transitions.transition(agent, 'available', 'offer_cancelled', { actor: SYSTEM, reason, callId: caller.callId, queueId: caller.queueId });
    this.runner.send(() => this.deps.port.cancelOffer(caller.callId, agent.id, reason));
    this.routeAgent(agent);
  }

  /** The offer rang past the queue's ring timeout: lock (闭锁) at the queue's threshold. */
  private ringTimedOut(agent: AgentRuntime, callId: string): void {
    if (agent.state !== 'ringing' || agent.call?.callId !== callId) return;
    const queueId = agent.call.queueId;
    const streak = agent.noAnswerStreak + 1;
    const lock = streak >= (this.registry.queues.get(queueId)?.config.lockAfterNoAnswers ?? 1);
    this.transitions.transition(agent, lock ? 'locked' : 'available', 'ring_timeout', { actor: SYSTEM, reason: 'no_answer', callId, queueId }, () => {
      agent.noAnswerStreak = lock ? 0 : streak;
    });
    this.runner.send(() => this.deps.port.cancelOffer(callId, agent.id, 'ring_timeout'));
    const caller = this.registry.callers.get(callId);
    if (caller) this.offerFailed(caller, agent.id, true);
    if (lock) this.afterLeavingService(agent);
    else this.routeAgent(agent);
  }

  /** One agent's offer ended without an answer; when none is left ringing, the caller waits again. */
  offerFailed(caller: CallerRuntime, agentId: string, declined: boolean): void {
    caller.offeredTo.delete(agentId);
    if (declined) caller.declinedBy.add(agentId);
    if (caller.offeredTo.size > 0 || caller.status !== 'offered') return;
    if (!caller.inVisit) {
      // A transfer to a named agent failed: back into the queue, as a new visit, with the same rank.
      this.enterQueue(caller, caller.queueId, undefined, agentId);
      return;
    }
    caller.status = caller.callbackNumber === undefined ? 'waiting' : 'callback';
    this.deps.router.enqueue(caller);
    this.journal.callerChanged(caller);
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
  routeAgent(agent: AgentRuntime): void {
    if (agent.state !== 'available') return;
    const caller = this.deps.router.callerFor(agent, this.runner.now());
    if (caller) this.offer(caller, [agent], caller.callbackNumber === undefined ? 'queue' : 'callback');
  }

  /** The caller's line went away (caller hang-up or network). */
  lineGone(caller: CallerRuntime, by: 'caller' | 'network'): void {
    switch (caller.status) {
      case 'callback':
      case 'ended':
        return;
      case 'waiting':
        this.deps.router.dequeue(caller);
        this.leaveVisit(caller, 'abandoned', 'abandoned');
        this.forget(caller);
        return;
      case 'offered':
        for (const agentId of [...caller.offeredTo]) this.withdrawOffer(caller, this.registry.agentOf(agentId), 'caller_hung_up');
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
  endCall(caller: CallerRuntime, by: 'caller' | 'agent' | 'network', continues: boolean): void {
    const agent = this.registry.agentOf(caller.agentId ?? '');
    const queue = this.registry.queueOf(caller.queueId);
    const now = this.runner.now();
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
      this.transitions.transition(agent, 'paused', 'call_ended', { ...ctx, reason: pendingPause }, () => {
        agent.pauseReason = pendingPause;
        agent.pendingPause = undefined;
      });
      if (visit) this.journal.writeVisit({ ...visit, wrapMs: 0 });
    } else if (wrapMs > 0) {
      this.transitions.transition(agent, 'wrap_up', 'call_ended', ctx, () => {
        agent.wrap = { callId: caller.callId, queueId: caller.queueId, startedAt: now, until: now + wrapMs, visit };
      });
      this.agentTimers.set(agent.id, wrapMs, () => this.wrapUpEnded(agent));
    } else {
      this.transitions.transition(agent, 'available', 'call_ended', ctx);
      if (visit) this.journal.writeVisit({ ...visit, wrapMs: 0 });
    }
    if (by === 'caller') this.onHookWatch.watch(agent, caller.callId);
    caller.agentId = undefined;
    caller.answeredAt = undefined;
    caller.inVisit = false;
    if (!continues) {
      caller.status = 'ended';
      this.journal.callerChanged(caller);
      this.forget(caller);
    }
    if (agent.state === 'paused') this.afterLeavingService(agent);
    else this.routeAgent(agent);
  }

  private wrapUpEnded(agent: AgentRuntime): void {
    if (agent.state !== 'wrap_up') return;
    this.closeWrap(agent);
    this.transitions.transition(agent, 'available', 'wrap_up_end', { actor: SYSTEM });
    this.routeAgent(agent);
  }

  /** Writes the visit the wrap-up belongs to, with the wrap-up time actually taken. */
  private closeWrap(agent: AgentRuntime): void {
    const wrap = agent.wrap;
    if (wrap?.visit) this.journal.writeVisit({ ...wrap.visit, wrapMs: this.runner.now() - wrap.startedAt });
  }

  /**
   * Before an agent leaves ringing or wrap-up by their own (or a supervisor's) action: stops the
   * timer, withdraws the offer or closes the wrap-up. Returns what to do once the agent's
   * transition is made: a withdrawn caller waits again (and may be offered to someone else).
   */
  releaseAgent(agent: AgentRuntime, reason: CancelReason, declined: boolean): () => void {
    if (agent.state === 'wrap_up') {
      this.agentTimers.cancel(agent.id);
      this.closeWrap(agent);
    }
    const callId = agent.state === 'ringing' ? agent.call?.callId : undefined;
    if (callId === undefined) return () => {};
    this.agentTimers.cancel(agent.id);
    this.runner.send(() => this.deps.port.cancelOffer(callId, agent.id, reason));
    return () => {
      const caller = this.registry.callers.get(callId);
      if (caller) this.offerFailed(caller, agent.id, declined);
    };
  }

  /**
   * An agent stopped being staffed (pause, lock, sign-out, left a queue). Callers held for the
   * agent's city may now go to anyone, and a queue left with nobody signed in may overflow.
   */
  afterLeavingService(agent: AgentRuntime, oldCity = agent.city): void {
    for (const queueId of agent.memberships.keys()) this.afterStaffingDrop(queueId, oldCity);
  }

  afterStaffingDrop(queueId: string, city: string): void {
    const queue = this.registry.queues.get(queueId);
    if (!queue) return;
    const config = queue.config;
    if (config.overflow.whenNoAgentSignedIn && this.deps.router.signedInCount(queueId) === 0) {
      for (const caller of this.deps.router.waiting(queueId)) if (caller.status === 'waiting') this.overflow(caller);
    }
    if (config.localPreferenceWaitS > 0 && city !== '' && this.deps.router.staffedCount(queueId, city) === 0) {
      for (const caller of this.deps.router.waiting(queueId)) {
        if (caller.city === city && (caller.status === 'waiting' || caller.status === 'callback')) this.tryOffer(caller);
      }
    }
  }

  /** After a profile or membership change: release callers held for the old city, route the agent. */
  afterAgentChange(agent: AgentRuntime, oldCity: string): void {
    for (const queueId of this.registry.queues.keys()) this.afterStaffingDrop(queueId, oldCity);
    this.routeAgent(agent);
  }

  /** Moves the caller to the queue's overflow target; false if there is none to go to. */
  overflow(caller: CallerRuntime): boolean {
    const queue = this.registry.queueOf(caller.queueId);
    const target = queue.config.overflow.targetQueueId;
    if (target === undefined || !this.registry.queues.has(target) || caller.visited.includes(target)) return false;
    this.deps.router.dequeue(caller);
    this.leaveVisit(caller, 'overflowed', 'overflowed');
    this.enterQueue(caller, target, queue.config.id);
    return true;
  }

  /** Max wait reached: voicemail, back to the IVR, or overflow (voicemail if it cannot). */
  maxWaitReached(caller: CallerRuntime): void {
    const queue = this.registry.queueOf(caller.queueId);
    const action = queue.config.maxWaitAction;
    if (action === 'overflow' && this.overflow(caller)) return;
    const outcome = action === 'ivr' ? 'ivr' : 'voicemail';
    this.deps.router.dequeue(caller);
    this.leaveVisit(caller, outcome, outcome);
    if (outcome === 'ivr') this.runner.send(() => this.deps.port.returnToIvr(caller.callId, queue.config.id));
    else this.runner.send(() => this.deps.port.sendToVoicemail(caller.callId, queue.config.id));
    this.forget(caller);
  }

  /** Ends the current visit without an answer: the wait log line and the visit record. */
  leaveVisit(caller: CallerRuntime, outcome: VisitOutcome, waitOutcome: WaitOutcome): void {
    const now = this.runner.now();
    this.visitTimers.cancel(caller.callId);
    this.journal.writeWaitLog(caller, waitOutcome);
    this.journal.writeVisit({
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

  forget(caller: CallerRuntime): void {
    this.visitTimers.cancel(caller.callId);
    this.registry.callers.delete(caller.callId);
    this.journal.callerLeft(caller);
  }



  announce(caller: CallerRuntime): void {
    if (caller.status !== 'waiting') return;
    const config = this.registry.queueOf(caller.queueId).config.announce;
    const estimate = this.estimateFor(caller);
    const position = config.position && estimate.position > 0 ? estimate.position : undefined;
    const expectedWaitS = config.expectedWait && estimate.meaningful ? estimate.expectedWaitS : undefined;
    if (position === undefined && expectedWaitS === undefined) return;
    this.runner.send(() =>
      this.deps.port.playToCaller(caller.callId, {
        kind: 'queue_status',
        ...(position === undefined ? {} : { position }),
        ...(expectedWaitS === undefined ? {} : { expectedWaitS }),
      }),
    );
  }



  estimateFor(caller: CallerRuntime): WaitEstimate {
    const position = caller.status === 'waiting' || caller.status === 'callback' ? this.deps.router.position(caller) : 0;
    return this.journal.estimate(caller.queueId, position, this.deps.router.staffedCount(caller.queueId));
  }
}
