/**
 * The agent state machine as data: the states, the allowed transitions and the action that makes
 * each one. The service never assigns a state without `checkTransition`, so a path that is not in
 * this table is a bug a test catches, not a silent state.
 */
import { AcdError } from './errors.js';

/**
 * `busy`: on a call the ACD did not route (a consultation, an agent-to-agent or outbound call
 * from the desk, a three-way or conference leg): no queue offers the agent a call meanwhile.
 */
export const AGENT_STATES = ['signed_out', 'available', 'paused', 'ringing', 'talking', 'wrap_up', 'locked', 'busy'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** What moved the agent; written to the agent service log with every change. */
export type AgentAction =
  | 'sign_in'
  | 'sign_out'
  | 'pause'
  | 'resume'
  | 'offer'
  | 'answer'
  | 'reject'
  | 'offer_cancelled'
  | 'ring_timeout'
  | 'call_ended'
  | 'callback_failed'
  | 'wrap_up_end'
  | 'unlock'
  | 'restart_recovery'
  | 'engage'
  | 'disengage';

/** from → to → the actions allowed to make that move. */
const TRANSITIONS: Readonly<Record<AgentState, Partial<Record<AgentState, readonly AgentAction[]>>>> = {
  signed_out: {
    available: ['sign_in'],
    paused: ['sign_in'], // sign in straight into a pause (e.g. 'training')
  },
  available: {
    paused: ['pause', 'restart_recovery'],
    ringing: ['offer'],
    signed_out: ['sign_out'],
    busy: ['engage'],
  },
  paused: {
    paused: ['pause'], // change of reason
    available: ['resume'],
    signed_out: ['sign_out'],
    busy: ['engage'], // a paused agent may still call out; the pause comes back afterwards
  },
  ringing: {
    talking: ['answer'],
    available: ['reject', 'offer_cancelled', 'ring_timeout'], // ring-out below the lock threshold
    locked: ['ring_timeout'],
    paused: ['pause', 'restart_recovery'], // pausing while ringing declines the offer
    signed_out: ['sign_out'], // forced sign-out while ringing withdraws the offer
  },
  talking: {
    wrap_up: ['call_ended'],
    available: ['call_ended', 'callback_failed'], // queue without wrap-up; a callback nobody answered (no wrap-up)
    paused: ['call_ended', 'callback_failed', 'restart_recovery'], // a pause requested during the call takes effect
  },
  wrap_up: {
    available: ['wrap_up_end'],
    paused: ['pause', 'restart_recovery'],
    signed_out: ['sign_out'],
    busy: ['engage'], // calling out ends the wrap-up
  },
  locked: {
    available: ['unlock'],
    signed_out: ['sign_out'],
  },
  busy: {
    available: ['disengage'],
    paused: ['disengage', 'restart_recovery'], // back to the pause it came from, or one asked for meanwhile
    ringing: ['offer'], // hand-over: the consulted agent takes the call they were consulted on
  },
};

export function canTransition(from: AgentState, to: AgentState, action: AgentAction): boolean {
  return TRANSITIONS[from][to]?.includes(action) ?? false;
}

export function checkTransition(agentId: string, from: AgentState, to: AgentState, action: AgentAction): void {
  if (!canTransition(from, to, action)) {
    throw new AcdError('acd_illegal_state', `Agent ${agentId} cannot ${action.replace('_', ' ')} while ${from}`, {
      agentId,
      state: from,
      action,
    });
  }
}

/** The whole table, for documentation screens and tests. */
export function allowedTransitions(): Array<{ from: AgentState; to: AgentState; actions: readonly AgentAction[] }> {
  const rows: Array<{ from: AgentState; to: AgentState; actions: readonly AgentAction[] }> = [];
  for (const from of AGENT_STATES) {
    for (const to of AGENT_STATES) {
      const actions = TRANSITIONS[from][to];
      if (actions) rows.push({ from, to, actions });
    }
  }
  return rows;
}

/** Signed in: everything but signed_out (paused and locked agents are signed in). */
export function isSignedIn(state: AgentState): boolean {
  return state !== 'signed_out';
}

/** Staffed: signed in and working calls — the agents that drain a queue (EWT, local preference). */
export function isStaffed(state: AgentState): boolean {
  return state === 'available' || state === 'ringing' || state === 'talking' || state === 'wrap_up' || state === 'busy';
}
