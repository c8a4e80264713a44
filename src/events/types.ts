/**
 * Live events: what the telephony, ACD and card layers publish for the web admin, agent desks
 * and wallboards. Every event names its tenant and its time. Payloads carry no secret: DTMF
 * typed during secure entry never appears here (the bus also scrubs secret-named keys).
 */

interface EventBase {
  tenantId: string;
  /** ISO 8601. */
  at: string;
}

export type CallEventType = 'call.offered' | 'call.answered' | 'call.queued' | 'call.connected' | 'call.transferred' | 'call.released';

export interface CallEvent extends EventBase {
  type: CallEventType;
  legId: string;
  callId: string;
  calling?: string | null;
  called?: string | null;
  span?: number | null;
  channel?: number | null;
  queue?: string | null;
  /** The agent involved, if any: agents see call events of their own calls only. */
  agentId?: string | null;
  disposition?: string | null;
  cause?: number | null;
}

export interface QueueSummaryEvent extends EventBase {
  type: 'queue.summary';
  queue: string;
  waiting: number;
  longestWaitMs: number;
  agentsAvailable: number;
  agentsBusy: number;
}

export interface AgentEvent extends EventBase {
  type: 'agent.state';
  agentId: string;
  state: string;
  reason?: string | null;
}

export interface SpanEvent extends EventBase {
  type: 'span.state' | 'span.alarm' | 'channel.state';
  span: number;
  channel?: number | null;
  state: string;
  detail?: string | null;
}

/**
 * What happened inside a call as its application saw it: prompts played (ids
 * and text), digits collected (masked during secure entry), transfers,
 * hangup. For supervisors' live views and `tellerline sim`.
 */
export interface SessionBusEvent extends EventBase {
  type: 'session.event';
  sessionId: string;
  legId: string | null;
  span: number;
  channel: number;
  event: { type: string; [key: string]: unknown };
}

/**
 * Events that application modules add to the bus. A module declares its own by merging into
 * this interface (key: the module, value: its event union), so the bus never imports it:
 *
 *   declare module '../events/types.js' {
 *     interface ModuleEvents { fax: FaxEvent }
 *   }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModuleEvents {}

export type TellerlineEvent = CallEvent | QueueSummaryEvent | AgentEvent | SpanEvent | SessionBusEvent | ModuleEvents[keyof ModuleEvents];
export type TellerlineEventType = TellerlineEvent['type'];
