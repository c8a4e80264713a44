/**
 * Run-time records of agents, queues and callers, shared by the router (which indexes them) and
 * the queue service (which changes them). Plain mutable objects: the router must be told about
 * every change that can move an agent in an index (see Router.updateAgent).
 */
import type { AgentState } from './agent-state.js';
import type { AgentWindowStats } from './agent-stats.js';
import type { CallerEntry, Membership, QueueConfig, SkillRequirement } from './model.js';

export type OfferKind = 'queue' | 'callback' | 'transfer' | 'pickup';

export interface AgentCall {
  readonly callId: string;
  readonly queueId: string;
  readonly kind: OfferKind;
  readonly offeredAt: number;
  answeredAt?: number;
}

export interface AgentRuntime {
  readonly id: string;
  name: string;
  extension: string;
  team: string;
  city: string;
  skills: Map<string, number>;
  memberships: Map<string, Membership>;
  state: AgentState;
  pauseReason: string | undefined;
  /** Start of the current idle stretch (see agent-stats.ts). */
  availableSince: number;
  stats: AgentWindowStats;
  /** The call being offered to or handled by the agent. */
  call: AgentCall | undefined;
  /** Wrap-up in progress: the queue whose setting applies, when it ends, and the visit to record then. */
  wrap: { callId: string; queueId: string; startedAt: number; until: number; visit: VisitDraft | undefined } | undefined;
  /** Unanswered offers in a row (reset by an answer); locks at the queue's lockAfterNoAnswers. */
  noAnswerStreak: number;
  /** A pause requested during a call, applied when the call ends. */
  pendingPause: string | undefined;
  /** While busy: what the agent is doing (see QueueService.engage). */
  engaged?: Engagement | undefined;
}

/** A call the ACD did not route that keeps an agent busy. */
export interface Engagement {
  /** e.g. 'consult', 'conference', 'outbound', 'agent_call', 'monitor'. */
  readonly purpose: string;
  /** The ACD call it belongs to (a consultation on it), if any: the agent may take it over. */
  readonly callId: string | undefined;
  /** The pause the agent was in before, restored when the engagement ends. */
  readonly resumePause: string | undefined;
}

export interface QueueRuntime {
  config: QueueConfig;
  /** round_robin memory: the last agent offered a call in this queue. */
  roundRobinLast: { penalty: number; position: number; id: string } | undefined;
}

export type CallerStatus = 'waiting' | 'callback' | 'offered' | 'connected' | 'ended';

export interface CallerRuntime {
  readonly callId: string;
  readonly entry: Readonly<CallerEntry>;
  queueId: string;
  priority: number;
  city: string;
  requiredSkills: readonly SkillRequirement[];
  /** First entry into the ACD; the caller keeps this rank through overflow and transfer. */
  enteredAt: number;
  /** Entry into the current queue; overflow, max-wait and local preference count from here. */
  queuedAt: number;
  /** Arrival order, the last tie-breaker. */
  seq: number;
  /** Rank key in the waiting lists: higher class first, then earlier rankAt, then seq. */
  rankClass: number;
  rankAt: number;
  status: CallerStatus;
  /** Agents who declined or let this call ring out; not offered it again in this queue. */
  declinedBy: Set<string>;
  /** Queues visited, to stop overflow loops. */
  visited: string[];
  /** Agents currently ringing for this call (several under ring_all). */
  offeredTo: Set<string>;
  /** Set when the caller asked to be called back and left the line. */
  callbackNumber: string | undefined;
  /** The callback number being dialled (kept after the answer, for a retry if nobody picks up). */
  dialling: string | undefined;
  /** Dials of this callback that nobody answered. */
  callbackFailures: number;
  /** Not offered before this time (a callback waiting for its retry delay); 0 = at once. */
  notBefore: number;
  /** The agent handling the call once answered. */
  agentId: string | undefined;
  answeredAt: number | undefined;
  /** True once the caller could not be offered at once (the all-busy waiting log). */
  hadToWait: boolean;
  waitReason: 'all_busy' | 'no_agent_signed_in' | undefined;
  /** True while the call is in a queue visit: from entering a queue until it leaves it or its answered call ends. */
  inVisit: boolean;
  /** What the current offer is (queue, callback, transfer, pickup). */
  offerKind: OfferKind;
  /** Overflow or max-wait fell due while the caller was being offered; applied if the offer fails. */
  deferred: 'overflow' | 'max_wait' | undefined;
}

/** A finished queue visit awaiting its wrap-up time (see QueueCallRecord). */
export interface VisitDraft {
  readonly callId: string;
  readonly queueId: string;
  readonly priority: number;
  readonly enteredAt: number;
  readonly leftAt: number;
  readonly outcome: 'answered' | 'callback_answered';
  readonly waitMs: number;
  readonly agentId: string;
  readonly answeredAt: number;
  readonly talkMs: number;
}

/** Where a caller ranks under its queue's VIP handling. */
export function rankFor(config: QueueConfig, priority: number, enteredAt: number): { rankClass: number; rankAt: number } {
  switch (config.vip.mode) {
    case 'strict':
      return { rankClass: priority, rankAt: enteredAt };
    case 'boost':
      return { rankClass: 0, rankAt: enteredAt - priority * config.vip.boostS * 1000 };
    case 'ignore':
      return { rankClass: 0, rankAt: enteredAt };
  }
}

/** Waiting-list order, also used across queues for an agent in several queues. */
export function compareCallerRank(a: CallerRuntime, b: CallerRuntime): number {
  return b.rankClass - a.rankClass || a.rankAt - b.rankAt || a.seq - b.seq;
}
