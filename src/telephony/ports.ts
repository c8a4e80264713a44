/**
 * How the applications that answer calls hand a call to one another. Each
 * port is implemented by one module and found on AppServices:
 *
 *   services.queues     (ACD)  put a caller in a queue until an agent answers
 *   services.voicemail  (IVR)  record a message for staff to call back
 *   services.faxes      (fax)  send a document to the caller, queue a fax job
 *
 * A port never throws for an ordinary outcome (no agent, busy, caller hung
 * up): those are results. It throws only for bugs and broken dependencies.
 */
import type { CallContext } from './handlers.js';

export interface QueueRequest {
  queue: string;
  /** Higher goes first (VIP). */
  priority?: number;
  /** For local-preference routing. */
  callerCity?: string;
  /** Required skills and minimum levels. */
  skills?: Record<string, number>;
  /**
   * What the IVR collected, for the agent's screen pop (account masked,
   * choices made, customer id). Never logged, never stored in records.
   */
  data: Record<string, string>;
  /**
   * For this agent alone (a preview agent's own outbound call). An agent the dialler reserved
   * (AgentPoolPort.reserve) is released to take it once the call is in the queue.
   */
  agentId?: string;
  /** Recorded already by whoever queues it (an outbound campaign's policy): the ACD does not record it again. */
  recordedElsewhere?: boolean;
  /**
   * Not to be recorded at all (an outbound campaign whose recording policy is none): the ACD
   * does not record it, whatever the queue's or the agent's recording setting says.
   */
  notRecorded?: boolean;
}

export type QueueOutcome =
  | { kind: 'connected'; agentId: string }
  /** Nobody answered within the queue's limits: take a message. */
  | { kind: 'voicemail'; reason: string }
  /** Back to the IVR (the queue's max-wait action). */
  | { kind: 'ivr'; reason: string }
  | { kind: 'abandoned' }
  /** No such queue, or the ACD is not running. */
  | { kind: 'unavailable'; reason: string };

export interface QueuePort {
  enqueue(ctx: CallContext, request: QueueRequest): Promise<QueueOutcome>;
}

export interface VoicemailPort {
  /** Plays the voicemail greeting, records the caller, stores the message. */
  record(ctx: CallContext, reason: 'after-hours' | 'all-busy' | 'no-answer' | 'caller-choice', queue?: string): Promise<{ messageId: string } | undefined>;
}

export type FaxDocument =
  /** `session`: the caller's verified core-banking session (never stored). */
  | { kind: 'statement'; account: string; from?: string; to?: string; maxEntries?: number; session?: string }
  | { kind: 'document'; documentId: string };

export type FaxOutcome =
  | { kind: 'sent'; pages: number }
  | { kind: 'queued'; jobId: string }
  | { kind: 'failed'; reason: string; t30Code?: number };

export interface FaxPort {
  /** Sends the document to the caller on this call ("press start on your fax machine"). */
  sendToCaller(ctx: CallContext, document: FaxDocument): Promise<FaxOutcome>;
  /** Queues an outbound fax job to a number the caller keyed in. */
  queueOutbound(ctx: CallContext, document: FaxDocument, number: string): Promise<FaxOutcome>;
  /** Receives a fax on this call: a fax number was dialled, or a fax tone (CNG) was heard. */
  receiveFromCaller(ctx: CallContext, origin: 'dialed' | 'cng'): Promise<unknown>;
}

declare module '../services.js' {
  interface AppServices {
    queues?: QueuePort;
    voicemail?: VoicemailPort;
    faxes?: FaxPort;
  }
}
