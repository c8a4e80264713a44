/** A caller's state on coming into a queue, shared by the ACD and the routing benchmark that builds callers itself. */
import type { CallerRuntime } from '../runtime.js';

type WaitingState = Pick<
  CallerRuntime,
  'status' | 'declinedBy' | 'offeredTo' | 'callbackNumber' | 'dialling' | 'callbackFailures' | 'notBefore' | 'agentId' | 'answeredAt' | 'hadToWait' | 'waitReason' | 'offerKind' | 'deferred'
>;

/** The state of a caller who has just come into a queue: waiting, offered to no agent yet, no callback asked for. */
export function waitingCallerState(): WaitingState {
  return {
    status: 'waiting',
    declinedBy: new Set(),
    offeredTo: new Set(),
    callbackNumber: undefined,
    dialling: undefined,
    callbackFailures: 0,
    notBefore: 0,
    agentId: undefined,
    answeredAt: undefined,
    hadToWait: false,
    waitReason: undefined,
    offerKind: 'queue',
    deferred: undefined,
  };
}
