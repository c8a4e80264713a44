/**
 * What an agent's desk receives on its own stream (GET /acd/desk/events): offers with the
 * screen pop, the agent's state, and the progress of its calls. Screen pops carry IVR data and
 * the customer's (masked) profile, so they go only to that agent's stream, never to the
 * general event bus.
 */
export interface DeskEvent {
  readonly type:
    | 'offer'
    | 'screen_pop'
    | 'offer_cancelled'
    | 'connected'
    | 'call_ended'
    | 'held'
    | 'retrieved'
    | 'transferred'
    | 'party_joined'
    | 'party_left'
    | 'dial_failed'
    | 'callback_failed'
    | 'callback_retry_scheduled'
    | 'state';
  readonly agentId: string;
  /** ISO 8601. */
  readonly at: string;
  readonly callId?: string;
  readonly [key: string]: unknown;
}
