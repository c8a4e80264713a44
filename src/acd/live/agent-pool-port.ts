/**
 * services.agentPool: what the outbound dialler may know about a queue's agents — that the
 * queue exists, and how many of its agents are signed in and free now — read from the
 * tenant's live ACD, without reaching into it; and a preview agent kept for the call they dial.
 */
import type { AgentPoolPort } from '../../telephony/outbound-call-ports.js';
import type { AcdService } from './acd-service.js';
import { releasePreviewReservation, reserveForPreview } from './preview-reservation.js';

export function agentPoolPort(acd: AcdService): AgentPoolPort {
  const queueOf = (tenantId: string, queueId: string) => acd.tenant(tenantId)?.acd.queues.listQueues().find((q) => q.id === queueId);
  return {
    hasQueue: (tenantId, queueId) => queueOf(tenantId, queueId) !== undefined,
    agents(tenantId, queueId) {
      const queue = queueOf(tenantId, queueId);
      const wrapUpS = acd.tenant(tenantId)?.acd.config.findQueue(queueId)?.wrapUpS ?? 0;
      return queue ? { free: queue.available, signedIn: queue.signedIn, wrapUpS } : { free: 0, signedIn: 0 };
    },
    queuesOf(tenantId, agentId) {
      const agent = acd.tenant(tenantId)?.acd.queues.listAgents().find((a) => a.id === agentId);
      return agent ? agent.memberships.map((m) => m.queueId) : [];
    },
    reserve(tenantId, agentId) {
      const queues = acd.tenant(tenantId)?.acd.queues;
      return queues ? reserveForPreview(queues, agentId) : false;
    },
    release(tenantId, agentId) {
      const queues = acd.tenant(tenantId)?.acd.queues;
      if (queues) releasePreviewReservation(queues, agentId);
    },
  };
}
