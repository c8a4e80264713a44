/**
 * What the ACD core needs from the outside world, and what it hands out. The integrator
 * implements AcdPort over real calls (ring the agent's extension, bridge, play prompts) and the
 * sinks over the store. Port methods are commands: fire and forget; what happens next comes
 * back as a telephony fact on QueueService (agentAnswered, callerHungUp, ...).
 *
 * Nothing here carries IVR data or digits; the screen pop gets ivrData only through
 * OfferDetails, handed to the integrator's own desk channel, never to a log.
 */
import type { AgentAction, AgentState } from './agent-state.js';
import type { OfferKind } from './runtime.js';

export interface OfferDetails {
  readonly kind: OfferKind;
  readonly queueId: string;
  readonly ringTimeoutS: number;
  readonly callingNumber: string;
  readonly priority: number;
  /** For the screen pop; may hold account data: never log it. */
  readonly ivrData: Readonly<Record<string, unknown>>;
  /** For kind 'callback': the number to dial once the agent accepts. */
  readonly callbackNumber?: string;
}

export type CallerAnnouncement =
  | { readonly kind: 'hold_music'; readonly musicClass: string }
  /** Periodic or on-entry announcement; each part only when configured and meaningful. */
  | { readonly kind: 'queue_status'; readonly position?: number; readonly expectedWaitS?: number }
  | { readonly kind: 'callback_confirmed' };

export type CancelReason = 'caller_hung_up' | 'answered_elsewhere' | 'ring_timeout' | 'agent_declined' | 'agent_unavailable' | 'withdrawn';

export interface AcdPort {
  /** Ring this agent for this call (several at once under ring_all). */
  offerCallToAgent(callId: string, agentId: string, offer: OfferDetails): void;
  /** Stop ringing this agent for this call. */
  cancelOffer(callId: string, agentId: string, reason: CancelReason): void;
  playToCaller(callId: string, what: CallerAnnouncement): void;
  /** Max-wait reached with action voicemail: record a message for a call back. */
  sendToVoicemail(callId: string, queueId: string): void;
  /** Max-wait reached with action ivr: hand the caller back to the menu. */
  returnToIvr(callId: string, queueId: string): void;
  /** The caller was moved to another queue (overflow): switch music and announcements. */
  callerMoved?(callId: string, fromQueueId: string, toQueueId: string): void;
}

export type Actor = { readonly kind: 'agent' } | { readonly kind: 'supervisor'; readonly id: string } | { readonly kind: 'system' };

/**
 * One line of the agent service log (坐席服务流水): every state change, plus events that are
 * not state changes (not_hung_up), where from === to.
 */
export interface AgentServiceLogEntry {
  readonly at: number;
  readonly agentId: string;
  readonly action: AgentAction | 'not_hung_up';
  readonly from: AgentState;
  readonly to: AgentState;
  /** Pause reason, lock cause, 'system_restart', ... */
  readonly reason?: string;
  readonly actor: Actor;
  readonly callId?: string;
  readonly queueId?: string;
}

export type WaitOutcome = 'answered' | 'abandoned' | 'overflowed' | 'voicemail' | 'ivr' | 'callback_requested';

/** One line of the all-busy waiting log (全忙等待流水): a caller who could not be offered at once. */
export interface AllBusyWaitEntry {
  readonly callId: string;
  readonly queueId: string;
  readonly callingNumber: string;
  readonly priority: number;
  /** Why the caller had to wait: every eligible agent busy, or nobody signed in. */
  readonly reason: 'all_busy' | 'no_agent_signed_in';
  readonly enteredAt: number;
  readonly leftAt: number;
  readonly outcome: WaitOutcome;
}

export type VisitOutcome =
  | 'answered'
  | 'abandoned'
  | 'overflowed'
  | 'voicemail'
  | 'ivr'
  | 'callback_answered'
  | 'callback_cancelled'
  /** Every dial of the callback went unanswered (the queue's callback.attempts). */
  | 'callback_failed';

/**
 * One visit of a call to one queue, written when it is over (for answered calls, after the
 * agent's wrap-up) — the raw material of queue and agent metrics.
 */
export interface QueueCallRecord {
  readonly callId: string;
  readonly queueId: string;
  readonly priority: number;
  /** Entry into this queue. */
  readonly enteredAt: number;
  /** When the visit ended for the caller: answer, hang-up, overflow, ... */
  readonly leftAt: number;
  readonly outcome: VisitOutcome;
  /** enteredAt → leftAt. */
  readonly waitMs: number;
  readonly agentId?: string;
  readonly answeredAt?: number;
  readonly talkMs?: number;
  readonly wrapMs?: number;
}

export interface AgentServiceLogSink {
  write(entry: AgentServiceLogEntry): void;
}
export interface AllBusyWaitLogSink {
  write(entry: AllBusyWaitEntry): void;
}
export interface CallRecordSink {
  write(record: QueueCallRecord): void;
}
