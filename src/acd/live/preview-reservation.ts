/**
 * A preview agent's reservation: while the call they dialled rings, the agent is engaged
 * (busy, purpose PREVIEW_PURPOSE), so no queue call is offered to them; once the answered call
 * waits in the queue for them alone, or the dial failed, the engagement ends.
 */
import { isAcdError } from '../errors.js';
import type { QueueService } from '../queue-service.js';

export const PREVIEW_PURPOSE = 'outbound_preview';

/** Engages the agent for their preview call; false when they cannot take one now (talking, signed out). */
export function reserveForPreview(queues: QueueService, agentId: string): boolean {
  try {
    const agent = queues.agent(agentId);
    if (agent.state === 'busy' && agent.engaged?.purpose === PREVIEW_PURPOSE) return true;
    queues.engage(agentId, { purpose: PREVIEW_PURPOSE, actor: { kind: 'system' } });
    return true;
  } catch (err) {
    if (isAcdError(err)) return false;
    throw err;
  }
}

/** Ends the agent's preview engagement, if they still have one. */
export function releasePreviewReservation(queues: QueueService, agentId: string): void {
  try {
    const agent = queues.agent(agentId);
    if (agent.state === 'busy' && agent.engaged?.purpose === PREVIEW_PURPOSE) queues.disengage(agentId, { kind: 'system' });
  } catch (err) {
    if (!isAcdError(err)) throw err;
  }
}
