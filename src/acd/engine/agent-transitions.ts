/**
 * The only place an agent's state changes: checks the transition table, keeps the strategy
 * statistics of the current window (agent-stats.ts), re-indexes the agent in the router and
 * writes the service log. Also restarts every agent's statistics window at the daily reset hour.
 */
import { checkTransition, type AgentAction, type AgentState } from '../agent-state.js';
import { emptyStats } from '../agent-stats.js';
import { nextLocalHour, windowStart, type WorkCalendar } from '../../calendar/work-calendar.js';
import type { Actor } from '../ports.js';
import type { Router } from '../router.js';
import type { AgentRuntime } from '../runtime.js';
import type { AcdJournal } from './acd-journal.js';
import type { InputRunner } from './input-runner.js';

export interface TransitionContext {
  actor: Actor;
  reason?: string | undefined;
  callId?: string;
  queueId?: string;
}

export const SYSTEM: Actor = { kind: 'system' };
export const AGENT: Actor = { kind: 'agent' };

export class AgentTransitions {
  private windowStartMs: number;

  constructor(
    private readonly runner: InputRunner,
    private readonly router: Router,
    private readonly journal: AcdJournal,
    private readonly agents: ReadonlyMap<string, AgentRuntime>,
    private readonly calendar: WorkCalendar,
    private readonly statsResetHour: number,
  ) {
    this.windowStartMs = windowStart(runner.now(), statsResetHour, calendar);
    this.scheduleStatsReset();
  }

  /** Start of the statistics window every agent's figures belong to now. */
  get currentWindowStart(): number {
    return this.windowStartMs;
  }

  transition(agent: AgentRuntime, to: AgentState, action: AgentAction, ctx: TransitionContext, mutate?: () => void): void {
    const from = agent.state;
    checkTransition(agent.id, from, to, action);
    const now = this.runner.now();
    const call = agent.call;
    this.router.updateAgent(agent, () => {
      // Recovery starts from persisted states with no history: nothing to close.
      const counts = action !== 'restart_recovery';
      if (counts && from === 'available' && to !== 'ringing') closeIdle(agent, now);
      if (counts && from === 'ringing' && action !== 'offer_cancelled') closeIdle(agent, call?.offeredAt ?? now);
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
    this.journal.logAgent(agent, {
      action,
      from,
      to,
      actor: ctx.actor,
      ...(reason === undefined ? {} : { reason }),
      ...(ctx.callId === undefined ? {} : { callId: ctx.callId }),
      ...(ctx.queueId === undefined ? {} : { queueId: ctx.queueId }),
    });
  }

  private scheduleStatsReset(): void {
    const now = this.runner.now();
    this.runner.later(nextLocalHour(now, this.statsResetHour, this.calendar) - now, () => {
      this.windowStartMs = windowStart(this.runner.now(), this.statsResetHour, this.calendar);
      for (const agent of this.agents.values()) agent.stats = emptyStats(this.windowStartMs);
      this.router.rebuild();
      this.scheduleStatsReset();
    });
  }
}

function closeIdle(agent: AgentRuntime, end: number): void {
  agent.stats.idleMs += Math.max(0, end - agent.availableSince);
  agent.stats.idlePeriods += 1;
}
