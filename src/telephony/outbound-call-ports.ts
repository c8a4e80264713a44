/**
 * What the outbound dialler needs from the applications that take its answered calls, as ports
 * on AppServices (the dialler never imports them):
 *
 *   services.callFlows  (IVR)  find a flow of the tenant; run it on an answered outbound call
 *                              with the number's variables, and hand back the keyed answers
 *   services.agentPool  (ACD)  does the tenant have this queue; how many of its agents are
 *                              signed in and free now (the pacing of the agent modes); keeps
 *                              a preview agent for the call they dial
 *
 *   services.callRecording  (ACD)  records an outbound call (the campaign's recording policy)
 *                              with the ACD's recorder, the same files and rows as agent calls
 *
 * The agent itself is reached through services.queues (ports.ts), like an IVR transfer.
 */
import type { Knex } from 'knex';
import type { CallSession } from './call-session.js';
import type { CallContext } from './handlers.js';

export interface OutboundFlowResult {
  /** What the callee keyed into the flow's survey variables (`survey_<question>`), by question. */
  answers: Record<string, string>;
  /** How the flow ended: 'flow' (it said goodbye), 'caller' (the callee hung up), 'error'. */
  endedBy: string;
}

export interface CallFlowPort {
  /** The name of the tenant's flow with this id (or of a shipped flow of that name); undefined when there is none. */
  resolve(tenantId: string, flowId: string, db?: Knex): Promise<string | undefined>;
  /** Runs the flow on an answered call; the variables are `$row.<name>` to its prompts. */
  runOutbound(ctx: CallContext, flowName: string, variables: Readonly<Record<string, string>>): Promise<OutboundFlowResult>;
}

export interface AgentPoolView {
  /** Signed in, idle and taking calls of the queue now. */
  free: number;
  /** Signed in (free, talking, wrapping up or paused). */
  signedIn: number;
  /** The queue's wrap-up after each call, seconds: the agent stays busy this long after it ends. */
  wrapUpS?: number;
}

export interface AgentPoolPort {
  hasQueue(tenantId: string, queueId: string): boolean;
  agents(tenantId: string, queueId: string): AgentPoolView;
  /** The queues the agent is a member of (none for an unknown agent). */
  queuesOf(tenantId: string, agentId: string): string[];
  /**
   * Keeps a preview agent for the call they dial: no queue call is offered to them meanwhile.
   * False when they cannot take it now (talking, signed out, unknown). The answered call, put in
   * the queue for them alone (QueueRequest.agentId), releases them; so does release().
   */
  reserve(tenantId: string, agentId: string): boolean;
  /** Ends a reservation the call did not use (no answer, busy, a machine). */
  release(tenantId: string, agentId: string): void;
}

export interface OutboundRecordingMeta {
  tenantId: string;
  callId: string;
  legId: string | null;
  queueId: string | null;
  calling: string;
  called: string;
  /** Wall-clock time (ms) the recording starts. */
  at: number;
}

export interface CallRecordingPort {
  /** Starts recording the call (both directions); the recording's id, or undefined when it could not start. */
  start(session: CallSession, meta: OutboundRecordingMeta): Promise<string | undefined>;
  /** Stops it; resolves when its file is complete. */
  stop(id: string): Promise<void>;
}

declare module '../services.js' {
  interface AppServices {
    callFlows?: CallFlowPort;
    agentPool?: AgentPoolPort;
    callRecording?: CallRecordingPort;
  }
}
