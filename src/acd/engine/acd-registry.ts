/**
 * The ACD's run-time records: queues, agents and the callers it holds, looked up by id. A lookup
 * of an unknown id is refused with the AcdError an HTTP caller sees (404).
 */
import { AcdError } from '../errors.js';
import type { AgentRuntime, CallerRuntime, QueueRuntime } from '../runtime.js';

export class AcdRegistry {
  readonly queues = new Map<string, QueueRuntime>();
  readonly agents = new Map<string, AgentRuntime>();
  readonly callers = new Map<string, CallerRuntime>();

  agentOf(agentId: string): AgentRuntime {
    const agent = this.agents.get(agentId);
    if (!agent) throw new AcdError('acd_unknown_agent', `Unknown agent ${agentId}`, { agentId });
    return agent;
  }

  queueOf(queueId: string): QueueRuntime {
    const queue = this.queues.get(queueId);
    if (!queue) throw new AcdError('acd_unknown_queue', `Unknown queue ${queueId}`, { queueId });
    return queue;
  }

  callerOf(callId: string): CallerRuntime {
    const caller = this.callers.get(callId);
    if (!caller) throw new AcdError('acd_unknown_call', `Unknown call ${callId}`, { callId });
    return caller;
  }
}
